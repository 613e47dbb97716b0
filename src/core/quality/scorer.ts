import type { MnistSplit } from '../../data/mnist';
import { klToUniform } from '../gan/metrics';
import { FEATURE_DIM } from './classifier';
import { moments, type Moments } from './frechet';
import {
  classHistogram,
  classify,
  meanConfidence,
  mnistScore,
  scoreImages,
  type QualityScores,
} from './metrics';
import { nearCopyShare } from './nearCopies';
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
    // One pass over the test digits gives both their own scores and the Fréchet reference.
    const { probs, features } = await classify(provided.classifier, test.images, test.count);
    const n = test.count;
    const histogram = classHistogram(probs, n);
    const testScores: QualityScores = {
      count: n,
      mnistScore: mnistScore(probs, n),
      histogram,
      classKl: klToUniform(histogram) ?? 0,
      frechet: 0,
      meanConfidence: meanConfidence(probs, n),
      nearCopyShare: await nearCopyShare(test.images, n),
    };
    const reference = moments(features, n, FEATURE_DIM);
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
