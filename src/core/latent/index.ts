/** Latent-space tools as pure functions on typed arrays: no tensors, no DOM. */
export * from './normalQuantile';
export * from './manifoldGrid';
export * from './interpolate';
export * from './classMeans';
export * from './arithmetic';
export * from './symmetricEigen';
export * from './pca';
export * from './projection';
export * from './contours';
export * from './histogram';
export * from './preprocessDrawing';
export * from './jsDecoder';
export * from './bytes';
export * from './latestWins';
