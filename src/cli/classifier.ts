/**
 * `npm run classifier -- [--json] [--quick] [--seed S] [--epochs E] [--retrain] [--score FILE.idx ...]`:
 * train (or load from .cache/classifier) the MNIST classifier behind the lab's quality metrics and print
 * its test accuracy, the real digits' reference scores, and the scores of any IDX3 image files given.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  classifierKey,
  classifierTraining,
  QUICK_CLASSIFIER,
  STANDARD_CLASSIFIER,
  type ClassifierSpec,
} from '../core/quality/classifier';
import { parseIdxImages } from '../data/idx';
import { loadMnist } from '../data/mnist';
import { nodeIdxReader } from '../data/mnistNode';
import { nodeEnv } from '../engine/nodeEnv';
import { errorWriter, UsageError } from './args';
import { DEFAULT_CLASSIFIER_DIR } from './classifierFile';
import { nodeScorer } from './quality';

const USAGE = `Train or load the MNIST classifier behind the quality metrics and score image files.

usage: npm run classifier -- [--json] [--quick] [--seed S] [--epochs E] [--retrain] [--score FILE.idx]...

  --quick          the fast, weaker classifier (${classifierTraining(QUICK_CLASSIFIER)}) instead of the standard one
  --seed S         training seed (default 1); the same seed and spec give the same weights
  --epochs E       training epochs (default: ${STANDARD_CLASSIFIER.epochs} standard, ${QUICK_CLASSIFIER.epochs} quick)
  --retrain        ignore and replace the cached copy in .cache/classifier
  --score FILE     score an IDX3 ubyte file of 28x28 digits (repeatable): MNIST score, Fréchet
                   distance to the test digits, class histogram and its KL to uniform
  --json           one JSON object per line on stdout`;

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const print = (o: Record<string, unknown>, human: string) =>
    process.stdout.write((json ? JSON.stringify(o) : human) + '\n');
  const err = errorWriter(json);
  let spec: ClassifierSpec = { ...STANDARD_CLASSIFIER };
  let retrain = false;
  const files: string[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      const value = () => {
        const v = argv[++i];
        if (v === undefined) throw new UsageError(a, 'needs a value');
        return v;
      };
      const int = (v: string, min: number) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < min)
          throw new UsageError(a, `expected a whole number >= ${min}, got "${v}"`);
        return n;
      };
      if (a === '--json') continue;
      else if (a === '--help' || a === '-h') {
        process.stdout.write(USAGE + '\n');
        return 0;
      } else if (a === '--quick') spec = { ...QUICK_CLASSIFIER, seed: spec.seed };
      else if (a === '--retrain') retrain = true;
      else if (a === '--seed') spec = { ...spec, seed: int(value(), 0) };
      else if (a === '--epochs') spec = { ...spec, epochs: int(value(), 1) };
      else if (a === '--score') files.push(value());
      else throw new UsageError(a, 'unknown flag (see --help)');
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err('error', e.message);
    return 2;
  }
  tf.enableProdMode();
  await nodeEnv().chooseBackend(null);
  const mnist = await loadMnist(nodeIdxReader());
  if (retrain) rmSync(join(DEFAULT_CLASSIFIER_DIR, `${classifierKey(spec)}.json`), { force: true });
  const t0 = performance.now();
  const scorer = await nodeScorer(spec, mnist, (m) => err('classifier', m));
  try {
    const ref = scorer.info.testScores;
    print(
      {
        event: 'classifier',
        key: scorer.info.key,
        trained: scorer.provided.trained,
        seconds: round((performance.now() - t0) / 1000, 1),
        backend: tf.getBackend(),
        test_accuracy: round(scorer.info.testAccuracy),
        target_test_accuracy: 0.985,
        test_mnist_score: round(ref.mnistScore),
        test_class_kl: round(ref.classKl),
        test_near_copy_share: round(ref.nearCopyShare),
        reference_mnist_score_good_classifier: 9.88,
      },
      `${scorer.info.key}: test accuracy ${(100 * scorer.info.testAccuracy).toFixed(2)}% (target >= 98.5%); ` +
        `the 10,000 test digits score ${ref.mnistScore.toFixed(3)} (about 9.88 with a good classifier), class KL ${ref.classKl.toFixed(4)}, ` +
        `near-copy share of the first 1,000 ${ref.nearCopyShare.toFixed(3)}`,
    );
    // Real digits the classifier never trained its test statistics on: the floor of the Fréchet distance.
    const trainSample = await scorer.score(mnist.train.images.subarray(0, 10_000 * 784), 10_000);
    print(
      {
        event: 'reference',
        set: 'mnist-train-first-10000',
        mnist_score: round(trainSample.mnistScore),
        frechet: round(trainSample.frechet!),
        class_kl: round(trainSample.classKl),
      },
      `first 10,000 training digits: MNIST score ${trainSample.mnistScore.toFixed(3)}, Fréchet ${trainSample.frechet!.toFixed(3)}, class KL ${trainSample.classKl.toFixed(4)}`,
    );
    for (const f of files) {
      const img = parseIdxImages(new Uint8Array(readFileSync(f)), f);
      const s = await scorer.score(img.pixels, img.count);
      print(
        {
          event: 'score',
          file: f,
          samples: img.count,
          mnist_score: round(s.mnistScore),
          frechet: round(s.frechet!),
          class_kl: round(s.classKl),
          class_histogram: s.histogram,
          mean_confidence: round(s.meanConfidence),
          near_copy_share: round(s.nearCopyShare),
        },
        `${f}: ${img.count} digits, MNIST score ${s.mnistScore.toFixed(3)}, Fréchet ${s.frechet!.toFixed(3)}, class KL ${s.classKl.toFixed(4)}, ` +
          `near-copy share ${s.nearCopyShare.toFixed(3)} (classes ${s.histogram.join(' ')})`,
      );
    }
    return 0;
  } catch (e) {
    err('error', e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    scorer.dispose();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(JSON.stringify({ event: 'error', message: String(e) }) + '\n');
      process.exit(1);
    },
  );
}
