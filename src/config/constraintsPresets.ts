import { defaultConstraintsConfig, type ConstraintsConfig } from './constraints';
import { defaultConstraintsMnistConfig } from './constraintsMnist';
import type { Preset } from './presets';

function cfg(over: (c: ConstraintsConfig) => void): ConstraintsConfig {
  const c = structuredClone(defaultConstraintsConfig);
  over(c);
  return c;
}

/** Constraint lab presets (issue 11). Ids are stable. */
export const constraintsPresets: Preset[] = [
  {
    id: 'constraints-ring-halfplane',
    title: 'Ring of 8 Gaussians, hard half-plane y >= 0.5',
    description:
      'Only the three upper modes are feasible. One-shot GANs (plain, trained on filtered data, with a penalty in ' +
      "G's loss, with a mixture prior fitted to feasible codes, conditioned on c = feasible) and VAEs (plain, on " +
      'filtered data, with the penalised ELBO of eq. 18, with a mixture prior fitted to feasible codes) against ' +
      'rejection sampling and latent Langevin with a final projection on the plain GAN, on the same target. The ' +
      'plain GAN trains 4,000 steps, every other model 2,000.',
    config: cfg(() => undefined),
  },
  {
    id: 'constraints-moons-disc',
    title: 'Two moons, hard disc of radius 1 at (0.5, 0)',
    description:
      'A disc that cuts through both moons; the target is estimated by a KDE of the moons (no discrete modes).',
    config: cfg((c) => {
      c.data.dataset = 'moons';
      c.constraint.shape = { kind: 'disc', cx: 0.5, cy: 0, r: 1 };
    }),
  },
  {
    id: 'constraints-mnist-ink',
    title: 'MNIST digits with ink mass below t = 0.11',
    description:
      'A small MLP VAE of MNIST; the constraint keeps digits whose mean pixel intensity is below 0.11 (32 % of the ' +
      'test digits). One-shot samples against rejection and Langevin steps in the latent space on ' +
      '|z|²/2 + w·max(0, ink − t).',
    config: structuredClone(defaultConstraintsMnistConfig),
  },
];
