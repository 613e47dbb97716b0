import { create } from 'zustand';
import type { AepcaConfig, AepcaDemo } from '../config/aepca';
import { getPreset } from '../config/presets';
import { workerEngine, type EngineClient } from '../engine/client';
import type { AepcaSnapshot } from '../engine/aepca/snapshot';
import type { EngineEvent, RunState } from '../engine/protocol';
import { pushNotice, useLab } from './lab';

/** Each demo's preset (the tab's demo picker loads these). */
export const DEMO_PRESETS: Record<AepcaDemo, string> = {
  linear: 'linear-ae-pca',
  generative: 'ae-not-generative',
  discrete: 'discrete-vae',
};

export interface AepcaState {
  config: AepcaConfig;
  status: RunState;
  statusMessage: string | null;
  snapshot: AepcaSnapshot | null;
}

let engine: EngineClient | null = null;

function presetConfig(demo: AepcaDemo): AepcaConfig {
  return structuredClone(getPreset(DEMO_PRESETS[demo])!.config) as AepcaConfig;
}

export const useAepca = create<AepcaState>(() => ({
  config: presetConfig('linear'),
  status: 'loading',
  statusMessage: null,
  snapshot: null,
}));

function onEvent(e: EngineEvent): void {
  switch (e.type) {
    case 'status':
      useAepca.setState({ status: e.state, statusMessage: e.message ?? null });
      return;
    case 'notice':
      pushNotice('warning', `AE, PCA & discrete: ${e.message}`);
      return;
    case 'error':
      pushNotice('error', `AE, PCA & discrete: ${e.message}`);
      if (!e.recoverable) useAepca.setState({ status: 'error' });
      return;
    case 'snapshot':
      if (e.snapshot.kind === 'aepca')
        useAepca.setState({ snapshot: e.snapshot as unknown as AepcaSnapshot });
      return;
    default:
      return;
  }
}

/** The tab gets its own engine worker, started the first time it is shown. */
export function bootAepcaEngine(): void {
  if (engine) return;
  engine = workerEngine(onEvent);
  engine.send({
    type: 'init',
    config: useAepca.getState().config,
    backend: useLab.getState().backendOverride,
  });
}

export const aepcaActions = {
  start: () => engine?.send({ type: 'start' }),
  pause: () => engine?.send({ type: 'pause' }),
  reset(config: AepcaConfig): void {
    useAepca.setState({ config: structuredClone(config), snapshot: null, status: 'loading' });
    engine?.send({ type: 'reset', config });
  },
  loadDemo(demo: AepcaDemo): void {
    aepcaActions.reset(presetConfig(demo));
  },
  /** Change the config (d, steps, temperature...) and rebuild the models. */
  edit(change: (c: AepcaConfig) => void): void {
    const c = structuredClone(useAepca.getState().config);
    change(c);
    aepcaActions.reset(c);
  },
};
