import * as tf from '@tensorflow/tfjs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConvParams } from '../core/conv';
import type { DenseParams } from '../core/dense';
import { LOGVAR_MAX, LOGVAR_MIN } from '../core/gaussian';
import type { Vae } from '../core/vae/vae';
import { AutoregressiveDecoder } from '../core/vae/autoregressiveDecoder';

/**
 * Saving a trained VAE of any variant in tfjs's own LayersModel format, so the app and other tools load
 * it with `tf.loadLayersModel('.../encoder/model.json')`:
 *
 *   DIR/encoder/model.json + weights.bin   x [784] (, c [10]) -> ... -> [mu, logvar]     (two outputs)
 *   DIR/decoder/model.json + weights.bin   z [latentDim] (, c [10]) -> ... -> out [784 * P] (linear)
 *                                          (autoregressive decoder: z (, c), x [784] -> logits [784])
 *   DIR/extras.json + extras.bin           the likelihood's and the prior's own parameters, if any
 *   DIR/experiment.json                    the validated config and the final metrics
 *
 * MLP: Dense(relu) layers. Conv: the encoder reshapes x to 28x28x1, then two 4x4 stride-2 Conv2D(relu)
 * with 1 pixel of zero padding (ZeroPadding2D + 'valid'), Flatten, Dense(relu)...; the decoder ends in
 * Dense(relu) to 7x7xC, then two 4x4 stride-2 Conv2DTranspose ('valid', then Cropping2D(1)), ReLU
 * between. A conditional VAE's models take the one-hot label c as a second input, concatenated after
 * the encoder's convolutions (or x) and to z.
 *
 * The decoder's output `out` holds P numbers per pixel, pixel-major (out[p * P + f]); what they mean is
 * the likelihood's (experiment.json `likelihood_output`): logits of a Bernoulli or continuous Bernoulli
 * (P = 1), the pre-sigmoid mean of a Gaussian (P = 1), or F features per pixel of the 256-way
 * categorical, whose head (in extras) gives logits = out_p W + b + pixelBias[p]. The encoder's logvar
 * output is not clipped; the app clips it to [LOGVAR_MIN, LOGVAR_MAX] before exp().
 */

export const WEIGHTS_FILE = 'weights.bin';

/** A layer and the parameters to copy into it. */
type Bound = [tf.layers.Layer, tf.Tensor[]];

function denseLayer(p: DenseParams, name: string, activation: 'relu' | 'linear', bound: Bound[]) {
  const layer = tf.layers.dense({ units: p.W.shape[1]!, activation, name });
  bound.push([layer, [p.W, p.b]]);
  return layer;
}

function finish(
  name: string,
  inputs: tf.SymbolicTensor[],
  outputs: tf.SymbolicTensor[],
  bound: Bound[],
): tf.LayersModel {
  const model = tf.model({ inputs, outputs: outputs.length === 1 ? outputs[0]! : outputs, name });
  // setWeights copies the values: later training of the VAE does not change the saved model.
  for (const [layer, ws] of bound) layer.setWeights(ws);
  return model;
}

/** The encoder q(z|x[, c]) as a LayersModel: -> [mu, logvar], each [batch, latentDim]. */
export function encoderModel(vae: Vae): tf.LayersModel {
  const bound: Bound[] = [];
  const x = tf.input({ shape: [784], name: 'encoder_input' });
  const inputs = [x];
  let h: tf.SymbolicTensor = x;
  const enc = vae.encoder;
  if (enc.convs.length) {
    h = tf.layers.reshape({ targetShape: [28, 28, 1], name: 'encoder_image' }).apply(h) as tf.SymbolicTensor;
    enc.convs.forEach((p: ConvParams, i) => {
      h = tf.layers.zeroPadding2d({ padding: 1, name: `encoder_pad${i}` }).apply(h) as tf.SymbolicTensor;
      const conv = tf.layers.conv2d({
        filters: p.W.shape[3]!,
        kernelSize: p.W.shape[0]!,
        strides: 2,
        padding: 'valid',
        activation: 'relu',
        name: `encoder_conv${i}`,
      });
      bound.push([conv, [p.W, p.b]]);
      h = conv.apply(h) as tf.SymbolicTensor;
    });
    h = tf.layers.flatten({ name: 'encoder_flatten' }).apply(h) as tf.SymbolicTensor;
  }
  if (vae.conditional) {
    const c = tf.input({ shape: [vae.arch.conditionDim], name: 'encoder_label' });
    inputs.push(c);
    h = tf.layers.concatenate({ name: 'encoder_with_label' }).apply([h, c]) as tf.SymbolicTensor;
  }
  enc.dense.forEach(
    (p, i) => (h = denseLayer(p, `encoder_dense${i}`, 'relu', bound).apply(h) as tf.SymbolicTensor),
  );
  const mu = denseLayer(enc.mu, 'mu', 'linear', bound).apply(h) as tf.SymbolicTensor;
  const logVar = denseLayer(enc.logVar, 'logvar', 'linear', bound).apply(h) as tf.SymbolicTensor;
  const model = finish('encoder', inputs, [mu, logVar], bound);
  model.setUserDefinedMetadata({
    latentLab: {
      role: 'encoder',
      inputs: vae.conditional ? ['x', 'label_one_hot'] : ['x'],
      outputs: ['mu', 'logvar'],
      note: `q(z|x) = N(mu, exp(logvar)); logvar is not clipped here: clip it to [${LOGVAR_MIN}, ${LOGVAR_MAX}] as the app does.`,
    },
  });
  return model;
}

/** The decoder as a LayersModel: z (, c) -> out [batch, 784 * P] (see the file comment). */
export function decoderModel(vae: Vae): tf.LayersModel {
  const bound: Bound[] = [];
  const z = tf.input({ shape: [vae.arch.latentDim], name: 'decoder_input' });
  const inputs = [z];
  let h: tf.SymbolicTensor = z;
  if (vae.conditional) {
    const c = tf.input({ shape: [vae.arch.conditionDim], name: 'decoder_label' });
    inputs.push(c);
    h = tf.layers.concatenate({ name: 'decoder_with_label' }).apply([h, c]) as tf.SymbolicTensor;
  }
  const dec = vae.decoder;
  if (dec instanceof AutoregressiveDecoder) return autoregressiveDecoderModel(vae, dec, inputs, h);
  dec.dense.forEach(
    (p, i) => (h = denseLayer(p, `decoder_dense${i}`, 'relu', bound).apply(h) as tf.SymbolicTensor),
  );
  if (dec.out) {
    h = denseLayer(dec.out, 'logits', 'linear', bound).apply(h) as tf.SymbolicTensor;
  } else {
    const c2 = vae.arch.convChannels[1]!;
    h = denseLayer(dec.toGrid!, 'decoder_grid', 'relu', bound).apply(h) as tf.SymbolicTensor;
    h = tf.layers.reshape({ targetShape: [7, 7, c2], name: 'decoder_image' }).apply(h) as tf.SymbolicTensor;
    dec.deconvs.forEach((p, i) => {
      const last = i === dec.deconvs.length - 1;
      const deconv = tf.layers.conv2dTranspose({
        filters: p.W.shape[2]!,
        kernelSize: p.W.shape[0]!,
        strides: 2,
        padding: 'valid',
        activation: last ? 'linear' : 'relu',
        name: last ? 'logits_image' : `decoder_deconv${i}`,
      });
      bound.push([deconv, [p.W, p.b]]);
      h = deconv.apply(h) as tf.SymbolicTensor;
      h = tf.layers.cropping2D({ cropping: 1, name: `decoder_crop${i}` }).apply(h) as tf.SymbolicTensor;
    });
    h = tf.layers
      .reshape({ targetShape: [784 * vae.arch.outputsPerPixel], name: 'logits' })
      .apply(h) as tf.SymbolicTensor;
  }
  const model = finish('decoder', inputs, [h], bound);
  model.setUserDefinedMetadata({
    latentLab: {
      role: 'decoder',
      inputs: vae.conditional ? ['z', 'label_one_hot'] : ['z'],
      outputs: ['logits'],
      likelihood: vae.likelihood.name,
      outputs_per_pixel: vae.arch.outputsPerPixel,
      note: likelihoodOutputNote(vae),
    },
  });
  return model;
}

/**
 * The autoregressive decoder, teacher-forced: z (, c) and the image x -> logits [n, 784], logit i a
 * function of x_<i and z only (the masks are applied to the saved kernels): hidden = relu([x, z, c] W_in
 * + b_in), logits = [hidden, x] W_out + b_out. Sample pixel by pixel: feed
 * the pixels drawn so far (later ones any value), read logit i, draw x_i, repeat for i = 0..783.
 */
function autoregressiveDecoderModel(
  vae: Vae,
  dec: AutoregressiveDecoder,
  inputs: tf.SymbolicTensor[],
  context: tf.SymbolicTensor,
): tf.LayersModel {
  const w = dec.weightsSync();
  const x = tf.input({ shape: [784], name: 'decoder_pixels' });
  inputs.push(x);
  const H = w.hidden;
  const inLayer = tf.layers.dense({ units: H, activation: 'relu', name: 'ar_hidden' });
  const outLayer = tf.layers.dense({ units: 784, activation: 'linear', name: 'logits' });
  const both = tf.layers.concatenate({ name: 'ar_input' }).apply([x, context]) as tf.SymbolicTensor;
  const h = inLayer.apply(both) as tf.SymbolicTensor;
  const all = tf.layers.concatenate({ name: 'ar_output_input' }).apply([h, x]) as tf.SymbolicTensor;
  const logits = outLayer.apply(all) as tf.SymbolicTensor;
  const C = w.contextDim;
  const Win = new Float32Array((784 + C) * H);
  Win.set(w.Wx);
  Win.set(w.Wz, 784 * H);
  const Wout = new Float32Array((H + 784) * 784);
  Wout.set(w.Wh);
  Wout.set(w.Wd, H * 784);
  const ts = [
    tf.tensor2d(Win, [784 + C, H]),
    tf.tensor1d(w.bIn),
    tf.tensor2d(Wout, [H + 784, 784]),
    tf.tensor1d(w.bOut),
  ];
  try {
    const model = finish(
      'decoder',
      inputs,
      [logits],
      [
        [inLayer, [ts[0]!, ts[1]!]],
        [outLayer, [ts[2]!, ts[3]!]],
      ],
    );
    model.setUserDefinedMetadata({
      latentLab: {
        role: 'decoder',
        decoder: 'autoregressive',
        inputs: vae.conditional ? ['z', 'label_one_hot', 'x'] : ['z', 'x'],
        outputs: ['logits'],
        likelihood: vae.likelihood.name,
        outputs_per_pixel: 1,
        note:
          'autoregressive (MADE) decoder, teacher-forced: logit i depends on x[0..i-1] (raster order) and z only; ' +
          'sigmoid(logit i) = p(x_i = 1 | x_<i, z). log p(x|z) = sum_i Bernoulli log-probabilities of x_i in one pass; ' +
          'sampling is sequential (784 passes, feeding back each drawn pixel).',
      },
    });
    return model;
  } finally {
    tf.dispose(ts);
  }
}

/** What the decoder's output means for this model's likelihood. */
export function likelihoodOutputNote(vae: Vae): string {
  switch (vae.likelihood.name) {
    case 'bernoulli':
    case 'bernoulli-binarized':
      return 'logits [n, 784]: sigmoid(logits) = the Bernoulli means (28x28, row-major)';
    case 'continuous-bernoulli':
      return 'logits [n, 784] of the continuous Bernoulli: lambda = sigmoid(logits); its mean is lambda/(2 lambda - 1) + 1/(2 artanh(1 - 2 lambda))';
    case 'gaussian':
    case 'gaussian-learned':
      return 'out [n, 784]: sigmoid(out) = the Gaussian means; sigma in experiment.json / extras (learned)';
    case 'categorical':
      return `features [n, 784 * ${vae.arch.outputsPerPixel}], pixel-major: logits of pixel p = features_p W + b + pixelBias[p] (extras: likelihood/head, likelihood/headBias, likelihood/pixelBias)`;
  }
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
 * The likelihood's and the prior's own variables (learned sigma, categorical head, mixture / learned
 * prior parameters, VampPrior pseudo-inputs) as extras.json (a tf.io weights manifest: name, shape,
 * dtype, in order) + extras.bin (float32, concatenated). Null when the model has none.
 */
async function writeExtras(dir: string, vae: Vae): Promise<string[]> {
  const vars = [...vae.likelihood.variables(), ...vae.prior.variables()];
  if (vars.length === 0) return [];
  const { data, specs } = await tf.io.encodeWeights(vars.map((v) => ({ name: v.name, tensor: v })));
  const jsonPath = join(dir, 'extras.json');
  const binPath = join(dir, 'extras.bin');
  const notes: Record<string, string> = {
    'likelihood/logSigma': 'log sigma of the Gaussian likelihood (the app clips it to [log 0.01, 0])',
    'likelihood/head': 'categorical head weights [F, 256]',
    'likelihood/headBias': 'categorical head bias [256]',
    'likelihood/pixelBias': 'categorical per-pixel bias [784, 256]',
    'prior/mean': 'learned Gaussian prior mean [1, d]',
    'prior/logVar': 'learned Gaussian prior log-variance [1, d]',
    'prior/means': 'mixture prior component means [K, d]',
    'prior/logVars': 'mixture prior component log-variances [K, d]',
    'prior/logits': 'mixture prior weight logits [K] (weights = softmax)',
    'prior/pseudoInputs':
      'VampPrior pseudo-inputs before the sigmoid [K, 784]; p(z) = mean_k q(z | sigmoid(u_k))',
  };
  await writeFile(
    jsonPath,
    JSON.stringify(
      {
        weightsManifest: [{ paths: ['extras.bin'], weights: specs }],
        notes: Object.fromEntries(specs.map((s) => [s.name, notes[s.name] ?? ''])),
      },
      null,
      2,
    ) + '\n',
  );
  await writeFile(binPath, new Uint8Array(tf.io.CompositeArrayBuffer.join(data)));
  return [jsonPath, binPath];
}

/**
 * Write DIR/encoder, DIR/decoder, DIR/extras (if the variant has extra parameters) and
 * DIR/experiment.json. `experiment` is stored as given (the CLI passes the validated config and final
 * metrics). Returns the paths written.
 */
export async function saveVae(dir: string, vae: Vae, experiment: object): Promise<string[]> {
  const files: string[] = [];
  const models = [encoderModel(vae), decoderModel(vae)];
  try {
    files.push(...(await writeModel(join(dir, 'encoder'), models[0]!)));
    files.push(...(await writeModel(join(dir, 'decoder'), models[1]!)));
  } finally {
    for (const m of models) m.dispose();
  }
  const extras = await writeExtras(dir, vae);
  files.push(...extras);
  const expPath = join(dir, 'experiment.json');
  await writeFile(
    expPath,
    JSON.stringify(
      {
        ...experiment,
        encoder: 'encoder/model.json',
        decoder: 'decoder/model.json',
        extras: extras.length ? 'extras.json' : null,
        likelihood_output: likelihoodOutputNote(vae),
        notes:
          'Load with tf.loadLayersModel. encoder: x [n,784] in [0,1] (and the one-hot label for a conditional VAE) -> [mu, logvar]; decoder: z [n,latentDim] (and the label; and x for the autoregressive decoder) -> out; see likelihood_output.',
      },
      null,
      2,
    ) + '\n',
  );
  files.push(expPath);
  return files;
}
