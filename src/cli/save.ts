import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DenseParams } from '../core/dense';
import { LOGVAR_MAX, LOGVAR_MIN } from '../core/gaussian';
import type { ClassicVae } from '../core/vae/classicVae';

/**
 * Saving a trained VAE in tfjs's own LayersModel format, so the app and other tools load it with
 * `tf.loadLayersModel('.../encoder/model.json')`:
 *
 *   DIR/encoder/model.json + weights.bin   x [784] -> Dense(relu)... -> [mu, logvar]   (two outputs)
 *   DIR/decoder/model.json + weights.bin   z [latentDim] -> Dense(relu)... -> Dense(784) logits (linear)
 *   DIR/experiment.json                    the validated config and the final metrics
 *
 * The decoder outputs logits: sigmoid(logits) gives the pixel means in [0, 1] (for the Bernoulli
 * likelihood and for the Gaussian one, whose mean is also sigmoid(out)). The encoder's logvar output
 * is not clipped; the app clips it to [LOGVAR_MIN, LOGVAR_MAX] = [-15, 15] before exp().
 */

export const WEIGHTS_FILE = 'weights.bin';

function denseLayer(units: number, name: string, activation: 'relu' | 'linear'): tf.layers.Layer {
  return tf.layers.dense({ units, activation, name });
}

/** Build a functional model over the given dense stack and copy the VAE's weights into it. */
function buildModel(
  name: string,
  inputDim: number,
  hidden: { p: DenseParams; name: string }[],
  heads: { p: DenseParams; name: string; activation: 'linear' }[],
): tf.LayersModel {
  const input = tf.input({ shape: [inputDim], name: `${name}_input` });
  let h: tf.SymbolicTensor = input;
  const layers: [tf.layers.Layer, DenseParams][] = [];
  for (const { p, name: n } of hidden) {
    const layer = denseLayer(p.W.shape[1]!, n, 'relu');
    h = layer.apply(h) as tf.SymbolicTensor;
    layers.push([layer, p]);
  }
  const outputs = heads.map(({ p, name: n, activation }) => {
    const layer = denseLayer(p.W.shape[1]!, n, activation);
    layers.push([layer, p]);
    return layer.apply(h) as tf.SymbolicTensor;
  });
  const model = tf.model({ inputs: input, outputs: outputs.length === 1 ? outputs[0]! : outputs, name });
  // setWeights copies the values: later training of the VAE does not change the saved model.
  for (const [layer, p] of layers) layer.setWeights([p.W, p.b]);
  return model;
}

/** The encoder q(z|x) as a LayersModel: x [batch, 784] -> [mu, logvar], each [batch, latentDim]. */
export function encoderModel(vae: ClassicVae): tf.LayersModel {
  const model = buildModel(
    'encoder',
    vae.arch.inputDim,
    vae.enc.map((p, i) => ({ p, name: `encoder_dense${i}` })),
    [
      { p: vae.encMu, name: 'mu', activation: 'linear' },
      { p: vae.encLogVar, name: 'logvar', activation: 'linear' },
    ],
  );
  model.setUserDefinedMetadata({
    latentLab: {
      role: 'encoder',
      outputs: ['mu', 'logvar'],
      note: `q(z|x) = N(mu, exp(logvar)); logvar is not clipped here: clip it to [${LOGVAR_MIN}, ${LOGVAR_MAX}] as the app does.`,
    },
  });
  return model;
}

/** The decoder as a LayersModel: z [batch, latentDim] -> logits [batch, 784] (sigmoid gives pixel means). */
export function decoderModel(vae: ClassicVae): tf.LayersModel {
  const model = buildModel(
    'decoder',
    vae.arch.latentDim,
    vae.dec.map((p, i) => ({ p, name: `decoder_dense${i}` })),
    [{ p: vae.decOut, name: 'logits', activation: 'linear' }],
  );
  model.setUserDefinedMetadata({
    latentLab: {
      role: 'decoder',
      outputs: ['logits'],
      likelihood: vae.arch.likelihood,
      note: 'outputs logits; sigmoid(logits) gives the pixel means in [0, 1] (28x28, row-major)',
    },
  });
  return model;
}

/** The JSON + weight buffer of a LayersModel, as tf.io's file and http handlers lay them out. */
export async function modelFiles(model: tf.LayersModel): Promise<{ json: object; weights: ArrayBuffer }> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  const a = artifacts! as tf.io.ModelArtifacts;
  const weights = a.weightData ? tf.io.CompositeArrayBuffer.join(a.weightData) : new ArrayBuffer(0);
  const json: Record<string, unknown> = {
    modelTopology: a.modelTopology,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: a.weightSpecs ?? [] }],
  };
  if (a.trainingConfig) json.trainingConfig = a.trainingConfig;
  if (a.userDefinedMetadata) json.userDefinedMetadata = a.userDefinedMetadata;
  return { json, weights };
}

async function writeModel(dir: string, model: tf.LayersModel): Promise<string[]> {
  const { json, weights } = await modelFiles(model);
  await mkdir(dir, { recursive: true });
  const jsonPath = join(dir, 'model.json');
  const binPath = join(dir, WEIGHTS_FILE);
  await writeFile(jsonPath, JSON.stringify(json));
  await writeFile(binPath, new Uint8Array(weights));
  return [jsonPath, binPath];
}

/**
 * Write DIR/encoder, DIR/decoder and DIR/experiment.json. `experiment` is stored as given (the CLI
 * passes the validated config and final metrics). Returns the paths written.
 */
export async function saveVae(dir: string, vae: ClassicVae, experiment: object): Promise<string[]> {
  const files: string[] = [];
  const models = [encoderModel(vae), decoderModel(vae)];
  try {
    files.push(...(await writeModel(join(dir, 'encoder'), models[0]!)));
    files.push(...(await writeModel(join(dir, 'decoder'), models[1]!)));
  } finally {
    for (const m of models) m.dispose();
  }
  const expPath = join(dir, 'experiment.json');
  await writeFile(
    expPath,
    JSON.stringify(
      {
        ...experiment,
        encoder: 'encoder/model.json',
        decoder: 'decoder/model.json',
        notes:
          'Load with tf.loadLayersModel. encoder: x [n,784] in [0,1] -> [mu, logvar]; decoder: z [n,latentDim] -> logits [n,784], sigmoid(logits) = pixel means.',
      },
      null,
      2,
    ) + '\n',
  );
  files.push(expPath);
  return files;
}
