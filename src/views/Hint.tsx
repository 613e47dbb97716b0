import type { ReactNode } from 'react';
import { useLab } from '../store/lab';

/** A short guide in an empty or untrained panel: what to do to see something here. */
export function Hint(props: { children: ReactNode; testId?: string }) {
  return (
    <p className="hint small" role="note" data-testid={props.testId}>
      {props.children}
    </p>
  );
}

/**
 * True while the VAE has its initial random weights (built, no training step yet): the panels then show
 * noise, and say so. Once any step is taken (Start or Step) it is false, including when paused.
 */
export function useUntrained(): boolean {
  return useLab(
    (s) => s.status !== 'loading' && (s.snapshot?.step ?? 0) === 0 && (s.progress?.step ?? 0) === 0,
  );
}
