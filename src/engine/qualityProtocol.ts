import type { QualityScores } from '../core/quality/metrics';
import type { ClassifierInfo } from '../core/quality/scorer';

/** Which classifier scores: the standard one (minutes to train once) or the quick, weaker one. */
export type ClassifierChoice = 'standard' | 'quick';

/** Page -> quality worker. */
export type QualityCommand =
  | { type: 'init'; which: ClassifierChoice }
  | { type: 'score'; id: number; pixels: Uint8ClampedArray; count: number };

export type QualityState = 'loading' | 'training' | 'ready' | 'error';

/** Quality worker -> page. */
export type QualityEvent =
  | {
      type: 'status';
      which: ClassifierChoice;
      state: QualityState;
      /** Training progress 0..1. */
      progress?: number;
      message?: string;
      info?: ClassifierInfo;
      backend?: string;
    }
  | { type: 'scored'; id: number; scores: QualityScores; labels: Uint8Array }
  | { type: 'scoreError'; id: number; message: string };
