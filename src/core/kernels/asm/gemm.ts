// AssemblyScript: the dense layers' matrix product as a WebAssembly SIMD kernel, on tfjs's own heap.
// Built by scripts/build-kernels.mjs into four variants (plain SIMD or relaxed-SIMD FMA, unshared or
// shared memory for threads); never edited as JavaScript. All pointers are byte offsets into the
// imported memory (the tfjs WASM backend's heap); the module keeps no state and has no data segment.
//
// C[i, j] (+)= sum_k A(i, k) B(k, j) for i in [i0, i1), j in [j0, j1), C row-major with N columns.
// A(i, k) is at a + 4 (i ars + k aks) and B(k, j) at b + 4 (k bks + j bjs), so the same code serves
// A B, A^T B and A B^T. A is packed in tiles of MR rows interleaved by k, B in panels of NR columns,
// both zero-padded at the edges, so the inner loop reads two contiguous streams.

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;

/**
 * Length of the k blocks for a product of inner size kTotal: at most KC, and the blocks as even as
 * possible (784 = 4 x 196 rather than 3 x 256 + 16, whose short last block would cost a whole pass
 * over C for little work). A multiple of 4, for the 4 x 4 transposes of the packing.
 */
function kBlock(kTotal: i32): i32 {
  const blocks = (kTotal + KC - 1) / KC;
  return min(KC, (((kTotal + blocks - 1) / blocks + 3) >> 2) << 2);
}

/** Bytes that `packRows` fills for `rows` rows of A over all of K. */
export function packedBytes(rows: i32, kTotal: i32): i32 {
  return ((rows + MR - 1) / MR) * MR * kTotal * 4;
}

/** Bytes of scratch `gemmPacked` needs: one packed B panel and one edge tile. */
const PANEL_BYTES: i32 = (NR * KC + MR * NR) * 4;

/** Bytes of workspace `gemm` needs for a row range of `rows`. */
export function workspaceBytes(rows: i32, kTotal: i32): i32 {
  return packedBytes(rows, kTotal) + PANEL_BYTES;
}

function fma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Rows [i, i + mr) of A, k in [k0, k0 + kc), into ap[k * MR + r] (rows past mr are zero). */
function packA(a: usize, ars: i32, aks: i32, i: i32, mr: i32, k0: i32, kc: i32, ap: usize): void {
  if (mr == MR && ars == 1) {
    // A^T case: the four rows are contiguous for each k.
    for (let k = 0; k < kc; k++) {
      v128.store(ap + ((k * MR) << 2), v128.load(a + ((i + (k0 + k) * aks) << 2)));
    }
    return;
  }
  if (mr == MR && aks == 1) {
    // Row-major A: load four k's from each row and transpose 4 x 4.
    const r0 = a + ((i * ars + k0) << 2);
    const r1 = r0 + (ars << 2);
    const r2 = r1 + (ars << 2);
    const r3 = r2 + (ars << 2);
    let k = 0;
    for (; k + 4 <= kc; k += 4) {
      const off = k << 2;
      const x0 = v128.load(r0 + off);
      const x1 = v128.load(r1 + off);
      const x2 = v128.load(r2 + off);
      const x3 = v128.load(r3 + off);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const dst = ap + ((k * MR) << 2);
      v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(dst, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
      v128.store(dst, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
      v128.store(dst, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
    }
    for (; k < kc; k++) {
      const off = k << 2;
      const dst = ap + ((k * MR) << 2);
      store<f32>(dst, load<f32>(r0 + off));
      store<f32>(dst, load<f32>(r1 + off), 4);
      store<f32>(dst, load<f32>(r2 + off), 8);
      store<f32>(dst, load<f32>(r3 + off), 12);
    }
    return;
  }
  for (let k = 0; k < kc; k++) {
    for (let r = 0; r < MR; r++) {
      const v: f32 = r < mr ? load<f32>(a + (((i + r) * ars + (k0 + k) * aks) << 2)) : 0;
      store<f32>(ap + ((k * MR + r) << 2), v);
    }
  }
}

/** Columns [j, j + nr) of B, k in [k0, k0 + kc), into bp[k * NR + c] (columns past nr are zero). */
function packB(b: usize, bks: i32, bjs: i32, j: i32, nr: i32, k0: i32, kc: i32, bp: usize): void {
  if (nr == NR && bjs == 1) {
    for (let k = 0; k < kc; k++) {
      const src = b + (((k0 + k) * bks + j) << 2);
      const dst = bp + ((k * NR) << 2);
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
    }
    return;
  }
  if (nr == NR && bks == 1) {
    // B^T case (B stored N x K): eight contiguous columns, transposed 4 x 4 at a time.
    const c0 = b + ((j * bjs + k0) << 2);
    const s = bjs << 2;
    let k = 0;
    for (; k + 4 <= kc; k += 4) {
      const off = k << 2;
      const dst = bp + ((k * NR) << 2);
      for (let h = 0; h < 2; h++) {
        const base = c0 + h * 4 * s + off;
        const x0 = v128.load(base);
        const x1 = v128.load(base + s);
        const x2 = v128.load(base + 2 * s);
        const x3 = v128.load(base + 3 * s);
        const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
        const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
        const d = dst + (h << 4);
        v128.store(d, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
        v128.store(d, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 32);
        v128.store(d, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 64);
        v128.store(d, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 96);
      }
    }
    for (; k < kc; k++) {
      for (let c = 0; c < NR; c++) {
        store<f32>(bp + ((k * NR + c) << 2), load<f32>(c0 + c * s + (k << 2)));
      }
    }
    return;
  }
  for (let k = 0; k < kc; k++) {
    for (let c = 0; c < NR; c++) {
      const v: f32 = c < nr ? load<f32>(b + (((k0 + k) * bks + (j + c) * bjs) << 2)) : 0;
      store<f32>(bp + ((k * NR + c) << 2), v);
    }
  }
}

/** One MR x NR tile of C from packed panels; adds to C when `acc`. Writes `ct` (ldc NR) when partial. */
function tile(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, acc: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap);
    c00 = fma(a0, b0, c00);
    c01 = fma(a0, b1, c01);
    const a1 = v128.load32_splat(ap, 4);
    c10 = fma(a1, b0, c10);
    c11 = fma(a1, b1, c11);
    const a2 = v128.load32_splat(ap, 8);
    c20 = fma(a2, b0, c20);
    c21 = fma(a2, b1, c21);
    const a3 = v128.load32_splat(ap, 12);
    c30 = fma(a3, b0, c30);
    c31 = fma(a3, b1, c31);
    ap += 16;
    bp += 32;
  }
  const s = ldc << 2;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + s));
    c11 = f32x4.add(c11, v128.load(c + s, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * s));
    c21 = f32x4.add(c21, v128.load(c + 2 * s, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * s));
    c31 = f32x4.add(c31, v128.load(c + 3 * s, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + s, c10);
  v128.store(c + s, c11, 16);
  v128.store(c + 2 * s, c20);
  v128.store(c + 2 * s, c21, 16);
  v128.store(c + 3 * s, c30);
  v128.store(c + 3 * s, c31, 16);
}

/**
 * Rows [i0, i1) of A over all of K into ap, in tiles of MR rows: the block of k0 (a multiple of kBlock)
 * starts at ap + 4 rp k0 (rp: rows rounded up to MR), its tile t at 4 t MR kc further.
 */
export function packRows(a: usize, ars: i32, aks: i32, i0: i32, i1: i32, kTotal: i32, ap: usize): void {
  const tiles = (i1 - i0 + MR - 1) / MR;
  const rp = tiles * MR;
  const kb = kBlock(kTotal);
  for (let k0 = 0; k0 < kTotal; k0 += kb) {
    const kc = min(kb, kTotal - k0);
    for (let t = 0; t < tiles; t++) {
      const i = i0 + t * MR;
      packA(a, ars, aks, i, min(MR, i1 - i), k0, kc, ap + ((rp * k0 + t * MR * kc) << 2));
    }
  }
}

/**
 * C[i0:i1, j0:j1] from A packed by packRows (rows [p0, p0 + packed)) and B, for i0 - p0 a multiple of
 * MR. `ws` points at PANEL_BYTES of scratch owned by the calling thread. C rows need not be aligned
 * (v128 loads and stores are unaligned-safe).
 */
export function gemmPacked(
  ap: usize,
  p0: i32,
  packed: i32,
  b: usize,
  c: usize,
  n: i32,
  kTotal: i32,
  bks: i32,
  bjs: i32,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
  ws: usize,
): void {
  const rp = ((packed + MR - 1) / MR) * MR;
  const t0 = (i0 - p0) / MR;
  const t1 = (i1 - p0 + MR - 1) / MR;
  const bp = ws;
  const ct = ws + ((NR * KC) << 2);
  const kb = kBlock(kTotal);
  for (let k0 = 0; k0 < kTotal; k0 += kb) {
    const kc = min(kb, kTotal - k0);
    const acc = k0 > 0;
    const block = ap + ((rp * k0) << 2);
    for (let j = j0; j < j1; j += NR) {
      const nr = min(NR, j1 - j);
      packB(b, bks, bjs, j, nr, k0, kc, bp);
      for (let t = t0; t < t1; t++) {
        const i = p0 + t * MR;
        const mr = min(MR, i1 - i);
        const at = block + ((t * MR * kc) << 2);
        const dst = c + ((i * n + j) << 2);
        if (mr == MR && nr == NR) {
          tile(at, bp, kc, dst, n, acc);
        } else {
          // Edge tile: compute into the scratch tile, then copy (and add) the valid part.
          tile(at, bp, kc, ct, NR, false);
          for (let r = 0; r < mr; r++) {
            for (let q = 0; q < nr; q++) {
              const p = dst + ((r * n + q) << 2);
              const v = load<f32>(ct + ((r * NR + q) << 2));
              store<f32>(p, acc ? load<f32>(p) + v : v);
            }
          }
        }
      }
    }
  }
}

/**
 * C[i0:i1, j0:j1] = A B for the strides described above, packing A's rows itself. `ws` points at
 * workspaceBytes(i1 - i0, kTotal) bytes of scratch, 16-byte aligned, owned by the calling thread.
 */
export function gemm(
  a: usize,
  b: usize,
  c: usize,
  n: i32,
  kTotal: i32,
  ars: i32,
  aks: i32,
  bks: i32,
  bjs: i32,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
  ws: usize,
): void {
  packRows(a, ars, aks, i0, i1, kTotal, ws);
  const panel = ws + packedBytes(i1 - i0, kTotal);
  gemmPacked(ws, i0, i1 - i0, b, c, n, kTotal, bks, bjs, i0, i1, j0, j1, panel);
}

/** out[j] = sum_i d[i, j] for d [m, n] row-major (the bias gradient, without a transpose). */
export function columnSums(d: usize, out: usize, m: i32, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let s = f32x4.splat(0);
    let p = d + (j << 2);
    for (let i = 0; i < m; i++) {
      s = f32x4.add(s, v128.load(p));
      p += n << 2;
    }
    v128.store(out + (j << 2), s);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    for (let i = 0; i < m; i++) s += load<f32>(d + ((i * n + j) << 2));
    store<f32>(out + (j << 2), s);
  }
}
