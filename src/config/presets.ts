import type { ExperimentConfig } from './schema';
import { classicVaeConfig, vae2dConfig } from './vae';
import { ganPresets } from './ganPresets';
import { imagePresets } from './imagePresets';
import { vaePresets } from './vaePresets';
import { constraintsPresets } from './constraintsPresets';
import { aepcaPresets } from './aepcaPresets';

export interface Preset {
  id: string;
  title: string;
  description: string;
  config: ExperimentConfig;
}

/** Presets have stable ids: the CLI, URLs and lessons refer to them. */
const presets: Preset[] = [
  {
    id: 'classic-vae',
    title: 'Classic VAE on MNIST',
    description: '784-400-20 MLP encoder and decoder, Bernoulli likelihood, Adam 1e-3, batch 128.',
    config: classicVaeConfig,
  },
  {
    id: 'vae-2d',
    title: 'VAE with a 2-D latent',
    description:
      'The classic VAE with a 2-dimensional latent space: the decoded manifold over its two coordinates shows every digit in one plane.',
    config: vae2dConfig,
  },
  ...vaePresets,
  ...ganPresets,
  ...imagePresets,
  ...constraintsPresets,
  ...aepcaPresets,
];

export function registerPreset(p: Preset): void {
  if (presets.some((q) => q.id === p.id)) throw new Error(`duplicate preset id ${p.id}`);
  presets.push(p);
}

export function listPresets(): readonly Preset[] {
  return presets;
}

export function getPreset(id: string): Preset | undefined {
  return presets.find((p) => p.id === id);
}

/** A deep copy so callers can edit freely. */
export function presetConfig(id: string): ExperimentConfig {
  const p = getPreset(id);
  if (!p) throw new Error(`unknown preset "${id}"; known: ${presets.map((q) => q.id).join(', ')}`);
  return structuredClone(p.config);
}
