/**
 * IDX file parsing (the MNIST container format). Every check names what was wrong, so a missing or
 * corrupt file gives a clear message rather than garbage pixels.
 */
export const IDX_IMAGES_MAGIC = 2051; // 0x00000803: unsigned byte, 3 dimensions
export const IDX_LABELS_MAGIC = 2049; // 0x00000801: unsigned byte, 1 dimension

export class IdxError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'IdxError';
  }
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count * rows * cols bytes, row-major, 0..255. */
  pixels: Uint8Array;
}

function header(buf: Uint8Array, file: string, need: number): DataView {
  if (buf.byteLength < need) throw new IdxError(file, `truncated header (${buf.byteLength} bytes)`);
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function parseIdxImages(buf: Uint8Array, file: string, expectCount?: number): IdxImages {
  const dv = header(buf, file, 16);
  const magic = dv.getUint32(0);
  if (magic !== IDX_IMAGES_MAGIC) {
    throw new IdxError(file, `bad magic number ${magic} (expected ${IDX_IMAGES_MAGIC} for images)`);
  }
  const count = dv.getUint32(4);
  const rows = dv.getUint32(8);
  const cols = dv.getUint32(12);
  if (rows !== 28 || cols !== 28) throw new IdxError(file, `images are ${rows}x${cols}, expected 28x28`);
  if (expectCount !== undefined && count !== expectCount) {
    throw new IdxError(file, `holds ${count} images, expected ${expectCount}`);
  }
  const len = count * rows * cols;
  if (buf.byteLength !== 16 + len) {
    throw new IdxError(
      file,
      `expected ${16 + len} bytes for ${count} images, got ${buf.byteLength} (truncated?)`,
    );
  }
  return { count, rows, cols, pixels: buf.subarray(16, 16 + len) };
}

export function parseIdxLabels(buf: Uint8Array, file: string, expectCount?: number): Uint8Array {
  const dv = header(buf, file, 8);
  const magic = dv.getUint32(0);
  if (magic !== IDX_LABELS_MAGIC) {
    throw new IdxError(file, `bad magic number ${magic} (expected ${IDX_LABELS_MAGIC} for labels)`);
  }
  const count = dv.getUint32(4);
  if (expectCount !== undefined && count !== expectCount) {
    throw new IdxError(file, `holds ${count} labels, expected ${expectCount}`);
  }
  if (buf.byteLength !== 8 + count) {
    throw new IdxError(
      file,
      `expected ${8 + count} bytes for ${count} labels, got ${buf.byteLength} (truncated?)`,
    );
  }
  const labels = buf.subarray(8, 8 + count);
  for (let i = 0; i < count; i++) {
    if (labels[i]! > 9) throw new IdxError(file, `label ${labels[i]} at index ${i} is not a digit 0-9`);
  }
  return labels;
}
