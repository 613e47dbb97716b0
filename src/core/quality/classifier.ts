import * as tf from '@tensorflow/tfjs';
import { conv2dLayer, initConv, type ConvParams } from '../conv';
import { dense, initDense, type DenseParams } from '../dense';

/**
 * The MNIST classifier behind the lab's quality and coverage metrics (the role Inception-v3 plays for
 * natural images): a small CNN trained by the project itself on the bundled MNIST.
 *   28x28x1 -> conv 4x4/2 (32, ReLU) -> 14x14x32 -> conv 4x4/2 (64, ReLU) -> 7x7x64
 *           -> dense 128 (ReLU): the FEATURES the Fréchet distance compares -> dense 10: class logits.
 */
export {
  CLASSIFIER_ARCH,
  QUICK_CLASSIFIER,
  STANDARD_CLASSIFIER,
  classifierKey,
  classifierTraining,
  type ClassifierSpec,
} from './classifierSpec';
export const FEATURE_DIM = 128;

/** Weights as plain arrays, in `variables` order (for files and IndexedDB). */
export interface ClassifierWeights {
  key: string;
  shapes: number[][];
  values: Float32Array[];
  /** Accuracy on the 10,000 MNIST test digits when it was trained. */
  testAccuracy: number;
}

export class MnistClassifier {
  readonly conv1: ConvParams;
  readonly conv2: ConvParams;
  readonly fc: DenseParams;
  readonly out: DenseParams;

  constructor(seed: number, name = 'mnistClassifier') {
    const id = `${name}${++instances}`;
    this.conv1 = initConv(4, 1, 32, seed, `${id}/conv1`);
    this.conv2 = initConv(4, 32, 64, seed + 2, `${id}/conv2`);
    this.fc = initDense(7 * 7 * 64, FEATURE_DIM, seed + 4, `${id}/fc`);
    this.out = initDense(FEATURE_DIM, 10, seed + 6, `${id}/out`);
  }

  /** Penultimate-layer features [n, 128] for images [n, 784] in [0, 1]. */
  features(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const n = x.shape[0];
      let h: tf.Tensor4D = tf.reshape(x, [n, 28, 28, 1]);
      h = tf.relu(conv2dLayer(h, this.conv1, 2, 1, true));
      h = tf.relu(conv2dLayer(h, this.conv2, 2, 1));
      return tf.relu(dense(tf.reshape(h, [n, 7 * 7 * 64]), this.fc));
    });
  }

  /** Class logits [n, 10] from features. */
  logitsFromFeatures(f: tf.Tensor2D): tf.Tensor2D {
    return dense(f, this.out);
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.logitsFromFeatures(this.features(x)));
  }

  get variables(): tf.Variable[] {
    return [this.conv1, this.conv2, this.fc, this.out].flatMap((p) => [p.W, p.b]);
  }

  exportWeights(key: string, testAccuracy: number): ClassifierWeights {
    return {
      key,
      testAccuracy,
      shapes: this.variables.map((v) => v.shape.slice()),
      values: this.variables.map((v) => v.dataSync().slice() as Float32Array),
    };
  }

  /** Load saved weights; throws naming the first mismatch (a stale or corrupt cache). */
  loadWeights(w: ClassifierWeights): void {
    const vars = this.variables;
    if (w.values.length !== vars.length)
      throw new Error(`expected ${vars.length} weight arrays, got ${w.values.length}`);
    vars.forEach((v, i) => {
      const vals = w.values[i]!;
      if (vals.length !== v.size || !vals.every(Number.isFinite)) {
        throw new Error(
          `weight array ${i} (${v.name}) has ${vals.length} values, expected ${v.size} finite ones`,
        );
      }
    });
    vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(w.values[i]!, v.shape))));
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

let instances = 0;
