import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Series } from '../store/series';

export interface TestPoint {
  step: number;
  value: number;
}

const ChartBody = memo(function ChartBody(props: {
  title: string;
  series: Series;
  test: TestPoint[];
  testId: string;
  unit?: string;
}) {
  const { title, series, test, testId, unit = 'nats' } = props;
  return (
    <figure
      className="chart"
      data-testid={testId}
      data-points={series.points.length}
      data-test-points={test.length}
    >
      <figcaption>
        {title} <span className="muted small">({unit} per example)</span>
        {series.ema !== null && <span className="chart-value">{series.ema.toFixed(2)}</span>}
      </figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickCount={5}
            allowDecimals={false}
          />
          <YAxis domain={['auto', 'auto']} width={48} tickFormatter={(v: number) => v.toFixed(0)} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toFixed(2) : String(v))}
            labelFormatter={(s) => `step ${Math.round(Number(s))}`}
          />
          <Legend verticalAlign="top" height={20} iconSize={10} />
          <Line
            data={series.points}
            dataKey="value"
            name="train"
            stroke="#93c5fd"
            dot={false}
            isAnimationActive={false}
            strokeWidth={1}
          />
          <Line
            data={series.points}
            dataKey="smooth"
            name="train (smoothed)"
            stroke="#1d4ed8"
            dot={false}
            isAnimationActive={false}
            strokeWidth={2}
          />
          <Line
            data={test}
            dataKey="value"
            name="test (per epoch)"
            stroke="#dc2626"
            isAnimationActive={false}
            strokeWidth={2}
            dot={{ r: 3 }}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

/**
 * One metric over training steps: raw (faint), smoothed (bold) and held-out values per epoch (dots).
 * The SVG chart renders from deferred props, so React draws it in interruptible time slices and the
 * page's main thread never blocks on it for long while training streams in.
 */
export const MetricChart = memo(function MetricChart(props: {
  title: string;
  series: Series;
  test: TestPoint[];
  testId: string;
  unit?: string;
}) {
  const series = useDeferredValue(props.series);
  const test = useDeferredValue(props.test);
  return <ChartBody {...props} series={series} test={test} />;
});
