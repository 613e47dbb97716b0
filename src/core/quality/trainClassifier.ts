import * as tf from '@tensorflow/tfjs';
import { EpochOrder, gatherBatch } from '../../data/batches';
import { subset, type MnistSplit } from '../../data/mnist';
import { setLearningRate } from '../gan/trainer';
import { Rng } from '../rng';
import { MnistClassifier, type ClassifierSpec } from './classifier';

export interface TrainHooks {
  /** Fraction of training done (0..1) and the recent mean cross-entropy. */
  onProgress?(fraction: number, loss: number): void;
  /** Let other work run (a worker's messages) between batches. */
  yieldNow?(): Promise<void>;
  /** Checked between batches: true stops training with an error. */
  cancelled?(): boolean;
}

/** Softmax cross-entropy of logits [n, 10] against integer labels, mean over the batch. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logp, tf.oneHot(tf.cast(labels, 'int32'), 10)), 1);
    return tf.neg(tf.mean(picked));
  });
}

/** Fraction of `split` whose argmax class matches the label. */
export async function accuracy(c: MnistClassifier, split: MnistSplit, chunk = 500): Promise<number> {
  let right = 0;
  for (let from = 0; from < split.count; from += chunk) {
    const to = Math.min(split.count, from + chunk);
    const idx = Uint32Array.from({ length: to - from }, (_, i) => from + i);
    const pred = tf.tidy(() =>
      tf.argMax(c.logits(tf.tensor2d(gatherBatch(split, idx, 0, idx.length), [idx.length, 784])), 1),
    );
    const p = await pred.data();
    pred.dispose();
    for (let i = 0; i < p.length; i++) if (p[i] === split.labels[from + i]) right++;
  }
  return right / split.count;
}

/** Train the classifier with Adam on shuffled minibatches, the rate decaying linearly to 0; deterministic for a spec on one backend. */
export async function trainClassifier(
  train: MnistSplit,
  test: MnistSplit,
  spec: ClassifierSpec,
  hooks: TrainHooks = {},
): Promise<{ classifier: MnistClassifier; testAccuracy: number }> {
  const rng = new Rng(spec.seed);
  const data = subset(train, spec.trainSubset);
  const c = new MnistClassifier(rng.seed());
  const opt = tf.train.adam(spec.lr);
  const order = new EpochOrder(data.count, rng);
  const perEpoch = Math.ceil(data.count / spec.batchSize);
  const total = perEpoch * spec.epochs;
  let recent: tf.Scalar[] = [];
  try {
    for (let step = 0; step < total; step++) {
      if (hooks.cancelled?.()) throw new Error('classifier training was cancelled');
      // Learning rate decays linearly to 0 over the run (a plain, reproducible schedule).
      setLearningRate(opt, spec.lr * (1 - step / total));
      const { indices } = order.next(spec.batchSize);
      const n = indices.length;
      const loss = tf.tidy(() => {
        const x = tf.tensor2d(gatherBatch(data, indices, 0, n), [n, 784]);
        const y = tf.tensor1d(
          Array.from(indices, (i) => data.labels[i]!),
          'float32',
        );
        return opt.minimize(() => crossEntropy(c.logits(x), y), true, c.variables)!;
      });
      recent.push(loss);
      if (recent.length === 20 || step === total - 1) {
        const mean = tf.tidy(() => tf.mean(tf.stack(recent)));
        const v = (await mean.data())[0]!;
        tf.dispose([mean, ...recent]);
        recent = [];
        if (!Number.isFinite(v)) throw new Error(`classifier loss became ${v} at step ${step}`);
        hooks.onProgress?.((step + 1) / total, v);
        await hooks.yieldNow?.();
      }
    }
    return { classifier: c, testAccuracy: await accuracy(c, test) };
  } catch (e) {
    c.dispose();
    throw e;
  } finally {
    tf.dispose(recent);
    opt.dispose();
  }
}
