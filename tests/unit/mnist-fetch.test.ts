import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchIdxReader } from '../../src/data/mnist';

const raw = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1]); // a 3-label IDX file

function serve(body: Uint8Array | null, status = 200) {
  vi.stubGlobal('fetch', async () => new Response(body as BodyInit | null, { status }));
}

afterEach(() => vi.unstubAllGlobals());

describe('browser MNIST reader', () => {
  it('inflates gzip bytes', async () => {
    serve(new Uint8Array(gzipSync(raw)));
    expect(await fetchIdxReader('/')('x')).toEqual(raw);
  });
  it('accepts bytes a server already inflated (Content-Encoding: gzip)', async () => {
    serve(raw);
    expect(await fetchIdxReader('/')('x')).toEqual(raw);
  });
  it('names the file and the fix when it is missing', async () => {
    serve(null, 404);
    await expect(fetchIdxReader('/')('t10k-labels-idx1-ubyte')).rejects.toThrow(
      /t10k-labels-idx1-ubyte: missing.*404.*npm install/,
    );
  });
  it('reports truncated gzip data as corrupt', async () => {
    const gz = new Uint8Array(gzipSync(new Uint8Array(5000).fill(3)));
    serve(gz.subarray(0, gz.length >> 1));
    await expect(fetchIdxReader('/')('x')).rejects.toThrow(/x: corrupt gzip data/);
  });
});
