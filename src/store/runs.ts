import { create } from 'zustand';
import type { Gan2dConfig } from '../config/gan2d';
import type { VaeConfig } from '../config/vae';
import type { WeightsState } from '../engine/weightsProtocol';
import { deleteRun, getRun, listRuns, putRun, renameRun, type RunSummary } from '../runs/db';
import { encodeRunFile } from '../runs/file';
import { validateRunFile } from '../config/validate';
import type { RunRecord } from '../runs/record';
import { bootGanEngine, ganActions, useGan } from './gan2d';
import { actions as labActions, pushNotice, useLab } from './lab';
import { metricHistory, restoreMetrics, type MetricHistory } from './metricLog';
import { appendSeries, emptySeries, type Series } from './series';
import { uiActions } from './ui';

/** The saved runs list, what the compare view has ticked, and what is being done. */
export interface RunsState {
  list: RunSummary[];
  busy: string | null;
  /** Run ids ticked for comparison; 'current-vae' and 'current-gan2d' are the live runs. */
  compare: string[];
  /** Loaded records for the compare view, by id. */
  loaded: Record<string, RunRecord>;
}

export type LabKind = 'vae' | 'gan2d';

export const useRuns = create<RunsState>(() => ({ list: [], busy: null, compare: [], loaded: {} }));

const newId = () =>
  typeof crypto !== 'undefined' && crypto.randomUUID
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** Series for the charts from a full history (what the charts would have drawn had they been open). */
export function seriesFromHistory(h: MetricHistory, max: number): Record<string, Series> {
  const out: Record<string, Series> = {};
  const k = h.names.length;
  h.names.forEach((name, j) => {
    const v = new Float32Array(h.steps.length);
    for (let r = 0; r < h.steps.length; r++) v[r] = h.values[r * k + j]!;
    out[name] = appendSeries(emptySeries(max), h.steps, v);
  });
  return out;
}

/** The run in view as a record: weights from the engine (after a pause), everything else from the stores. */
async function snapshotRun(kind: LabKind, name: string, thumbnail: Uint8Array | null): Promise<RunRecord> {
  if (kind === 'vae') {
    const wasRunning = useLab.getState().status === 'running';
    if (wasRunning) labActions.pause();
    try {
      const weights = await labActions.query<WeightsState>({ type: 'exportWeights' }, { inOrder: true });
      const s = useLab.getState();
      return {
        id: newId(),
        name,
        created: Date.now(),
        config: structuredClone(s.applied),
        backend: s.backend?.name ?? null,
        weights,
        history: metricHistory('vae'),
        // Only the result's fields (the store's entries are the engine's events, `type` included).
        epochs: s.epochs.map(({ epoch, step, train, test, seconds }) => ({
          epoch,
          step,
          train,
          test,
          seconds,
        })),
        modes: [],
        samples: s.snapshot ? { ...s.snapshot.samples, pixels: s.snapshot.samples.pixels.slice() } : null,
        thumbnail,
      };
    } finally {
      if (wasRunning) labActions.start();
    }
  }
  const wasRunning = useGan.getState().status === 'running';
  if (wasRunning) ganActions.pause();
  try {
    const weights = await ganActions.query<WeightsState>({ type: 'exportWeights' }, { inOrder: true });
    const s = useGan.getState();
    return {
      id: newId(),
      name,
      created: Date.now(),
      config: structuredClone(s.config),
      backend: s.backend?.name ?? null,
      weights,
      history: metricHistory('gan2d'),
      epochs: [],
      modes: s.modes.map(({ step, captured, total, hq, kl, js }) => ({ step, captured, total, hq, kl, js })),
      samples: null,
      thumbnail,
    };
  } finally {
    if (wasRunning) ganActions.start();
  }
}

/** Put a run into its lab: a new run of its config, then its weights, history and results. */
async function restore(r: RunRecord): Promise<void> {
  if (r.config.kind === 'vae') {
    useLab.setState({ draft: structuredClone(r.config as VaeConfig) });
    labActions.reset();
    await labActions.query({ type: 'importWeights', state: r.weights }, { inOrder: true });
    restoreMetrics('vae', r.history);
    const testPoints: Record<string, { step: number; value: number }[]> = {};
    for (const e of r.epochs)
      for (const [k, v] of Object.entries(e.test)) (testPoints[k] ??= []).push({ step: e.step, value: v });
    useLab.setState({
      series: {
        loss: emptySeries(),
        recon: emptySeries(),
        kl: emptySeries(),
        ...seriesFromHistory(r.history, 240),
      },
      epochs: r.epochs.map((e) => ({ ...e })),
      testPoints,
      progress: {
        step: r.weights.step,
        epoch: r.weights.position.epoch ?? 0,
        epochProgress: (r.weights.position.cursor ?? 0) / Math.max(1, r.weights.arrays.order?.length ?? 1),
        stepsPerSec: 0,
        examplesPerSec: 0,
        etaSec: null,
        runEtaSec: null,
      },
    });
    labActions.step(0); // a fresh snapshot of the loaded model; the run waits, paused, for Resume
    uiActions.showTab('vae');
    return;
  }
  bootGanEngine();
  ganActions.reset(r.config as Gan2dConfig, null);
  await ganActions.query({ type: 'importWeights', state: r.weights }, { inOrder: true });
  restoreMetrics('gan2d', r.history);
  useGan.setState({ series: seriesFromHistory(r.history, 300), modes: r.modes.map((m) => ({ ...m })) });
  ganActions.setLive({}); // a fresh snapshot of the loaded networks
  uiActions.showTab('gan');
}

async function withBusy<T>(what: string, f: () => Promise<T>): Promise<T | null> {
  useRuns.setState({ busy: what });
  try {
    return await f();
  } catch (e) {
    pushNotice('error', `${what} failed: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  } finally {
    useRuns.setState({ busy: null });
  }
}

export const runsActions = {
  async refresh(): Promise<void> {
    await withBusy('Listing saved runs', async () => useRuns.setState({ list: await listRuns() }));
  },
  /** Save the run in view (pausing it for a moment so weights and optimizer state agree). */
  async save(kind: LabKind, name: string, thumbnail: Uint8Array | null): Promise<string | null> {
    return withBusy('Saving the run', async () => {
      const r = await snapshotRun(kind, name, thumbnail);
      await putRun(r);
      await runsActions.refresh();
      pushNotice('info', `Saved "${name}" at step ${r.weights.step}.`);
      return r.id;
    });
  },
  /** Load a saved run into its lab; it continues training from where it was saved. */
  async load(id: string): Promise<boolean> {
    const ok = await withBusy('Loading the run', async () => {
      const got = await getRun(id);
      if (!got.ok) throw new Error(got.error);
      await restore(got.run);
      pushNotice(
        'info',
        `Loaded "${got.run.name}" at step ${got.run.weights.step}: press Resume to continue training.`,
      );
      return true;
    });
    return ok === true;
  },
  async rename(id: string, name: string): Promise<void> {
    await withBusy('Renaming the run', async () => {
      await renameRun(id, name);
      await runsActions.refresh();
    });
  },
  async remove(id: string): Promise<void> {
    await withBusy('Deleting the run', async () => {
      await deleteRun(id);
      useRuns.setState((s) => ({ compare: s.compare.filter((c) => c !== id) }));
      await runsActions.refresh();
    });
  },
  /** One file with the whole run (zip). */
  async exportFile(id: string): Promise<{ name: string; bytes: Uint8Array } | null> {
    return withBusy('Exporting the run', async () => {
      const got = await getRun(id);
      if (!got.ok) throw new Error(got.error);
      const safe = got.run.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'run';
      return { name: `${safe}.latentlab.zip`, bytes: encodeRunFile(got.run) };
    });
  },
  /** Add a run from a file; every field is checked first, and a bad file changes nothing. */
  async importFile(fileName: string, bytes: Uint8Array): Promise<boolean> {
    const parsed = validateRunFile(bytes, fileName);
    if (!parsed.ok) {
      pushNotice('error', `Could not import ${fileName}: ${parsed.error.message}.`);
      return false;
    }
    // A second import of the same file gets its own id, so it never overwrites a run.
    const r = { ...parsed.value, id: newId() };
    const ok = await withBusy('Importing the run', async () => {
      await putRun(r);
      await runsActions.refresh();
      pushNotice('info', `Imported "${r.name}" (${r.config.kind}, step ${r.weights.step}).`);
      return true;
    });
    return ok === true;
  },
  toggleCompare(id: string): void {
    useRuns.setState((s) => ({
      compare: s.compare.includes(id) ? s.compare.filter((c) => c !== id) : [...s.compare, id],
    }));
    if (!id.startsWith('current-') && !useRuns.getState().loaded[id]) {
      void getRun(id).then((got) => {
        if (got.ok) useRuns.setState((s) => ({ loaded: { ...s.loaded, [id]: got.run } }));
        else pushNotice('error', `Cannot compare that run: ${got.error}`);
      });
    }
  },
};
