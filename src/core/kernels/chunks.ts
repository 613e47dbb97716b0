/**
 * A GEMM shared out in chunks, on a shared heap (tfjs-wasm's threaded build, in the engine worker):
 * the calling thread and the helpers claim chunks of the result from a counter in the heap until none
 * are left, so whoever gets CPU time does the work. On a 2-core machine the page's own main thread
 * competes with the training threads; with fixed halves a product would wait for a descheduled
 * helper, with chunks it only waits for chunks already claimed.
 *
 * Control block (Int32 words): SEQ (bumped per job; helpers sleep on it), CLAIM (generation << 12 |
 * next chunk), DONE (chunks finished), the job, then per helper: its scratch pointer and a ready flag.
 * A helper reads the job after loading CLAIM and uses it only if its compare-exchange on CLAIM
 * succeeds: then the job is still current (the caller starts no new job while chunks are unfinished).
 */
import { instantiateKernels, type KernelExports } from './wasmKernels';

const SEQ = 0;
const CLAIM = 1;
const DONE = 2;
const JOB = 3; // mode, a, b, c, n, k, ars, aks, bks, bjs, m, chunk, nChunks, ap, extra (see runChunk)
const JOB_WORDS = 15;
const HELPERS = 32; // per helper: ws, ready
const IDX_BITS = 12;
const IDX_MASK = (1 << IDX_BITS) - 1;
/** Polls before sleeping: a wake-up from Atomics.wait costs tens of microseconds. */
const SPIN = 4000;

export const chunkControlBytes = (helpers: number) => (HELPERS + 2 * helpers) * 4;

/** Chunks of columns of the result, A packed once by the caller; or of rows, each packing its own. */
export const COLS = 0 as const;
export const ROWS = 1 as const;
/** Elementwise jobs (./elementwiseChunks.ts): Adam over a range of values, the Bernoulli likelihood over rows. */
export const ADAM = 2 as const;
export const BERNOULLI = 3 as const;
export const BERNOULLI_GRAD = 4 as const;

const f32View = new Float32Array(1);
const i32View = new Int32Array(f32View.buffer);
/** A float32 as the int32 word holding its bits (float arguments travel in the job's Int32 words). */
export function floatBits(x: number): number {
  f32View[0] = x;
  return i32View[0]!;
}
function bitsFloat(w: number): number {
  i32View[0] = w | 0;
  return f32View[0]!;
}

export interface ChunkJob {
  mode: typeof COLS | typeof ROWS;
  a: number;
  b: number;
  c: number;
  n: number;
  k: number;
  ars: number;
  aks: number;
  bks: number;
  bjs: number;
  m: number;
  chunk: number;
  nChunks: number;
  /** Cols mode: A packed by packRows for all m rows. */
  ap: number;
}

/**
 * Compute chunk `idx` of the job `w` (words in JOB order) with scratch `ws`. Words 0 (mode), 11 (chunk)
 * and 12 (chunks) mean the same for every mode; the others, per mode:
 *  - COLS, ROWS: a, b, c, n, k, ars, aks, bks, bjs, m at 1-10, ap at 13;
 *  - ADAM: w, g, m, v, wOut at 1-5, the bits of lr, b1, b2, bc1, bc2 at 6-10 and of eps at 13, size at 14;
 *  - BERNOULLI: x, logits, out at 1-3, cols at 4, rows at 10;
 *  - BERNOULLI_GRAD: x, logits, dy, dlogits at 1-4, cols at 5, rows at 10.
 */
function runChunk(k: KernelExports, w: number[], idx: number, ws: number): void {
  const [mode, a, b, c, n, kk, ars, aks, bks, bjs, m, chunk, , ap, extra] = w as number[] & { length: 15 };
  const from = idx * chunk;
  if (mode === COLS) {
    k.gemmPacked(ap, 0, m, b, c, n, kk, bks, bjs, 0, m, from, Math.min(n, from + chunk), ws);
  } else if (mode === ROWS) {
    k.gemm(a, b, c, n, kk, ars, aks, bks, bjs, from, Math.min(m, from + chunk), 0, n, ws);
  } else if (mode === ADAM) {
    const o = from * 4;
    const f = (i: number) => bitsFloat(w[i]!);
    k.adam(
      a + o,
      b + o,
      c + o,
      n + o,
      kk + o,
      Math.min(chunk, extra - from),
      f(6),
      f(7),
      f(8),
      f(9),
      f(10),
      f(13),
    );
  } else if (mode === BERNOULLI) {
    const rows = Math.min(chunk, m - from);
    k.bernoulliLogLik(a + from * n * 4, b + from * n * 4, c + from * 4, rows, n);
  } else if (mode === BERNOULLI_GRAD) {
    const rows = Math.min(chunk, m - from);
    const o = from * kk * 4;
    k.bernoulliLogLikGrad(a + o, b + o, c + from * 4, n + o, rows, kk);
  }
}

/**
 * Claim and run chunks of the current job until none are left. The job and this helper's scratch
 * pointer (word `mine`; it may change between jobs) are read before the claim and used only if the
 * claim succeeds, which proves they belong to the current job.
 */
function work(k: KernelExports, ctrl: Int32Array, base: number, mine: number): void {
  const job = (i: number) => ctrl[base + JOB + i]! >>> 0;
  for (;;) {
    const w = Atomics.load(ctrl, base + CLAIM);
    const n = job(12);
    const idx = w & IDX_MASK;
    if (idx >= n) return;
    const args = Array.from({ length: JOB_WORDS }, (_, i) => job(i));
    const ws = ctrl[mine]! >>> 0;
    if (Atomics.compareExchange(ctrl, base + CLAIM, w, w + 1) !== w) continue;
    runChunk(k, args, idx, ws);
    if (Atomics.add(ctrl, base + DONE, 1) + 1 === n) Atomics.notify(ctrl, base + DONE);
  }
}

/** A chunk helper's whole life: wait for a job, claim chunks until none are left, repeat. */
export async function runChunkHelper(init: {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctrl: number;
  index: number;
}): Promise<never> {
  const k = await instantiateKernels(init.module, init.memory);
  const base = init.ctrl >> 2;
  const mine = base + HELPERS + 2 * init.index;
  let seen = Atomics.load(new Int32Array(init.memory.buffer), base + SEQ);
  Atomics.store(new Int32Array(init.memory.buffer), mine + 1, 1);
  for (;;) {
    const ctrl = new Int32Array(init.memory.buffer);
    for (let s = 0; s < SPIN && Atomics.load(ctrl, base + SEQ) === seen; s++);
    while (Atomics.load(ctrl, base + SEQ) === seen) Atomics.wait(ctrl, base + SEQ, seen);
    seen = Atomics.load(ctrl, base + SEQ);
    work(k, ctrl, base, mine);
  }
}

/** The calling thread's side. */
export class ChunkPool {
  private allReady = false;
  private gen = 0;
  /** Chunks run by helpers so far (tests check the helpers took part). */
  helped = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly ctrl: number,
    readonly count: number,
  ) {}

  /** True once every helper has started (until then the calling thread does all the work). */
  ready(): boolean {
    if (this.allReady) return true;
    const ctrl = new Int32Array(this.memory.buffer);
    const base = (this.ctrl >> 2) + HELPERS;
    for (let h = 0; h < this.count; h++) if (Atomics.load(ctrl, base + 2 * h + 1) !== 1) return false;
    return (this.allReady = true);
  }

  /**
   * Run `job` on this thread and the helpers; `helperWs[h]` is helper h's scratch, `ws` this thread's.
   * Throws if chunks claimed by a helper are not finished within `timeoutMs` (it died).
   */
  run(k: KernelExports, job: ChunkJob, ws: number, helperWs: number[], timeoutMs = 20_000): void {
    const words = [
      job.mode,
      job.a,
      job.b,
      job.c,
      job.n,
      job.k,
      job.ars,
      job.aks,
      job.bks,
      job.bjs,
      job.m,
      job.chunk,
      job.nChunks,
      job.ap,
      0,
    ];
    this.runWords(k, words, ws, helperWs, timeoutMs);
  }

  /** Run a job given as its JOB_WORDS words (see runChunk); `nChunks` is word 12. */
  runWords(k: KernelExports, words: number[], ws: number, helperWs: number[], timeoutMs = 20_000): void {
    const ctrl = new Int32Array(this.memory.buffer);
    const base = this.ctrl >> 2;
    const job = { nChunks: words[12]! };
    words.forEach((v, i) => (ctrl[base + JOB + i] = v | 0));
    helperWs.forEach((p, h) => (ctrl[base + HELPERS + 2 * h] = p | 0));
    Atomics.store(ctrl, base + DONE, 0);
    this.gen = (this.gen + 1) & 0x7ffff;
    Atomics.store(ctrl, base + CLAIM, this.gen << IDX_BITS);
    Atomics.add(ctrl, base + SEQ, 1);
    Atomics.notify(ctrl, base + SEQ);
    let own = 0;
    for (;;) {
      const w = Atomics.load(ctrl, base + CLAIM);
      const idx = w & IDX_MASK;
      if (idx >= job.nChunks) break;
      if (Atomics.compareExchange(ctrl, base + CLAIM, w, w + 1) !== w) continue;
      runChunk(k, words, idx, ws);
      own++;
      Atomics.add(ctrl, base + DONE, 1);
    }
    this.helped += job.nChunks - own;
    for (let s = 0; s < SPIN && Atomics.load(ctrl, base + DONE) < job.nChunks; s++);
    const until = Date.now() + timeoutMs;
    for (let d = Atomics.load(ctrl, base + DONE); d < job.nChunks; d = Atomics.load(ctrl, base + DONE)) {
      if (Date.now() > until) throw new Error('a GEMM helper thread stopped answering');
      Atomics.wait(ctrl, base + DONE, d, Math.min(1000, Math.max(1, until - Date.now())));
    }
  }
}
