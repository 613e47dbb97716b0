import type { MnistSplit } from '../../data/mnist';
import type { Moments } from './frechet';
import { featureMoments, scoreImages, type QualityScores } from './metrics';
import type { ProvidedClassifier } from './provide';

/** What the lab reports about the classifier behind every score. */
export interface ClassifierInfo {
  key: string;
  testAccuracy: number;
  /** The real test digits' own scores: the reference a perfect generator would match. */
  testScores: QualityScores;
}

/**
 * A trained classifier plus the test set's feature statistics: scores any batch of generated digits
 * (MNIST score, class histogram and its KL to uniform, Fréchet distance to the 10,000 test digits).
 */
export class QualityScorer {
  private constructor(
    readonly provided: ProvidedClassifier,
    readonly reference: Moments,
    readonly info: ClassifierInfo,
  ) {}

  static async create(provided: ProvidedClassifier, test: MnistSplit): Promise<QualityScorer> {
    const c = provided.classifier;
    const self = await scoreImages(c, test.images, test.count, null);
    const reference = await featureMoments(c, test.images, test.count);
    const testScores: QualityScores = {
      count: self.count,
      mnistScore: self.mnistScore,
      histogram: self.histogram,
      classKl: self.classKl,
      meanConfidence: self.meanConfidence,
      frechet: 0,
    };
    return new QualityScorer(provided, reference, {
      key: provided.key,
      testAccuracy: provided.testAccuracy,
      testScores,
    });
  }

  /** Scores of n generated digits (bytes 0..255 or floats in [0, 1]), with p(y|x) per digit. */
  score(images: ArrayLike<number>, n: number) {
    return scoreImages(this.provided.classifier, images, n, this.reference);
  }

  dispose(): void {
    this.provided.classifier.dispose();
  }
}
