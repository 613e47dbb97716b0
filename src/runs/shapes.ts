import type { ExperimentConfig } from '../config/schema';

/** Parameter shapes per network, in the order the experiment exports them. */
export type NetShapes = Record<string, number[][]>;

function mlp(sizes: number[]): number[][] {
  return sizes.slice(1).flatMap((out, i) => [[sizes[i]!, out], [out]]);
}

/**
 * The parameter shapes a config's model has (what a saved run's weights must match), per network:
 * VAE: encoder layers, μ head, log σ² head, decoder layers, output (ClassicVae.variables()).
 * 2-D GAN: G's then D's dense layers (GanPair). Null for a kind this version cannot load.
 */
export function expectedShapes(c: ExperimentConfig): NetShapes | null {
  if (c.kind === 'vae') {
    const m = c.model;
    const enc = [784, ...m.encoderHidden];
    const h = enc[enc.length - 1]!;
    const dec = [m.latentDim, ...m.decoderHidden];
    return {
      vae: [
        ...mlp(enc),
        [h, m.latentDim],
        [m.latentDim],
        [h, m.latentDim],
        [m.latentDim],
        ...mlp([...dec, 784]),
      ],
    };
  }
  if (c.kind === 'gan2d') {
    const hidden = (n: { layers: number; width: number }) => Array<number>(n.layers).fill(n.width);
    return {
      G: mlp([c.noise.dim, ...hidden(c.generator), 2]),
      D: mlp([2, ...hidden(c.discriminator), 1]),
    };
  }
  return null;
}

/**
 * Each optimizer's slot shapes: Adam and RMSProp keep two per parameter (first and second moments;
 * mean square and momentum), SGD none. `net` names the network an optimizer role updates.
 */
export function slotCounts(name: string): number {
  return name === 'sgd' ? 0 : 2;
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
export const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);
