/// <reference lib="webworker" />
import '../config/zodSetup'; // first: before any module parses with zod (CSP, no eval)
import * as tf from '@tensorflow/tfjs';
import { QUICK_CLASSIFIER, STANDARD_CLASSIFIER } from '../core/quality/classifier';
import { provideClassifier } from '../core/quality/provide';
import { QualityScorer } from '../core/quality/scorer';
import { chooseBackend } from './backend';
import { browserProbe } from './browserEnv';
import { idbClassifierStore } from './classifierIdb';
import { fetchIdxReader, loadMnist } from '../data/mnist';
import type { ClassifierChoice, QualityCommand, QualityEvent } from './qualityProtocol';

// The MNIST classifier behind the quality metrics, in its own worker so that training it (once, then
// cached in IndexedDB) and scoring samples never hold up the GAN's training worker.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (e: QualityEvent, transfer: Transferable[] = []) => scope.postMessage(e, transfer);

let scorer: QualityScorer | null = null;
let backend: Promise<string> | null = null;
let generation = 0;
let queue: Promise<void> = Promise.resolve();
const yieldNow = () => new Promise<void>((r) => setTimeout(r, 0));

async function init(which: ClassifierChoice): Promise<void> {
  const mine = ++generation;
  scorer?.dispose();
  scorer = null;
  post({ type: 'status', which, state: 'loading' });
  try {
    // One WASM thread: the training worker next door owns the other cores.
    backend ??= chooseBackend(['wasm', 'cpu'], browserProbe(false), null).then((c) => c.name);
    await backend;
    const mnist = await loadMnist(fetchIdxReader(import.meta.env.BASE_URL));
    const spec = which === 'quick' ? QUICK_CLASSIFIER : STANDARD_CLASSIFIER;
    let last = -1;
    const provided = await provideClassifier(spec, mnist, idbClassifierStore(), {
      cancelled: () => mine !== generation,
      yieldNow,
      onProgress: (f) => {
        if (f - last >= 0.01) {
          last = f;
          post({ type: 'status', which, state: 'training', progress: f });
        }
      },
    });
    if (mine !== generation) {
      provided.classifier.dispose();
      return;
    }
    const s = await QualityScorer.create(provided, mnist.test);
    if (mine !== generation) {
      s.dispose();
      return;
    }
    scorer = s;
    post({
      type: 'status',
      which,
      state: 'ready',
      info: s.info,
      message: provided.warning,
      backend: tf.getBackend(),
    });
  } catch (e) {
    if (mine === generation)
      post({ type: 'status', which, state: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

async function score(id: number, pixels: Uint8ClampedArray, count: number): Promise<void> {
  try {
    if (!scorer) throw new Error('the classifier is not ready');
    const { probs, ...scores } = await scorer.score(pixels, count);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      let best = 0;
      for (let y = 1; y < 10; y++) if (probs[i * 10 + y]! > probs[i * 10 + best]!) best = y;
      labels[i] = best;
    }
    post({ type: 'scored', id, scores, labels }, [labels.buffer]);
  } catch (e) {
    post({ type: 'scoreError', id, message: e instanceof Error ? e.message : String(e) });
  }
}

scope.onmessage = (ev: MessageEvent<QualityCommand>) => {
  const c = ev.data;
  // init starts at once (it cancels a training in progress between batches); scores wait their turn.
  if (c.type === 'init') void init(c.which);
  else queue = queue.then(() => score(c.id, c.pixels, c.count));
};
