import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { unitToBytes } from '../core/latent/bytes';
import type { ClassicVae } from '../core/vae/classicVae';
import type { MixtureTensors } from '../core/vae/priors/prior';
import { encodeIdxImages } from '../data/idxWrite';

/**
 * n draws from a prior given as a mixture of diagonal Gaussians (every VAE prior is one; K = 1 for the
 * Gaussian priors): a component k ~ w, then z = m_k + exp(logVar_k / 2) * eps, eps ~ N(0, I). Seeded.
 */
export function sampleMixture(p: MixtureTensors, n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [k, d] = p.means.shape;
    const comp =
      k === 1 ? tf.zeros([n], 'int32') : (tf.multinomial(p.logWeights, n, seed + 1, false) as tf.Tensor1D);
    // eps first from `seed`: with N(0, I) these are exactly the draws of tf.randomNormal(seed).
    const eps = tf.randomNormal([n, d], 0, 1, 'float32', seed);
    const mu = tf.gather(p.means, comp);
    const sd = tf.exp(tf.mul(0.5, tf.gather(p.logVars, comp)));
    return tf.add(mu, tf.mul(sd, eps)) as tf.Tensor2D;
  });
}

/** 10,000 VAE samples (decoder means at z ~ p(z), the model's own prior, seeded) as an IDX3 ubyte file. */
export async function exportVaeSamples(
  vae: ClassicVae,
  file: string,
  seed: number,
  count = 10_000,
): Promise<void> {
  const t = tf.tidy(() => vae.decodeMean(sampleMixture(vae.prior.mixture(), count, seed + 31337)));
  const v = (await t.data()) as Float32Array;
  t.dispose();
  await writeFile(file, encodeIdxImages(unitToBytes(v), count));
}
