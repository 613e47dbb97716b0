import { create } from 'zustand';
import type { ExperimentConfig } from '../config/schema';
import { suggestFix, type Divergence, type SuggestedFix } from '../engine/divergence';
import type { TestFault } from '../engine/protocol';
import type { RecoveringEngine, RecoveryHooks } from '../engine/recovery';

/** What the recovery panel shows for one lab after a divergence (views/RecoveryNotice.tsx). */
export interface LabRecovery {
  title: string;
  divergence: Divergence;
  /** The step a roll-back restores; null when no good state was kept (the experiment has none). */
  rollbackTo: number | null;
  fix: SuggestedFix | null;
}

export const useRecovery = create<{ labs: Record<string, LabRecovery> }>(() => ({ labs: {} }));

interface LabHandle {
  title: string;
  engine: () => RecoveringEngine | null;
  config: () => ExperimentConfig;
  /** Apply a fix's live parameters the way the lab's own controls do (config and engine). */
  applyFix: (params: Record<string, number>) => void;
}

const handles = new Map<string, LabHandle>();

function clear(lab: string): void {
  useRecovery.setState((s) => {
    const labs = { ...s.labs };
    delete labs[lab];
    return { labs };
  });
}

/**
 * The recovery hooks of a lab's engine: a divergence opens the panel, a roll-back or restart clears it
 * and lets the lab cut its charts back to the restored step.
 */
export function labRecoveryHooks(
  lab: string,
  handle: LabHandle,
  extra: Pick<RecoveryHooks, 'restored' | 'afterRestart'>,
): RecoveryHooks {
  handles.set(lab, handle);
  return {
    config: handle.config,
    diverged: (divergence, rollbackTo) =>
      useRecovery.setState((s) => ({
        labs: {
          ...s.labs,
          [lab]: { title: handle.title, divergence, rollbackTo, fix: suggestFix(handle.config()) },
        },
      })),
    restored: (step) => {
      clear(lab);
      extra.restored?.(step);
    },
    cleared: () => clear(lab),
    afterRestart: extra.afterRestart,
  };
}

/** Roll `lab` back to its last good state, with the suggested fix applied first when `withFix`. */
export async function rollBack(lab: string, withFix: boolean): Promise<number | null> {
  const h = handles.get(lab);
  const r = useRecovery.getState().labs[lab];
  const engine = h?.engine();
  if (!h || !r || !engine) return null;
  if (withFix && r.fix) h.applyFix(r.fix.params);
  return engine.rollback();
}

export function dismissRecovery(lab: string): void {
  clear(lab);
}

/** Test hooks (e2e recovery tests and measurements), like window.__latentLab. */
export const recoveryTestHooks = {
  fault(lab: string, fault: TestFault): void {
    handles.get(lab)?.engine()?.fault(fault);
  },
  stats(lab: string): { checkpoints: number[]; maxCheckpointMs: number } | null {
    const e = handles.get(lab)?.engine();
    return e ? { checkpoints: e.ring.steps, maxCheckpointMs: e.maxCheckpointMs } : null;
  },
};
if (typeof window !== 'undefined')
  (window as unknown as { __latentRecovery: typeof recoveryTestHooks }).__latentRecovery = recoveryTestHooks;
