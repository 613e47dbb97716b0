// Builds the fast kernels (src/core/kernels/asm/*.ts, AssemblyScript) into WebAssembly, four variants:
// plain SIMD or relaxed-SIMD FMA, each for an unshared heap (tfjs-wasm without threads, Node) or a
// shared one (tfjs-wasm's threaded build). Output: src/core/kernels/build/*.wasm (generated, not
// committed). Runs on install, start, build and test; skips work when the outputs are newer than the
// sources. The modules import tfjs's heap as env.memory, so they must not carry a data segment (it
// would be written over tfjs's memory): the build checks that.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src', 'core', 'kernels', 'asm');
const outDir = join(root, 'src', 'core', 'kernels', 'build');

const COMMON = ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--noExportMemory'];
const SHARED = ['--sharedMemory', '--maximumMemory', '65536', '--enable', 'threads'];
const VARIANTS = {
  simd: ['--enable', 'simd'],
  relaxed: ['--enable', 'simd', '--enable', 'relaxed-simd'],
  'simd-shared': ['--enable', 'simd', ...SHARED],
  'relaxed-shared': ['--enable', 'simd', '--enable', 'relaxed-simd', ...SHARED],
};

function fail(msg) {
  console.error(JSON.stringify({ event: 'build-kernels', ok: false, error: msg }));
  process.exit(1);
}

/** Section ids of a wasm binary; throws on a malformed one. */
function sectionIds(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm binary');
  const ids = [];
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++];
    let size = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      size |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    ids.push(id);
    p += size;
  }
  return ids;
}

const sources = readdirSync(srcDir).filter((f) => f.endsWith('.ts'));
const newestSource = Math.max(
  ...sources.map((f) => statSync(join(srcDir, f)).mtimeMs),
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
);
mkdirSync(outDir, { recursive: true });
const outputs = Object.keys(VARIANTS).map((v) => join(outDir, `${v}.wasm`));
if (outputs.every((o) => existsSync(o) && statSync(o).mtimeMs >= newestSource)) process.exit(0);

let asc;
try {
  asc = (await import('assemblyscript/asc')).default;
} catch {
  fail('the assemblyscript compiler is missing: run `npm install`');
}
for (const [variant, flags] of Object.entries(VARIANTS)) {
  const out = join(outDir, `${variant}.wasm`);
  const { error, stderr } = await asc.main([join(srcDir, 'index.ts'), '-o', out, ...COMMON, ...flags]);
  if (error) fail(`${variant}: ${error.message}\n${stderr.toString()}`);
  const ids = sectionIds(readFileSync(out));
  if (ids.includes(11)) fail(`${variant}: the module has a data segment, which would overwrite tfjs's heap`);
}
console.error(JSON.stringify({ event: 'build-kernels', ok: true, variants: Object.keys(VARIANTS) }));
