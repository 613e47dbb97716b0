import { create } from 'zustand';
import { defaultConstraintsConfig, type ConstraintsConfig } from '../config/constraints';
import { getPreset } from '../config/presets';
import { workerEngine, type EngineClient } from '../engine/client';
import type { ConstraintsSnapshot } from '../engine/constraintsExperiment';
import type { EngineEvent, RunState } from '../engine/protocol';
import { pushNotice, useLab } from './lab';

export interface ConstraintsState {
  config: ConstraintsConfig;
  presetId: string | null;
  status: RunState;
  snapshot: ConstraintsSnapshot | null;
}

let engine: EngineClient | null = null;

export const useConstraints = create<ConstraintsState>(() => ({
  config: structuredClone(
    getPreset('constraints-ring-halfplane')?.config ?? defaultConstraintsConfig,
  ) as ConstraintsConfig,
  presetId: 'constraints-ring-halfplane',
  status: 'loading',
  snapshot: null,
}));

function onEvent(e: EngineEvent): void {
  switch (e.type) {
    case 'status':
      useConstraints.setState({ status: e.state });
      return;
    case 'notice':
      pushNotice('warning', `Constraint lab: ${e.message}`);
      return;
    case 'error':
      pushNotice('error', `Constraint lab: ${e.message}`);
      if (!e.recoverable) useConstraints.setState({ status: 'error' });
      return;
    case 'snapshot':
      if (e.snapshot.kind === 'constraints')
        useConstraints.setState({ snapshot: e.snapshot as ConstraintsSnapshot });
      return;
    default:
      return;
  }
}

/** The constraint lab gets its own engine worker, started the first time its tab is shown. */
export function bootConstraintsEngine(): void {
  if (engine) return;
  engine = workerEngine(onEvent);
  engine.send({
    type: 'init',
    config: useConstraints.getState().config,
    backend: useLab.getState().backendOverride,
  });
}

export const constraintsActions = {
  start: () => engine?.send({ type: 'start' }),
  pause: () => engine?.send({ type: 'pause' }),
  /** Rebuild from a config: new target, models untrained, table cleared. */
  reset(config: ConstraintsConfig, presetId: string | null = null): void {
    useConstraints.setState({ config: structuredClone(config), presetId, snapshot: null });
    engine?.send({ type: 'reset', config });
  },
  loadPreset(id: string): void {
    const p = getPreset(id);
    if (!p || p.config.kind !== 'constraints') {
      pushNotice('error', `Unknown constraint-lab preset "${id}".`);
      return;
    }
    constraintsActions.reset(p.config, id);
  },
  /** Change the config (shape, mode, lambda, steps...) and rebuild. */
  edit(change: (c: ConstraintsConfig) => void): void {
    const c = structuredClone(useConstraints.getState().config);
    change(c);
    constraintsActions.reset(c, null);
  },
};
