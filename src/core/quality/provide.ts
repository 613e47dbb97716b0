import type { MnistSplit } from '../../data/mnist';
import { classifierKey, MnistClassifier, type ClassifierSpec, type ClassifierWeights } from './classifier';
import { trainClassifier, type TrainHooks } from './trainClassifier';

/** Where trained classifiers are kept: a file in Node, IndexedDB in the browser. */
export interface ClassifierStore {
  /** Null when nothing is stored under the key; throws only for unreadable storage. */
  load(key: string): Promise<ClassifierWeights | null>;
  save(w: ClassifierWeights): Promise<void>;
}

export interface ProvidedClassifier {
  classifier: MnistClassifier;
  spec: ClassifierSpec;
  key: string;
  testAccuracy: number;
  /** True when it was trained now rather than loaded. */
  trained: boolean;
  /** Why a stored copy was not used (corrupt or stale), if one was found. */
  warning?: string;
}

/** The classifier for `spec`: from the store when a valid copy is there, else trained and stored. */
export async function provideClassifier(
  spec: ClassifierSpec,
  data: { train: MnistSplit; test: MnistSplit },
  store: ClassifierStore,
  hooks: TrainHooks = {},
): Promise<ProvidedClassifier> {
  const key = classifierKey(spec);
  let warning: string | undefined;
  try {
    const saved = await store.load(key);
    if (saved) {
      const c = new MnistClassifier(spec.seed);
      try {
        if (saved.key !== key) throw new Error(`it was stored as ${saved.key}`);
        c.loadWeights(saved);
        return { classifier: c, spec, key, testAccuracy: saved.testAccuracy, trained: false };
      } catch (e) {
        c.dispose();
        warning = `the stored classifier ${key} was unusable (${(e as Error).message}); trained a new one`;
      }
    }
  } catch (e) {
    warning = `could not read the stored classifier (${(e as Error).message}); trained a new one`;
  }
  const { classifier, testAccuracy } = await trainClassifier(data.train, data.test, spec, hooks);
  try {
    await store.save(classifier.exportWeights(key, testAccuracy));
  } catch (e) {
    warning = `${warning ? warning + '; ' : ''}could not store the classifier (${(e as Error).message})`;
  }
  return { classifier, spec, key, testAccuracy, trained: true, warning };
}
