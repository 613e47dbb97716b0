// AssemblyScript entry of the fast kernels module (see scripts/build-kernels.mjs).
export { gemm, gemmPacked, packRows, packedBytes, workspaceBytes, columnSums } from './gemm';
export { adam } from './adam';
export { bernoulliLogLik, bernoulliLogLikGrad } from './bernoulli';
export { biasAct, reluGradSums } from './dense';
