import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveVae } from '../../src/cli/save';
import { parseExperimentConfig } from '../../src/config/schema';
import { classicVaeConfig } from '../../src/config/vae';
import { Vae } from '../../src/core/vae/vae';
import type { Decoder } from '../../src/core/vae/networks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tf.io handler that reads model.json and its weight files from disk, as tf.io's http loader would. */
function fileHandler(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((g) => g.weights);
        const buffers = manifest.flatMap((g) =>
          g.paths.map((p) => {
            const b = readFileSync(join(dirname(modelJsonPath), p));
            return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
          }),
        );
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('saving a VAE as tfjs LayersModels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-lab-save-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const arch = {
    ...structuredClone(classicVaeConfig.model),
    encoderHidden: [24, 16],
    decoderHidden: [12],
    latentDim: 3,
  };

  it('loads back with tf.loadLayersModel and computes what the Vae computes', async () => {
    const vae = new Vae(arch, 42);
    // Make the biases non-trivial so a dropped bias would show.
    for (const v of vae.variables())
      if (v.shape.length === 1) v.assign(tf.randomNormal(v.shape, 0, 0.3, 'float32', 1));
    const config = structuredClone(classicVaeConfig);
    const before = tf.memory().numTensors;
    const files = await saveVae(dir, vae, { config, metrics: { test_loss: 123.4 } });
    expect(tf.memory().numTensors).toBe(before); // the temporary LayersModels were disposed
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(
      [
        'decoder/model.json',
        'decoder/weights.bin',
        'encoder/model.json',
        'encoder/weights.bin',
        'experiment.json',
      ].sort(),
    );

    const encoder = await tf.loadLayersModel(fileHandler(join(dir, 'encoder', 'model.json')));
    const decoder = await tf.loadLayersModel(fileHandler(join(dir, 'decoder', 'model.json')));
    expect(encoder.inputs[0]!.shape).toEqual([null, 784]);
    expect(encoder.outputs.map((o) => o.shape)).toEqual([
      [null, 3],
      [null, 3],
    ]);
    expect(decoder.inputs[0]!.shape).toEqual([null, 3]);
    expect(decoder.outputs[0]!.shape).toEqual([null, 784]);

    const x = tf.randomUniform([7, 784], 0, 1, 'float32', 3) as tf.Tensor2D;
    const z = tf.randomNormal([7, 3], 0, 1.5, 'float32', 4) as tf.Tensor2D;
    const [mu, logVar] = encoder.predict(x) as tf.Tensor[];
    const logits = decoder.predict(z) as tf.Tensor;
    const want = vae.encode(x);
    const wantLogits = vae.decodeOutput(z);
    expect(maxAbsDiff(mu!, want.mu)).toBeLessThan(1e-5);
    expect(maxAbsDiff(logVar!, want.logVar)).toBeLessThan(1e-5);
    expect(maxAbsDiff(logits, wantLogits)).toBeLessThan(1e-5);
    // and the outputs are not trivially zero
    expect(tf.tidy(() => tf.max(tf.abs(logits)).dataSync()[0]!)).toBeGreaterThan(0.01);

    // The saved model is a copy: training the VAE further does not change it.
    const out = (vae.decoder as Decoder).out!;
    out.b.assign(tf.add(out.b, 1));
    const reloaded = await tf.loadLayersModel(fileHandler(join(dir, 'decoder', 'model.json')));
    const again = reloaded.predict(z) as tf.Tensor;
    expect(maxAbsDiff(again, logits)).toBeLessThan(1e-6);

    const meta = decoder.getUserDefinedMetadata() as { latentLab: { outputs: string[] } };
    expect(meta.latentLab.outputs).toEqual(['logits']);

    tf.dispose([x, z, mu!, logVar!, logits, want.mu, want.logVar, wantLogits, again]);
    for (const m of [encoder, decoder, reloaded]) m.dispose();
    vae.dispose();
  });

  it('writes experiment.json with the config (still valid) and the metrics', () => {
    const exp = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));
    expect(parseExperimentConfig(exp.config).ok).toBe(true);
    expect(exp.metrics.test_loss).toBe(123.4);
    expect(exp.encoder).toBe('encoder/model.json');
    expect(exp.decoder).toBe('decoder/model.json');
  });

  it('model.json uses the standard tfjs layout (weightsManifest paths relative to model.json)', () => {
    const json = JSON.parse(readFileSync(join(dir, 'decoder', 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const names = json.weightsManifest[0].weights.map((w: { name: string }) => w.name);
    expect(names).toEqual(['decoder_dense0/kernel', 'decoder_dense0/bias', 'logits/kernel', 'logits/bias']);
    const bytes = readFileSync(join(dir, 'decoder', 'weights.bin')).byteLength;
    expect(bytes).toBe(4 * (3 * 12 + 12 + 12 * 784 + 784));
  });
});

describe('saving every variant: conv, conditional, categorical head, mixture prior', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-lab-save-conv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a conditional conv VAE loads back and computes what the Vae computes; extras hold the rest', async () => {
    const vae = new Vae(
      {
        ...structuredClone(classicVaeConfig.model),
        variant: 'conditional',
        architecture: 'conv',
        convChannels: [3, 4],
        encoderHidden: [10],
        decoderHidden: [9],
        latentDim: 3,
        likelihood: 'categorical',
        categoricalFeatures: 2,
        prior: 'mixture',
        priorComponents: 4,
      },
      5,
    );
    try {
      for (const v of vae.variables())
        if (v.shape.length === 1) v.assign(tf.randomNormal(v.shape, 0, 0.3, 'float32', 1));
      const files = await saveVae(dir, vae, { config: classicVaeConfig });
      expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(
        [
          'decoder/model.json',
          'decoder/weights.bin',
          'encoder/model.json',
          'encoder/weights.bin',
          'experiment.json',
          'extras.bin',
          'extras.json',
        ].sort(),
      );
      const encoder = await tf.loadLayersModel(fileHandler(join(dir, 'encoder', 'model.json')));
      const decoder = await tf.loadLayersModel(fileHandler(join(dir, 'decoder', 'model.json')));
      expect(encoder.inputs.map((i) => i.shape)).toEqual([
        [null, 784],
        [null, 10],
      ]);
      expect(decoder.outputs[0]!.shape).toEqual([null, 784 * 2]);
      const x = tf.randomUniform([5, 784], 0, 1, 'float32', 3) as tf.Tensor2D;
      const c = tf.oneHot(tf.tensor1d([0, 3, 9, 1, 1], 'int32'), 10).toFloat() as tf.Tensor2D;
      const z = tf.randomNormal([5, 3], 0, 1.5, 'float32', 4) as tf.Tensor2D;
      const [mu, logVar] = encoder.predict([x, c]) as tf.Tensor[];
      const out = decoder.predict([z, c]) as tf.Tensor;
      const want = vae.encode(x, c);
      const wantOut = vae.decodeOutput(z, c);
      expect(maxAbsDiff(mu!, want.mu)).toBeLessThan(1e-4);
      expect(maxAbsDiff(logVar!, want.logVar)).toBeLessThan(1e-4);
      expect(maxAbsDiff(out, wantOut)).toBeLessThan(1e-4);
      expect(tf.tidy(() => tf.max(tf.abs(out)).dataSync()[0]!)).toBeGreaterThan(0.01);

      const extras = JSON.parse(readFileSync(join(dir, 'extras.json'), 'utf8'));
      const specs = extras.weightsManifest[0].weights as { name: string; shape: number[] }[];
      expect(specs.map((s) => [s.name, s.shape])).toEqual([
        ['likelihood/head', [2, 256]],
        ['likelihood/headBias', [256]],
        ['likelihood/pixelBias', [784, 256]],
        ['prior/means', [4, 3]],
        ['prior/logVars', [4, 3]],
        ['prior/logits', [4]],
      ]);
      const floats = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
      expect(readFileSync(join(dir, 'extras.bin')).byteLength).toBe(4 * floats);
      const exp = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));
      expect(exp.extras).toBe('extras.json');
      expect(exp.likelihood_output).toMatch(/pixelBias/);
      tf.dispose([x, c, z, mu!, logVar!, out, want.mu, want.logVar, wantOut]);
      encoder.dispose();
      decoder.dispose();
    } finally {
      vae.dispose();
    }
  });
});
