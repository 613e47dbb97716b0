/**
 * Likelihood is not sample quality (lecture 000 §4; Theis, van den Oord & Bethge 2016; issue 10 item 7).
 *
 * Noise mixture: p_mix(x) = w p_model(x) + (1 - w) p_noise(x). Since p_mix(x) >= w p_model(x),
 *   log p_mix(x) >= log p_model(x) + log w,
 * so with w = 0.01 the average log-likelihood drops by at most log 100 = 4.61 nats, while 99 % of the
 * samples are noise.
 *
 * Memorizer: p_mem(x) = (1/K) sum_k prod_i Bern(x_i; clip(t_ki, e, 1 - e)) for K training images t_k.
 * Its samples (means) are the training digits themselves, as sharp as data, yet a test digit that
 * differs from every template by a few hundred pixels pays about log(1/e) nats per pixel.
 */

/** log(w e^a + (1 - w) e^b), stably. */
export function mixtureLogLik(logModel: number, logNoise: number, w: number): number {
  const a = Math.log(w) + logModel;
  const b = Math.log(1 - w) + logNoise;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** log p of grey image x under prod_i Bern(x_i; p_i) in the lab's Bernoulli convention. */
export function bernoulliLogLik(x: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * Math.log(p[i]!) + (1 - x[i]!) * Math.log(1 - p[i]!);
  return s;
}

/** The memorizer's log p(x): K templates (K x 784, in [0, 1]) clipped to [e, 1 - e], equal weights. */
export function memorizerLogLik(x: ArrayLike<number>, templates: Float32Array, e: number): number {
  const K = templates.length / 784;
  const terms: number[] = [];
  for (let k = 0; k < K; k++) {
    const p = Array.from(templates.subarray(k * 784, (k + 1) * 784), (v) => Math.min(1 - e, Math.max(e, v)));
    terms.push(bernoulliLogLik(x, p));
  }
  const m = Math.max(...terms);
  return m + Math.log(terms.reduce((a, v) => a + Math.exp(v - m), 0)) - Math.log(K);
}

/** log p of any image under the broad noise model: every pixel Bern(1/2), in the same convention. */
export const NOISE_LOG_LIK = 784 * Math.log(0.5);
