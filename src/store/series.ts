/**
 * A bounded, decimated metric series for live charts. Raw points are averaged into buckets of `stride`
 * steps; when the series reaches `max` points, neighbouring pairs merge and the stride doubles. So after
 * 100k steps a chart still draws at most `max` points, each the mean of the raw values it covers.
 * `smooth` is an exponential moving average of the raw values (what the chart's bold line shows).
 */
export interface SeriesPoint {
  step: number;
  value: number;
  smooth: number;
}

export interface Series {
  readonly max: number;
  readonly points: SeriesPoint[];
  stride: number;
  /** Raw values not yet in a bucket. */
  bucket: { n: number; stepSum: number; valueSum: number };
  ema: number | null;
  /** Total raw values seen. */
  count: number;
}

export function emptySeries(max = 240): Series {
  return { max, points: [], stride: 1, bucket: { n: 0, stepSum: 0, valueSum: 0 }, ema: null, count: 0 };
}

const EMA_ALPHA = 0.05;

/** Append raw (step, value) pairs; returns a new Series object (points array copied) for React. */
export function appendSeries(s: Series, steps: ArrayLike<number>, values: ArrayLike<number>): Series {
  const points = s.points.slice();
  let { stride, ema, count } = s;
  const bucket = { ...s.bucket };
  for (let i = 0; i < steps.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    ema = ema === null ? v : ema + EMA_ALPHA * (v - ema);
    count++;
    bucket.n++;
    bucket.stepSum += steps[i]!;
    bucket.valueSum += v;
    if (bucket.n >= stride) {
      points.push({ step: bucket.stepSum / bucket.n, value: bucket.valueSum / bucket.n, smooth: ema });
      bucket.n = 0;
      bucket.stepSum = 0;
      bucket.valueSum = 0;
      if (points.length >= s.max) {
        const merged: SeriesPoint[] = [];
        for (let j = 0; j + 1 < points.length; j += 2) {
          const a = points[j]!;
          const b = points[j + 1]!;
          merged.push({ step: (a.step + b.step) / 2, value: (a.value + b.value) / 2, smooth: b.smooth });
        }
        if (points.length % 2) merged.push(points[points.length - 1]!);
        points.length = 0;
        points.push(...merged);
        stride *= 2;
      }
    }
  }
  return { max: s.max, points, stride, bucket, ema, count };
}

/** The series as it stood at `step` (a run rolled back or restored there): later points dropped. */
export function truncateSeries(s: Series, step: number): Series {
  const points = s.points.filter((p) => p.step <= step);
  const last = points[points.length - 1];
  return {
    max: s.max,
    points,
    stride: s.stride,
    bucket: { n: 0, stepSum: 0, valueSum: 0 },
    ema: last ? last.smooth : null,
    count: Math.min(s.count, points.length * s.stride),
  };
}
