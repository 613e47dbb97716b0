import { create } from 'zustand';
import { defaultConstraintsMnistConfig, type ConstraintsMnistConfig } from '../config/constraintsMnist';
import { getPreset } from '../config/presets';
import { workerEngine, type EngineClient } from '../engine/client';
import type { ConstraintsMnistSnapshot } from '../engine/constraintsMnistExperiment';
import type { EngineEvent, RunState } from '../engine/protocol';
import { pushNotice, useLab } from './lab';

export const MNIST_PRESET = 'constraints-mnist-ink';

export interface ConstraintsMnistState {
  config: ConstraintsMnistConfig;
  /** 'off' until the MNIST version is opened (its worker loads MNIST). */
  status: RunState | 'off';
  snapshot: ConstraintsMnistSnapshot | null;
}

let engine: EngineClient | null = null;

export const useConstraintsMnist = create<ConstraintsMnistState>(() => ({
  config: structuredClone(
    getPreset(MNIST_PRESET)?.config ?? defaultConstraintsMnistConfig,
  ) as ConstraintsMnistConfig,
  status: 'off',
  snapshot: null,
}));

function onEvent(e: EngineEvent): void {
  switch (e.type) {
    case 'status':
      useConstraintsMnist.setState({ status: e.state });
      return;
    case 'notice':
      pushNotice('warning', `Constraint lab (MNIST): ${e.message}`);
      return;
    case 'error':
      pushNotice('error', `Constraint lab (MNIST): ${e.message}`);
      if (!e.recoverable) useConstraintsMnist.setState({ status: 'error' });
      return;
    case 'snapshot':
      if (e.snapshot.kind === 'constraintsMnist')
        useConstraintsMnist.setState({ snapshot: e.snapshot as ConstraintsMnistSnapshot });
      return;
    default:
      return;
  }
}

export const constraintsMnistActions = {
  /** Its own engine worker, started when the MNIST version is opened. */
  open(): void {
    if (engine) return;
    useConstraintsMnist.setState({ status: 'loading' });
    engine = workerEngine(onEvent);
    engine.send({
      type: 'init',
      config: useConstraintsMnist.getState().config,
      backend: useLab.getState().backendOverride,
    });
  },
  /** Load a config (a lesson's preset): rebuild a running engine, or open one. */
  load(config: ConstraintsMnistConfig): void {
    useConstraintsMnist.setState({ config: structuredClone(config), snapshot: null });
    if (engine) engine.send({ type: 'reset', config });
    else constraintsMnistActions.open();
  },
  start: () => engine?.send({ type: 'start' }),
  pause: () => engine?.send({ type: 'pause' }),
  /** Change the config (t, w, steps) and rebuild: the VAE untrained, the table cleared. */
  edit(change: (c: ConstraintsMnistConfig) => void): void {
    const c = structuredClone(useConstraintsMnist.getState().config);
    change(c);
    useConstraintsMnist.setState({ config: c, snapshot: null });
    engine?.send({ type: 'reset', config: c });
  },
};
