/**
 * Every metric value a run produced, step by step (the charts keep a decimated copy): what a saved run
 * stores as its full metric history, and what a reloaded run's charts are rebuilt from. Bounded: up to
 * MAX_METRIC_ROWS rows every step is kept; a longer run keeps every 2nd step's row, then every 4th...
 * (the log halves itself when full), so a run of any length holds at most MAX_METRIC_ROWS rows.
 */
export interface MetricHistory {
  names: string[];
  /** Step of each row. */
  steps: Float64Array;
  /** rows x names.length, row-major. */
  values: Float32Array;
}

/** Rows kept per lab (100,000 steps covers every preset's run whole; 8 + 4 x metrics bytes a row). */
export const MAX_METRIC_ROWS = 100_000;

interface Log {
  names: string[];
  rows: number;
  /** One row kept per `stride` rows recorded (1 until the log first fills up). */
  stride: number;
  /** Rows recorded since the last one kept. */
  skipped: number;
  steps: Float64Array;
  values: Float32Array;
}

const logs = new Map<string, Log>();

function grow<T extends Float64Array | Float32Array>(a: T, need: number, cap: number): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.min(cap, Math.max(need, 2 * a.length, 1024)));
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
    const k = names.length;
    log = {
      names: [...names],
      rows: 0,
      stride: 1,
      skipped: 0,
      steps: new Float64Array(1024),
      values: new Float32Array(1024 * k),
    };
    logs.set(lab, log);
  }
  const k = names.length;
  for (let r = 0; r < steps.length; r++) {
    if (++log.skipped < log.stride) continue;
    log.skipped = 0;
    if (log.rows === MAX_METRIC_ROWS) halve(log);
    log.steps = grow(log.steps, log.rows + 1, MAX_METRIC_ROWS);
    log.values = grow(log.values, (log.rows + 1) * k, MAX_METRIC_ROWS * k);
    log.steps[log.rows] = steps[r]!;
    for (let j = 0; j < k; j++) log.values[log.rows * k + j] = values[r * k + j]!;
    log.rows++;
  }
}

/** A full log keeps every second row it holds, and from now on one row in twice as many. */
function halve(log: Log): void {
  const k = log.names.length;
  let w = 0;
  for (let r = 0; r < log.rows; r += 2, w++) {
    log.steps[w] = log.steps[r]!;
    log.values.copyWithin(w * k, r * k, r * k + k);
  }
  log.rows = w;
  log.stride *= 2;
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
