import type { AaePriorName } from '../../config/aae';
import { ringCentres } from '../gan/datasets';
import type { Rng } from '../rng';

/**
 * The priors an adversarial autoencoder can impose on its codes. Unlike a VAE's KL term, the
 * adversarial regulariser needs only SAMPLES of p(z), so any shape works (Makhzani et al. 2016):
 *   gaussian   N(0, I) in any dimension;
 *   mixture10  ten 2-D Gaussians (sd 0.5) evenly spaced on a circle of radius 4;
 *   swissRoll  a 2-D spiral r = t, angle = t, t from 1.5 pi to 4.5 pi, scaled by 1/3, noise sd 0.08.
 * The 2-D priors come in ten parts (components, or equal stretches of the roll), so a label can pick
 * the part a digit's codes should go to.
 */
export interface LatentPrior {
  name: AaePriorName;
  dim: number;
  parts: number;
  /** n samples (n x dim, row-major) and the part each came from; `parts` fixes the part of each. */
  sample(n: number, rng: Rng, parts?: ArrayLike<number>): { z: Float32Array; part: Uint8Array };
}

export const MIXTURE_RADIUS = 4;
export const MIXTURE_SD = 0.5;
const ROLL_T0 = 1.5 * Math.PI;
const ROLL_T1 = 4.5 * Math.PI;
const ROLL_SCALE = 1 / 3;
const ROLL_NOISE = 0.08;

export function makePrior(name: AaePriorName, dim: number): LatentPrior {
  if (name !== 'gaussian' && dim !== 2) throw new RangeError(`the ${name} prior is 2-D, not ${dim}-D`);
  const parts = name === 'gaussian' ? 1 : 10;
  const centres = ringCentres(10, MIXTURE_RADIUS);
  return {
    name,
    dim,
    parts,
    sample(n, rng, given) {
      const z = new Float32Array(n * dim);
      const part = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const k = given ? given[i]! % parts : Math.floor(rng.next() * parts);
        part[i] = k;
        if (name === 'gaussian') {
          for (let j = 0; j < dim; j++) z[i * dim + j] = rng.normal();
        } else if (name === 'mixture10') {
          z[2 * i] = centres[2 * k]! + MIXTURE_SD * rng.normal();
          z[2 * i + 1] = centres[2 * k + 1]! + MIXTURE_SD * rng.normal();
        } else {
          const t = ROLL_T0 + ((k + rng.next()) / parts) * (ROLL_T1 - ROLL_T0);
          z[2 * i] = ROLL_SCALE * t * Math.cos(t) + ROLL_NOISE * rng.normal();
          z[2 * i + 1] = ROLL_SCALE * t * Math.sin(t) + ROLL_NOISE * rng.normal();
        }
      }
      return { z, part };
    },
  };
}
