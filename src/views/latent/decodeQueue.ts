import { latestWins } from '../../core/latent/latestWins';
import type { DecodeAnswer } from '../../engine/latentProtocol';
import { ask, useLatent } from '../../store/latent';

interface DecodeJob {
  z: Float32Array;
  n: number;
  onResult: (a: DecodeAnswer) => void;
}

/** Batched decodes in the engine (the manifold grid): one in flight, the latest request runs next. */
export const engineDecodes = latestWins<DecodeJob, DecodeAnswer>(
  (job) => ask({ type: 'decode', z: job.z, n: job.n }),
  (answer, job) => job.onResult(answer),
  (e) => useLatent.setState({ error: e instanceof Error ? e.message : String(e) }),
);
