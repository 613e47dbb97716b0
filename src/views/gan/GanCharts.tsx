import { useGan } from '../../store/gan2d';
import type { SeriesPoint } from '../../store/series';
import { LinesChart as Chart } from '../LinesChart';

const pts = (p: SeriesPoint[] | undefined) => p ?? [];

/** Losses, discriminator outputs, G's gradient norm and mode coverage over generator steps. */
export function GanCharts() {
  const series = useGan((s) => s.series);
  const modes = useGan((s) => s.modes);
  const loss = useGan((s) => s.config.objective.loss);
  const critic = loss === 'wgan' || loss === 'wganGp' || loss === 'hinge';
  return (
    <div className="charts gan-charts" data-testid="panel-gan-charts">
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
                  key: 'smooth',
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
      <Chart
        title="KL(mode histogram ‖ uniform) and grid JS divergence"
        testId="gan-chart-divergence"
        lines={[
          {
            name: 'KL to uniform',
            colour: '#b91c1c',
            data: modes.map((m) => ({ step: m.step, value: m.kl })),
            key: 'value',
          },
          {
            name: 'grid JS',
            colour: '#0f766e',
            data: modes.map((m) => ({ step: m.step, value: m.js })),
            key: 'value',
          },
        ]}
      />
    </div>
  );
}
