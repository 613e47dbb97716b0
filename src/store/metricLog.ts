/**
 * Every metric value a run produced, step by step (the charts keep a decimated copy): what a saved run
 * stores as its full metric history, and what a reloaded run's charts are rebuilt from.
 */
export interface MetricHistory {
  names: string[];
  /** Step of each row. */
  steps: Float64Array;
  /** rows x names.length, row-major. */
  values: Float32Array;
}

interface Log {
  names: string[];
  rows: number;
  steps: Float64Array;
  values: Float32Array;
}

const logs = new Map<string, Log>();

function grow<T extends Float64Array | Float32Array>(a: T, need: number): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.max(need, 2 * a.length, 1024));
  b.set(a);
  return b;
}

/** Append a metrics event's rows to `lab`'s log (a new set of names starts a new log). */
export function recordMetrics(
  lab: string,
  names: readonly string[],
  steps: ArrayLike<number>,
  values: ArrayLike<number>,
): void {
  let log = logs.get(lab);
  if (!log || log.names.join() !== names.join()) {
    log = { names: [...names], rows: 0, steps: new Float64Array(1024), values: new Float32Array(1024) };
    logs.set(lab, log);
  }
  const k = names.length;
  const n = steps.length;
  log.steps = grow(log.steps, log.rows + n);
  log.values = grow(log.values, (log.rows + n) * k);
  for (let r = 0; r < n; r++) {
    log.steps[log.rows + r] = steps[r]!;
    for (let j = 0; j < k; j++) log.values[(log.rows + r) * k + j] = values[r * k + j]!;
  }
  log.rows += n;
}

/** Forget `lab`'s history (a new run). */
export function clearMetrics(lab: string): void {
  logs.delete(lab);
}

/** A copy of `lab`'s history (empty when there is none). */
export function metricHistory(lab: string): MetricHistory {
  const log = logs.get(lab);
  if (!log) return { names: [], steps: new Float64Array(0), values: new Float32Array(0) };
  return {
    names: [...log.names],
    steps: log.steps.slice(0, log.rows),
    values: log.values.slice(0, log.rows * log.names.length),
  };
}

/** Replace `lab`'s history (a reloaded run continues from its saved history). */
export function restoreMetrics(lab: string, h: MetricHistory): void {
  clearMetrics(lab);
  if (h.names.length) recordMetrics(lab, h.names, h.steps, h.values);
}

/** Drop `lab`'s rows after `step` (a run rolled back or restored there takes those steps again). */
export function truncateMetrics(lab: string, step: number): void {
  const log = logs.get(lab);
  if (!log) return;
  let rows = log.rows;
  while (rows > 0 && log.steps[rows - 1]! > step) rows--;
  log.rows = rows;
}
