/**
 * Helper threads for the GEMM kernel on a shared WebAssembly heap. The calling thread posts each
 * helper a fixed share of a product into a small control block in that heap and computes its own;
 * each helper (a worker running `runHelper`) waits on the block with Atomics, computes its share with
 * its own instance of the kernels module, and signals completion. No messages. Used where the helpers
 * work on copies (./copyThreads.ts); on tfjs's own shared heap the work is claimed in chunks instead
 * (./chunks.ts), which `runHelper` also serves. Platform-free: the engine says how a helper is started
 * (a Web Worker in the browser, worker_threads in Node).
 */
import { runChunkHelper } from './chunks';
import { instantiateKernels, type KernelExports } from './wasmKernels';

/** Int32 slots per helper: state, the 14 gemm arguments, ready. 16 slots = 64 bytes (a cache line). */
const SLOTS = 16;
const READY = 15;
const IDLE = 0;
const POSTED = 1;
const DONE = 2;
/** Polls before sleeping: a wake-up from Atomics.wait costs tens of microseconds. */
const SPIN = 4000;

/** What a helper needs to start; structured-cloneable (module and shared memory travel to workers). */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the control block in the heap. */
  ctrl: number;
  index: number;
  /** Fixed shares posted one by one (./copyThreads.ts), or chunks claimed from a counter (./chunks.ts). */
  kind: 'shares' | 'chunks';
}

export type GemmArgs = [
  a: number,
  b: number,
  c: number,
  n: number,
  k: number,
  ars: number,
  aks: number,
  bks: number,
  bjs: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  ws: number,
];

function waitWhile(ctrl: Int32Array, at: number, value: number): void {
  for (let s = 0; s < SPIN; s++) if (Atomics.load(ctrl, at) !== value) return;
  while (Atomics.load(ctrl, at) === value) Atomics.wait(ctrl, at, value);
}

/** A helper thread's whole life: wait for a job, run it, signal, repeat. Never returns. */
export async function runHelper(init: HelperInit): Promise<never> {
  if (init.kind === 'chunks') return runChunkHelper(init);
  const k = await instantiateKernels(init.module, init.memory);
  const at = (init.ctrl >> 2) + init.index * SLOTS;
  Atomics.store(new Int32Array(init.memory.buffer), at + READY, 1);
  for (;;) {
    const ctrl = new Int32Array(init.memory.buffer);
    waitWhile(ctrl, at, IDLE);
    if (Atomics.load(ctrl, at) === POSTED) {
      const g = (i: number) => ctrl[at + 1 + i]! >>> 0;
      k.gemm(g(0), g(1), g(2), g(3), g(4), g(5), g(6), g(7), g(8), g(9), g(10), g(11), g(12), g(13));
      Atomics.store(ctrl, at, DONE);
      Atomics.notify(ctrl, at);
    }
    waitWhile(ctrl, at, DONE);
  }
}

/** The calling thread's side: post a share of a GEMM to helper h, later wait for it. */
export class HelperPool {
  private allReady = false;
  /** Jobs posted so far (tests check the helpers took part). */
  posted = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly ctrl: number,
    readonly count: number,
  ) {}

  /** True once every helper has started (until then the calling thread does all the work). */
  ready(): boolean {
    if (this.allReady) return true;
    const ctrl = new Int32Array(this.memory.buffer);
    for (let h = 0; h < this.count; h++)
      if (Atomics.load(ctrl, (this.ctrl >> 2) + h * SLOTS + READY) !== 1) return false;
    return (this.allReady = true);
  }

  post(h: number, args: GemmArgs): void {
    const ctrl = new Int32Array(this.memory.buffer);
    const at = (this.ctrl >> 2) + h * SLOTS;
    for (let i = 0; i < args.length; i++) ctrl[at + 1 + i] = args[i]! | 0;
    Atomics.store(ctrl, at, POSTED);
    Atomics.notify(ctrl, at);
    this.posted++;
  }

  /** Block until helper h is done; throws if it has not answered within `timeoutMs` (it died). */
  wait(h: number, timeoutMs = 20_000): void {
    const ctrl = new Int32Array(this.memory.buffer);
    const at = (this.ctrl >> 2) + h * SLOTS;
    for (let s = 0; s < SPIN && Atomics.load(ctrl, at) === POSTED; s++);
    const until = Date.now() + timeoutMs;
    while (Atomics.load(ctrl, at) === POSTED) {
      if (Date.now() > until) throw new Error(`GEMM helper thread ${h} stopped answering`);
      Atomics.wait(ctrl, at, POSTED, Math.min(1000, Math.max(1, until - Date.now())));
    }
    Atomics.store(ctrl, at, IDLE);
  }
}

/** Bytes of control block for `count` helpers. */
export const controlBytes = (count: number) => count * SLOTS * 4;

export type { KernelExports };
