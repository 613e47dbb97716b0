import * as tf from '@tensorflow/tfjs';
import { elboTerms } from '../core/vae/objective';
import { estimateLogPx, meanWithError } from '../core/vae/logPx';
import { oneHotLabels, type Vae } from '../core/vae/vae';
import { gatherBatch } from '../data/batches';
import type { MnistSplit } from '../data/mnist';
import { rangeIdx } from '../engine/vaeExperiment';

/** IWAE bound's k in the CLI's evaluation (the issue's `iwae_50`). */
export const IWAE_K = 50;
const ELBO_CHUNK = 500;

export interface LogPxReport {
  /** Test-set means, nats per digit, and their standard errors over the digits. */
  elbo: number;
  elbo_se: number;
  iwae_50: number;
  iwae_50_se: number;
  log_px: number;
  log_px_se: number;
  log_px_samples: number;
  /** Paired gaps (same digits, independent samples) and their standard errors. */
  gap_iwae_50_minus_elbo: number;
  gap_iwae_50_minus_elbo_se: number;
  gap_log_px_minus_iwae_50: number;
  gap_log_px_minus_iwae_50_se: number;
  eval_digits: number;
  eval_seconds: number;
}

/** The per-digit values behind a LogPxReport, in test-set order (nats). */
export interface LogPxPerDigit {
  elbo: Float64Array;
  iwae_50: Float64Array;
  log_px: Float64Array;
}

/** Per-digit single-sample ELBO, KL in closed form where the prior has one (as the test loss). */
async function elboPerDigit(model: Vae, test: MnistSplit, seed: number): Promise<Float64Array> {
  const n = test.count;
  const out = new Float64Array(n);
  for (let from = 0; from < n; from += ELBO_CHUNK) {
    const to = Math.min(n, from + ELBO_CHUNK);
    const t = tf.tidy(() => {
      const x = tf.tensor2d(gatherBatch(test, rangeIdx(from, to), 0, to - from), [to - from, 784]);
      const c = model.conditional ? oneHotLabels(test.labels.subarray(from, to)) : null;
      const eps = tf.randomNormal([to - from, model.arch.latentDim], 0, 1, 'float32', seed + from);
      return elboTerms(model, x, c, eps as tf.Tensor2D).elbo;
    });
    out.set(await t.data(), from);
    t.dispose();
  }
  return out;
}

function paired(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  return meanWithError(a.map((v, i) => v - b[i]!));
}

/**
 * The CLI's --eval-logpx K: on the test set (as the likelihood sees it), the ELBO, the IWAE bound with
 * k = 50 and log p(x) by importance sampling with K samples, each from its own independent samples.
 * Standard errors are over the test digits; the gaps are paired by digit. `progress` gets a fraction.
 */
export async function evaluateLogPx(
  model: Vae,
  test: MnistSplit,
  K: number,
  seed: number,
  progress: (what: string, fraction: number) => void,
  perDigit?: (values: LogPxPerDigit) => void,
): Promise<LogPxReport> {
  const t0 = performance.now();
  const x = gatherBatch(test, rangeIdx(0, test.count), 0, test.count);
  const labels = test.labels.subarray(0, test.count);
  const elbo = await elboPerDigit(model, test, seed + 101);
  const run = async (k: number, s: number, what: string) => {
    let last = 0;
    const r = await estimateLogPx(model, x, labels, k, {
      seed: s,
      onProgress: (done, total) => {
        if (done / total - last >= 0.05 || done === total) {
          last = done / total;
          progress(what, last);
        }
      },
    });
    return r!;
  };
  const iwae = await run(IWAE_K, seed + 1_000_003, `iwae_${IWAE_K}`);
  const logPx = await run(K, seed + 2_000_003, `log_px (K = ${K})`);
  perDigit?.({ elbo, iwae_50: iwae, log_px: logPx });
  const e = meanWithError(elbo);
  const i = meanWithError(iwae);
  const l = meanWithError(logPx);
  const g1 = paired(iwae, elbo);
  const g2 = paired(logPx, iwae);
  return {
    elbo: e.mean,
    elbo_se: e.se,
    iwae_50: i.mean,
    iwae_50_se: i.se,
    log_px: l.mean,
    log_px_se: l.se,
    log_px_samples: K,
    gap_iwae_50_minus_elbo: g1.mean,
    gap_iwae_50_minus_elbo_se: g1.se,
    gap_log_px_minus_iwae_50: g2.mean,
    gap_log_px_minus_iwae_50_se: g2.se,
    eval_digits: test.count,
    eval_seconds: (performance.now() - t0) / 1000,
  };
}

/** `--eval-out`'s file: the per-digit values as plain arrays, so two models can be paired digit by digit. */
export function perDigitJson(v: LogPxPerDigit): Record<keyof LogPxPerDigit, number[]> {
  return { elbo: Array.from(v.elbo), iwae_50: Array.from(v.iwae_50), log_px: Array.from(v.log_px) };
}
