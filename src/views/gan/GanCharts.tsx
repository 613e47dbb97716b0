import { memo, useDeferredValue } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useGan } from '../../store/gan2d';
import type { SeriesPoint } from '../../store/series';

interface LineSpec {
  name: string;
  colour: string;
  data: { step: number; smooth?: number; value?: number }[];
  key: 'smooth' | 'value';
}

const Chart = memo(function Chart(props: { title: string; lines: LineSpec[]; testId: string }) {
  const lines = useDeferredValue(props.lines);
  return (
    <figure className="chart" data-testid={props.testId} data-points={lines[0]?.data.length ?? 0}>
      <figcaption>{props.title}</figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickCount={5}
            allowDecimals={false}
          />
          <YAxis
            domain={['auto', 'auto']}
            width={44}
            tickFormatter={(v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2))}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <Legend verticalAlign="top" height={18} iconSize={10} />
          {lines.map((l) => (
            <Line
              key={l.name}
              data={l.data}
              dataKey={l.key}
              name={l.name}
              stroke={l.colour}
              dot={false}
              isAnimationActive={false}
              strokeWidth={1.5}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

const pts = (p: SeriesPoint[] | undefined) => p ?? [];

/** Losses, discriminator outputs, G's gradient norm and mode coverage over generator steps. */
export function GanCharts() {
  const series = useGan((s) => s.series);
  const modes = useGan((s) => s.modes);
  const loss = useGan((s) => s.config.objective.loss);
  const critic = loss === 'wgan' || loss === 'wganGp' || loss === 'hinge';
  return (
    <div className="charts gan-charts">
      <Chart
        title="Losses"
        testId="gan-chart-loss"
        lines={[
          { name: 'D loss', colour: '#16a34a', data: pts(series.dLoss?.points), key: 'smooth' },
          { name: 'G loss', colour: '#7c3aed', data: pts(series.gLoss?.points), key: 'smooth' },
        ]}
      />
      <Chart
        title={critic ? 'Critic on real and fake, Wasserstein estimate' : 'Mean D(x) and D(G(z))'}
        testId="gan-chart-d"
        lines={[
          {
            name: critic ? 'critic(x)' : 'D(x)',
            colour: '#16a34a',
            data: pts(series.dReal?.points),
            key: 'smooth',
          },
          {
            name: critic ? 'critic(G(z))' : 'D(G(z))',
            colour: '#7c3aed',
            data: pts(series.dFake?.points),
            key: 'smooth',
          },
          ...(critic
            ? [
                {
                  name: 'W estimate',
                  colour: '#0f172a',
                  data: pts(series.wEstimate?.points),
                  key: 'smooth' as const,
                },
              ]
            : []),
        ]}
      />
      <Chart
        title="Generator gradient norm"
        testId="gan-chart-grad"
        lines={[
          { name: '‖∇θ G loss‖', colour: '#ea580c', data: pts(series.gGradNorm?.points), key: 'smooth' },
        ]}
      />
      <Chart
        title="Modes captured and high-quality share"
        testId="gan-chart-modes"
        lines={[
          {
            name: 'modes',
            colour: '#1d4ed8',
            data: modes.map((m) => ({ step: m.step, value: m.captured })),
            key: 'value',
          },
          {
            name: 'HQ × K',
            colour: '#64748b',
            data: modes.map((m) => ({ step: m.step, value: m.hq * m.total })),
            key: 'value',
          },
        ]}
      />
    </div>
  );
}
