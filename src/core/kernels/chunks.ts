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
const JOB = 3; // mode, a, b, c, n, k, ars, aks, bks, bjs, m, chunk, nChunks, ap
const JOB_WORDS = 14;
const HELPERS = 32; // per helper: ws, ready
const IDX_BITS = 12;
const IDX_MASK = (1 << IDX_BITS) - 1;
/** Polls before sleeping: a wake-up from Atomics.wait costs tens of microseconds. */
const SPIN = 4000;

export const chunkControlBytes = (helpers: number) => (HELPERS + 2 * helpers) * 4;

/** Chunks of columns of the result, A packed once by the caller; or of rows, each packing its own. */
export const COLS = 0 as const;
export const ROWS = 1 as const;

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

/** Compute chunk `idx` of the job `w` (words in JOB order) with scratch `ws`. */
function runChunk(k: KernelExports, w: number[], idx: number, ws: number): void {
  const [mode, a, b, c, n, kk, ars, aks, bks, bjs, m, chunk, , ap] = w;
  const from = idx * chunk!;
  if (mode === COLS) {
    k.gemmPacked(ap!, 0, m!, b!, c!, n!, kk!, bks!, bjs!, 0, m!, from, Math.min(n!, from + chunk!), ws);
  } else {
    k.gemm(a!, b!, c!, n!, kk!, ars!, aks!, bks!, bjs!, from, Math.min(m!, from + chunk!), 0, n!, ws);
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
    const ctrl = new Int32Array(this.memory.buffer);
    const base = this.ctrl >> 2;
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
    ];
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
