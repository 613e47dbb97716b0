import { parseIdxImages, parseIdxLabels, IdxError } from './idx';

export interface MnistSplit {
  count: number;
  /** count * 784 bytes, 0..255. */
  images: Uint8Array;
  labels: Uint8Array;
}

export interface Mnist {
  train: MnistSplit;
  test: MnistSplit;
}

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export const MNIST_TRAIN_COUNT = 60000;
export const MNIST_TEST_COUNT = 10000;

/** Reads raw IDX bytes for a file name; the browser and Node supply their own. */
export type IdxReader = (name: string) => Promise<Uint8Array>;

function split(
  images: Uint8Array,
  labels: Uint8Array,
  imgName: string,
  lblName: string,
  n: number,
): MnistSplit {
  const im = parseIdxImages(images, imgName, n);
  const lb = parseIdxLabels(labels, lblName, n);
  return { count: im.count, images: im.pixels, labels: lb };
}

/** Load and validate all four files. Throws IdxError (with the file's name) on any problem. */
export async function loadMnist(read: IdxReader): Promise<Mnist> {
  const f = MNIST_FILES;
  const [ti, tl, si, sl] = await Promise.all([
    read(f.trainImages),
    read(f.trainLabels),
    read(f.testImages),
    read(f.testLabels),
  ]);
  return {
    train: split(ti, tl, f.trainImages, f.trainLabels, MNIST_TRAIN_COUNT),
    test: split(si, sl, f.testImages, f.testLabels, MNIST_TEST_COUNT),
  };
}

/** The first n examples (n = 0 or n >= count keeps everything). */
export function subset(s: MnistSplit, n: number): MnistSplit {
  if (n <= 0 || n >= s.count) return s;
  return { count: n, images: s.images.subarray(0, n * 784), labels: s.labels.subarray(0, n) };
}

/** gzip streams start with 0x1f 0x8b. */
export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Browser reader: gzip-compressed IDX served under `${base}mnist/`. Some servers (Vite's dev server
 * among them) label `.gz` files `Content-Encoding: gzip`, so the browser has already inflated them:
 * the bytes are sniffed, and only still-compressed data goes through DecompressionStream.
 */
export function fetchIdxReader(base: string): IdxReader {
  return async (name) => {
    const url = `${base}mnist/${name}.gz`;
    let bytes: Uint8Array;
    try {
      const res = await fetch(url);
      if (!res.ok) {
        throw new IdxError(
          name,
          `missing (${url} answered ${res.status}); run \`npm install\` to prepare MNIST`,
        );
      }
      bytes = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      if (e instanceof IdxError) throw e;
      throw new IdxError(name, `could not fetch ${url} (${String(e)})`);
    }
    if (!isGzip(bytes)) return bytes;
    try {
      return await gunzip(bytes);
    } catch (e) {
      throw new IdxError(name, `corrupt gzip data (${String(e)})`);
    }
  };
}
