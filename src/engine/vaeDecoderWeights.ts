import type * as tf from '@tensorflow/tfjs';
import type { DecoderHead, DecoderWeights, DenseLayerData, DeconvLayerData } from '../core/latent/jsDecoder';
import type { Vae } from '../core/vae/vae';
import { AutoregressiveDecoder } from '../core/vae/autoregressiveDecoder';

/** A variable's values as a fresh Float32Array (never the backend's own storage). */
async function values(v: tf.Variable): Promise<Float32Array> {
  return ((await v.data()) as Float32Array).slice();
}

/**
 * The decoder's weights as plain arrays for the page's JsDecoder (core/latent/jsDecoder.ts): dense layers,
 * the conv decoder's transposed convolutions, and the likelihood's head. Reads variables directly (no
 * dispose: they are the model's).
 */
export async function decoderWeightsOf(model: Vae): Promise<DecoderWeights> {
  const dec = model.decoder;
  if (dec instanceof AutoregressiveDecoder) {
    // The page samples pixel by pixel from the masked weights; its one "layer" is the context's.
    const ar = dec.weightsSync();
    return {
      layers: [{ inDim: ar.contextDim, outDim: ar.hidden, W: ar.Wz, b: ar.bIn }],
      conditionDim: model.arch.conditionDim,
      outputsPerPixel: 1,
      head: { kind: 'sigmoid' },
      autoregressive: ar,
    };
  }
  const denseParams = [...dec.dense, ...(dec.toGrid ? [dec.toGrid] : []), ...(dec.out ? [dec.out] : [])];
  const layers: DenseLayerData[] = await Promise.all(
    denseParams.map(async (p) => ({
      inDim: p.W.shape[0]!,
      outDim: p.W.shape[1]!,
      W: await values(p.W),
      b: await values(p.b),
    })),
  );
  const deconvs: DeconvLayerData[] = await Promise.all(
    dec.deconvs.map(async (p) => ({
      k: p.W.shape[0]!,
      outChannels: p.W.shape[2]!,
      inChannels: p.W.shape[3]!,
      W: await values(p.W),
      b: await values(p.b),
    })),
  );
  const lik = model.likelihood;
  let head: DecoderHead;
  if (lik.name === 'categorical') {
    const [W, b, pixelBias] = lik.variables();
    head = {
      kind: 'categorical',
      features: lik.outputsPerPixel,
      W: await values(W!),
      b: await values(b!),
      pixelBias: await values(pixelBias!),
    };
  } else if (lik.name === 'continuous-bernoulli') head = { kind: 'continuous-bernoulli' };
  else head = { kind: 'sigmoid' };
  const out: DecoderWeights = {
    layers,
    conditionDim: model.arch.conditionDim,
    outputsPerPixel: lik.outputsPerPixel,
    head,
  };
  if (deconvs.length) out.deconvs = deconvs;
  return out;
}

/** Every typed array of a DecoderWeights (to transfer rather than copy). */
export function decoderWeightBuffers(w: DecoderWeights): ArrayBuffer[] {
  const ar = w.autoregressive;
  if (ar) return [ar.Wx, ar.Wz, ar.bIn, ar.Wh, ar.Wd, ar.bOut].map((a) => a.buffer as ArrayBuffer);
  const bufs = w.layers.flatMap((l) => [l.W.buffer, l.b.buffer]);
  for (const d of w.deconvs ?? []) bufs.push(d.W.buffer, d.b.buffer);
  if (w.head?.kind === 'categorical') bufs.push(w.head.W.buffer, w.head.b.buffer, w.head.pixelBias.buffer);
  return bufs as ArrayBuffer[];
}
