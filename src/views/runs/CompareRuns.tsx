import { useMemo, useState } from 'react';
import { useGan } from '../../store/gan2d';
import { useLab } from '../../store/lab';
import { runsActions, seriesFromHistory, useRuns } from '../../store/runs';
import type { SeriesPoint } from '../../store/series';
import { ImageGrid } from '../ImageGrid';
import { LinesChart, type LineSpec } from '../LinesChart';

const COLOURS = ['#1d4ed8', '#dc2626', '#16a34a', '#7c3aed', '#ea580c', '#0f766e', '#a16207', '#db2777'];

interface Curve {
  id: string;
  name: string;
  kind: string;
  series: Record<string, { points: SeriesPoint[] }>;
  samples: import('../../engine/experiment').ImageBatch | null;
}

/** Overlay the curves of two or more runs (saved or the live ones) on one chart, sample grids side by side. */
export function CompareRuns() {
  const compare = useRuns((s) => s.compare);
  const loaded = useRuns((s) => s.loaded);
  const list = useRuns((s) => s.list);
  const vaeSeries = useLab((s) => s.series);
  const vaeSamples = useLab((s) => s.snapshot?.samples ?? null);
  const vaeStep = useLab((s) => s.progress?.step ?? 0);
  const ganSeries = useGan((s) => s.series);
  const ganStep = useGan((s) => s.snapshot?.step ?? 0);
  const curves = useMemo<Curve[]>(
    () =>
      compare.flatMap((id): Curve[] => {
        if (id === 'current-vae')
          return [
            {
              id,
              name: `current VAE (step ${vaeStep})`,
              kind: 'vae',
              series: vaeSeries,
              samples: vaeSamples,
            },
          ];
        if (id === 'current-gan2d')
          return [
            { id, name: `current GAN (step ${ganStep})`, kind: 'gan2d', series: ganSeries, samples: null },
          ];
        const r = loaded[id];
        if (!r) return [];
        return [
          {
            id,
            name: r.name,
            kind: r.config.kind,
            series: seriesFromHistory(r.history, 240),
            samples: r.samples,
          },
        ];
      }),
    [compare, loaded, vaeSeries, vaeSamples, vaeStep, ganSeries, ganStep],
  );
  const metrics = [...new Set(curves.flatMap((c) => Object.keys(c.series)))];
  const [metric, setMetric] = useState('kl');
  const shown = metrics.includes(metric) ? metric : (metrics[0] ?? metric);
  const lines: LineSpec[] = curves
    .filter((c) => c.series[shown])
    .map((c, i) => ({
      name: c.name,
      colour: COLOURS[i % COLOURS.length]!,
      data: c.series[shown]!.points,
      key: 'smooth',
      width: 2,
    }));
  const current = (id: string, label: string) => (
    <label className="small">
      <input
        type="checkbox"
        checked={compare.includes(id)}
        onChange={() => runsActions.toggleCompare(id)}
        data-testid={`compare-${id}`}
      />{' '}
      {label}
    </label>
  );
  return (
    <section className="panel" aria-labelledby="compare-title" data-testid="compare-panel">
      <h2 id="compare-title">Compare runs</h2>
      <p className="small muted">
        Tick saved runs in the table, and the live runs here. Curves are smoothed as on the lab&apos;s charts.
      </p>
      <div className="controls">
        {current('current-vae', 'current VAE run')}
        {current('current-gan2d', 'current GAN run')}
        <label className="small">
          metric{' '}
          <select value={shown} onChange={(e) => setMetric(e.target.value)} data-testid="compare-metric">
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      </div>
      {curves.length < 2 ? (
        <p className="small muted" data-testid="compare-hint">
          Tick two or more runs ({list.length} saved) to overlay their curves.
        </p>
      ) : null}
      <LinesChart
        title={`${shown} by run`}
        testId="compare-chart"
        lines={lines}
        height={260}
        empty="Tick runs to compare."
      />
      <div className="compare-grids" data-testid="compare-grids">
        {curves
          .filter((c) => c.samples)
          .map((c) => (
            <figure key={c.id}>
              <ImageGrid batch={c.samples} cols={8} scale={1} label={`prior samples of ${c.name}`} />
              <figcaption className="small">{c.name}</figcaption>
            </figure>
          ))}
      </div>
    </section>
  );
}
