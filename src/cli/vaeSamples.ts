import * as tf from '@tensorflow/tfjs';
import { writeFile } from 'node:fs/promises';
import { unitToBytes } from '../core/latent/bytes';
import type { ClassicVae } from '../core/vae/classicVae';
import { encodeIdxImages } from '../data/idxWrite';

/** 10,000 VAE samples (decoder means at z ~ N(0, I), seeded) as an IDX3 ubyte file, for scoring. */
export async function exportVaeSamples(
  vae: ClassicVae,
  file: string,
  seed: number,
  count = 10_000,
): Promise<void> {
  const t = tf.tidy(() =>
    vae.decodeMean(tf.randomNormal([count, vae.arch.latentDim], 0, 1, 'float32', seed + 31337)),
  );
  const v = (await t.data()) as Float32Array;
  t.dispose();
  await writeFile(file, encodeIdxImages(unitToBytes(v), count));
}
