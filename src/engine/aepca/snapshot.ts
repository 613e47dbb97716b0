import type { DiscreteSnapshot } from './discreteExperiment';
import type { GenerativeSnapshot } from './generativeExperiment';
import type { LinearSnapshot } from './linearExperiment';

/** What the "AE, PCA & discrete" tab draws: one snapshot type per demo. */
export type AepcaSnapshot = LinearSnapshot | GenerativeSnapshot | DiscreteSnapshot;
