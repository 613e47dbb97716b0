/**
 * Elementwise kernels (Adam, the Bernoulli likelihood and its gradient) shared out with the GEMM's
 * helper threads where tfjs's heap is shared (the browser's engine worker): the range is cut in chunks
 * that whoever runs claims (./chunks.ts). Each chunk runs the same code on a disjoint range, so the result
 * is the same, bit for bit, as on one thread. Small jobs, and Node (helpers on copies), stay on one thread.
 */
import { ADAM, BERNOULLI, BERNOULLI_GRAD, floatBits } from './chunks';
import type { Installed } from './state';

/** Less work than this (values touched) is not worth waking a helper for. */
export const PARALLEL_MIN_VALUES = 1 << 16;
/** Chunks per thread, as for the GEMM: whoever runs takes over the work of whoever is descheduled. */
const CHUNKS_PER_THREAD = 3;

/** The pool, when `values` is worth sharing out and the helpers are up. */
function poolFor(s: Installed, values: number) {
  return values >= PARALLEL_MIN_VALUES && s.pool?.ready() ? s.pool : null;
}

/** Chunk length for `len` units on the pool's threads, a multiple of `unit`. */
function chunkOf(len: number, threads: number, unit: number): number {
  return Math.max(unit, Math.ceil(len / (threads * CHUNKS_PER_THREAD) / unit) * unit);
}

/** Adam over `n` values (./asm/adam.ts arguments); false when the caller should run it itself. */
export function adamShared(
  s: Installed,
  p: { w: number; g: number; m: number; v: number; wOut: number },
  n: number,
  h: { lr: number; b1: number; b2: number; bc1: number; bc2: number; eps: number },
): boolean {
  const pool = poolFor(s, n);
  if (!pool) return false;
  const chunk = chunkOf(n, 1 + pool.count, 4);
  const fb = floatBits;
  const words = [ADAM, p.w, p.g, p.m, p.v, p.wOut, fb(h.lr), fb(h.b1), fb(h.b2), fb(h.bc1), fb(h.bc2)];
  words.push(chunk, Math.ceil(n / chunk), fb(h.eps), n);
  pool.runWords(s.k, words, 0, new Array(pool.count).fill(0));
  return true;
}

/** The Bernoulli log-likelihood per row over `rows` x `cols`; false when the caller should run it. */
export function bernoulliShared(
  s: Installed,
  x: number,
  l: number,
  out: number,
  rows: number,
  cols: number,
): boolean {
  const pool = poolFor(s, rows * cols);
  if (!pool) return false;
  const chunk = chunkOf(rows, 1 + pool.count, 1);
  const words = [BERNOULLI, x, l, out, cols, 0, 0, 0, 0, 0, rows, chunk, Math.ceil(rows / chunk), 0, 0];
  pool.runWords(s.k, words, 0, new Array(pool.count).fill(0));
  return true;
}

/** Its gradient towards the logits, dl [rows, cols] from dy [rows]; false when the caller should run it. */
export function bernoulliGradShared(
  s: Installed,
  x: number,
  l: number,
  dy: number,
  dl: number,
  rows: number,
  cols: number,
): boolean {
  const pool = poolFor(s, rows * cols);
  if (!pool) return false;
  const chunk = chunkOf(rows, 1 + pool.count, 1);
  const words = [BERNOULLI_GRAD, x, l, dy, dl, cols, 0, 0, 0, 0, rows, chunk, Math.ceil(rows / chunk), 0, 0];
  pool.runWords(s.k, words, 0, new Array(pool.count).fill(0));
  return true;
}
