import type { Experiment } from './experiment';
import { weightsTransfer, type WeightsState } from './weightsProtocol';

/** True when every parameter and optimizer slot of a state is a finite number. */
export function allFinite(s: WeightsState): boolean {
  const arrays = [...s.params, ...s.optimizers.flatMap((o) => o.slots)];
  for (const a of arrays) {
    const d = a.data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i]!)) return false;
  }
  return true;
}

/**
 * A checkpoint of a running experiment: its saved-run state (weights, optimizer state, place in
 * training: `exportWeights`, engine/vaeWeights.ts and gan2dWeights.ts), if every number in it is finite
 * (null otherwise), or 'unsupported' for an experiment that cannot export its state.
 */
export async function takeCheckpoint(
  exp: Experiment,
): Promise<{ state: WeightsState; transfer: Transferable[] } | null | 'unsupported'> {
  if (!exp.query) return 'unsupported';
  let state: WeightsState;
  try {
    state = (await exp.query({ type: 'exportWeights' })).result as WeightsState;
  } catch {
    return 'unsupported';
  }
  if (!state || !Array.isArray(state.params)) return 'unsupported';
  return allFinite(state) ? { state, transfer: weightsTransfer(state) } : null;
}
