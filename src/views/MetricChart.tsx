import { memo } from 'react';
import type { Series } from '../store/series';
import { LinesChart } from './LinesChart';

export interface TestPoint {
  step: number;
  value: number;
}

/** One metric over training steps: raw (faint), smoothed (bold) and held-out values per epoch (dots). */
export const MetricChart = memo(function MetricChart(props: {
  title: string;
  series: Series;
  test: TestPoint[];
  testId: string;
  unit?: string;
  /** A run is streaming points in (LinesChart's `live`). */
  live?: boolean;
}) {
  const { title, series, test, testId, unit = 'nats', live } = props;
  return (
    <LinesChart
      testId={testId}
      points={series.points.length}
      height={200}
      live={live}
      title={
        <>
          {title} <span className="muted small">({unit} per example)</span>
          {series.ema !== null && <span className="chart-value">{series.ema.toFixed(2)}</span>}
        </>
      }
      lines={[
        { name: 'train', colour: '#93c5fd', data: series.points, key: 'value', width: 1 },
        { name: 'train (smoothed)', colour: '#1d4ed8', data: series.points, key: 'smooth', width: 2 },
        { name: 'test (per epoch)', colour: '#dc2626', data: test, key: 'value', width: 2, dots: true },
      ]}
    />
  );
});
