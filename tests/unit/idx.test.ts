import { describe, expect, it } from 'vitest';
import { IdxError, parseIdxImages, parseIdxLabels } from '../../src/data/idx';
import { loadMnist } from '../../src/data/mnist';
import { nodeIdxReader } from '../../src/data/mnistNode';
import { requireMnist } from './requireMnist';

function u32be(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

function imagesFile(
  count: number,
  opts: { magic?: number; rows?: number; cols?: number; dataBytes?: number } = {},
) {
  const rows = opts.rows ?? 28;
  const cols = opts.cols ?? 28;
  const header = [...u32be(opts.magic ?? 2051), ...u32be(count), ...u32be(rows), ...u32be(cols)];
  const n = opts.dataBytes ?? count * rows * cols;
  const data = Array.from({ length: n }, (_, i) => (i * 7) % 256);
  return new Uint8Array([...header, ...data]);
}

function labelsFile(labels: number[], opts: { magic?: number; count?: number } = {}) {
  return new Uint8Array([...u32be(opts.magic ?? 2049), ...u32be(opts.count ?? labels.length), ...labels]);
}

/** Runs f, expects an IdxError whose message names the file and matches `what`. */
function expectIdxError(f: () => unknown, file: string, what: RegExp) {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(IdxError);
  const e = err as IdxError;
  expect(e.file).toBe(file);
  expect(e.message).toContain(file);
  expect(e.message).toMatch(what);
}

describe('parseIdxImages', () => {
  const F = 'my-images-idx3-ubyte';

  it('accepts a valid file and returns the pixels row-major', () => {
    const buf = imagesFile(3);
    const im = parseIdxImages(buf, F, 3);
    expect(im).toMatchObject({ count: 3, rows: 28, cols: 28 });
    expect(im.pixels.length).toBe(3 * 784);
    expect(im.pixels[0]).toBe(0);
    expect(im.pixels[1]).toBe(7);
    expect(im.pixels[784]).toBe((784 * 7) % 256);
    expect(parseIdxImages(buf, F).count).toBe(3); // expectCount optional
  });

  it('rejects a bad magic number (e.g. a labels file)', () => {
    expectIdxError(() => parseIdxImages(imagesFile(2, { magic: 2049 }), F), F, /magic/);
  });

  it('rejects a truncated header', () => {
    expectIdxError(() => parseIdxImages(imagesFile(2).subarray(0, 10), F), F, /truncated header/);
    expectIdxError(() => parseIdxImages(new Uint8Array(0), F), F, /truncated header/);
  });

  it('rejects truncated pixel data, and trailing bytes', () => {
    expectIdxError(() => parseIdxImages(imagesFile(2, { dataBytes: 2 * 784 - 1 }), F), F, /truncated/);
    expectIdxError(() => parseIdxImages(imagesFile(2, { dataBytes: 2 * 784 + 5 }), F), F, /bytes/);
  });

  it('rejects the wrong count when one is expected', () => {
    expectIdxError(() => parseIdxImages(imagesFile(2), F, 3), F, /2 images, expected 3/);
  });

  it('rejects images that are not 28x28', () => {
    expectIdxError(() => parseIdxImages(imagesFile(2, { rows: 32, cols: 32 }), F), F, /32x32/);
    expectIdxError(() => parseIdxImages(imagesFile(2, { rows: 28, cols: 27 }), F), F, /28x27/);
  });
});

describe('parseIdxLabels', () => {
  const F = 'my-labels-idx1-ubyte';

  it('accepts a valid file', () => {
    const lb = parseIdxLabels(labelsFile([0, 9, 3, 5]), F, 4);
    expect(Array.from(lb)).toEqual([0, 9, 3, 5]);
  });

  it('rejects a bad magic number (e.g. an images file)', () => {
    expectIdxError(() => parseIdxLabels(labelsFile([1, 2], { magic: 2051 }), F), F, /magic/);
  });

  it('rejects a truncated header', () => {
    expectIdxError(() => parseIdxLabels(new Uint8Array([0, 0, 8, 1, 0]), F), F, /truncated header/);
  });

  it('rejects truncated data', () => {
    expectIdxError(() => parseIdxLabels(labelsFile([1, 2, 3], { count: 5 }), F), F, /truncated/);
  });

  it('rejects the wrong count when one is expected', () => {
    expectIdxError(() => parseIdxLabels(labelsFile([1, 2, 3]), F, 4), F, /3 labels, expected 4/);
  });

  it('rejects a label above 9 and says where', () => {
    expectIdxError(() => parseIdxLabels(labelsFile([1, 2, 10, 3]), F), F, /label 10 at index 2/);
  });
});

describe('loadMnist', () => {
  it('names the file when one is missing or corrupt', async () => {
    const good: Record<string, Uint8Array> = {
      'train-images-idx3-ubyte': imagesFile(1),
      'train-labels-idx1-ubyte': labelsFile([1]),
      't10k-images-idx3-ubyte': imagesFile(1),
      't10k-labels-idx1-ubyte': labelsFile([1]),
    };
    // These have 1 image, not 60000: loadMnist checks the counts.
    await expect(loadMnist(async (n) => good[n]!)).rejects.toThrow(
      /train-images-idx3-ubyte: holds 1 images, expected 60000/,
    );
    await expect(loadMnist(nodeIdxReader('/nonexistent-dir'))).rejects.toThrow(/idx\d-ubyte: cannot read/);
  });

  it('loads the real MNIST: 60000/10000 images, labels 0..9', async () => {
    requireMnist();
    const m = await loadMnist(nodeIdxReader());
    expect(m.train.count).toBe(60000);
    expect(m.test.count).toBe(10000);
    expect(m.train.images.length).toBe(60000 * 784);
    expect(m.test.images.length).toBe(10000 * 784);
    for (const split of [m.train, m.test]) {
      const seen = new Array(10).fill(0);
      for (const l of split.labels) seen[l]++;
      // every digit present, in roughly balanced proportions (MNIST has 9-11% of each)
      expect(seen).toHaveLength(10); // no label above 9
      for (const c of seen) expect(c / split.count).toBeGreaterThan(0.08);
      expect(seen.reduce((a, b) => a + b, 0)).toBe(split.count);
    }
    // First training label of MNIST is a 5, first test label a 7.
    expect(m.train.labels[0]).toBe(5);
    expect(m.test.labels[0]).toBe(7);
  });
});
