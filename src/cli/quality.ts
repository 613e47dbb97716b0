import type { ClassifierSpec } from '../core/quality/classifier';
import { provideClassifier } from '../core/quality/provide';
import { QualityScorer } from '../core/quality/scorer';
import type { Mnist } from '../data/mnist';
import { fileClassifierStore } from './classifierFile';

/** The scoring classifier in Node: from .cache/classifier, or trained now (minutes) and saved there. */
export async function nodeScorer(
  spec: ClassifierSpec,
  mnist: Mnist,
  log: (message: string) => void,
  dir?: string,
): Promise<QualityScorer> {
  let lastReport = -1;
  const t0 = performance.now();
  const provided = await provideClassifier(spec, mnist, fileClassifierStore(dir), {
    onProgress: (f, loss) => {
      const pct = Math.floor(f * 10) * 10;
      if (pct > lastReport) {
        lastReport = pct;
        log(
          `training the MNIST classifier (first use): ${pct}%, loss ${loss.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
        );
      }
    },
  });
  if (provided.warning) log(provided.warning);
  if (provided.trained)
    log(
      `trained ${provided.key}: test accuracy ${(100 * provided.testAccuracy).toFixed(2)}% in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  return QualityScorer.create(provided, mnist.test);
}
