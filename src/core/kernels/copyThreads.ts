/**
 * Helper threads where tfjs's heap is not shared (tfjs-wasm in Node runs without threads): the helpers
 * work on a shared scratch heap of their own. For a large product the calling thread copies both
 * operands there, posts each helper its share, computes its own share directly on tfjs's heap, then
 * copies the helpers' parts of the result back. The copies cost a few percent of the product.
 */
import { HelperPool, controlBytes, type GemmArgs, type HelperInit } from './threads';
import type { KernelExports } from './wasmKernels';

export class CopyPool {
  readonly pool: HelperPool;
  private readonly base: number;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly helpers: number,
  ) {
    this.pool = new HelperPool(memory, 0, helpers);
    this.base = (controlBytes(helpers) + 63) & ~63;
  }

  /** Start the helpers on this pool's scratch heap (the control block sits at its start). */
  static start(
    module: WebAssembly.Module,
    helpers: number,
    spawnHelper: (init: HelperInit) => void,
  ): CopyPool {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
    for (let i = 0; i < helpers; i++) spawnHelper({ module, memory, ctrl: 0, index: i, kind: 'shares' });
    return new CopyPool(memory, helpers);
  }

  /** Scratch offsets for the operands, the result and one workspace per helper; grows the heap. */
  private layout(aBytes: number, bBytes: number, cBytes: number, wsBytes: number[]) {
    const align = (x: number) => (x + 63) & ~63;
    const a = this.base;
    const b = align(a + aBytes);
    const c = align(b + bBytes);
    const ws: number[] = [];
    let end = align(c + cBytes);
    for (const w of wsBytes) {
      ws.push(end);
      end = align(end + w);
    }
    const need = Math.ceil(end / 65536) - this.memory.buffer.byteLength / 65536;
    if (need > 0) this.memory.grow(need);
    return { a, b, c, ws };
  }

  /**
   * C = op(A) op(B) on tfjs's heap (`heap`, byte offsets a, b, c), with share 0 computed here by `k`
   * (bound to tfjs's heap, workspace `ws0`) and shares 1.. by the helpers. `shares[p]` is the
   * [i0, i1, j0, j1] range of share p.
   */
  gemm(
    k: KernelExports,
    heap: WebAssembly.Memory,
    args: {
      a: number;
      b: number;
      c: number;
      m: number;
      n: number;
      kk: number;
      strides: number[];
      ws0: number;
    },
    shares: [number, number, number, number][],
  ): void {
    const { a, b, c, m, n, kk, strides } = args;
    const [ars, aks, bks, bjs] = strides as [number, number, number, number];
    const wsBytes = shares.slice(1).map(([i0, i1]) => k.workspaceBytes(i1 - i0, kk));
    const at = this.layout(m * kk * 4, kk * n * 4, m * n * 4, wsBytes);
    const src = new Float32Array(heap.buffer);
    const dst = new Float32Array(this.memory.buffer);
    dst.set(src.subarray(a >> 2, (a >> 2) + m * kk), at.a >> 2);
    dst.set(src.subarray(b >> 2, (b >> 2) + kk * n), at.b >> 2);
    for (let p = 1; p < shares.length; p++) {
      const [i0, i1, j0, j1] = shares[p]!;
      const job: GemmArgs = [at.a, at.b, at.c, n, kk, ars, aks, bks, bjs, i0, i1, j0, j1, at.ws[p - 1]!];
      this.pool.post(p - 1, job);
    }
    const [i0, i1, j0, j1] = shares[0]!;
    k.gemm(a, b, c, n, kk, ars, aks, bks, bjs, i0, i1, j0, j1, args.ws0);
    for (let p = 1; p < shares.length; p++) this.pool.wait(p - 1);
    const back = new Float32Array(this.memory.buffer);
    const out = new Float32Array(heap.buffer);
    for (let p = 1; p < shares.length; p++) {
      const [r0, r1, c0, c1] = shares[p]!;
      if (c0 === 0 && c1 === n) {
        out.set(back.subarray((at.c >> 2) + r0 * n, (at.c >> 2) + r1 * n), (c >> 2) + r0 * n);
      } else {
        for (let r = r0; r < r1; r++) {
          const from = (at.c >> 2) + r * n;
          out.set(back.subarray(from + c0, from + c1), (c >> 2) + r * n + c0);
        }
      }
    }
  }
}
