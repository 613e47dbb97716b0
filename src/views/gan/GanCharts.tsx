import { useGan } from '../../store/gan2d';
import type { SeriesPoint } from '../../store/series';
import type { ComponentProps } from 'react';
import { LinesChart } from '../LinesChart';

const pts = (p: SeriesPoint[] | undefined) => p ?? [];

/** The shared chart, live (throttled, decimated) while the GAN trains. */
function Chart(props: ComponentProps<typeof LinesChart>) {
  const running = useGan((s) => s.status === 'running');
  return <LinesChart {...props} live={running} />;
}

/** Losses, discriminator outputs, G's gradient norm and mode coverage over generator steps. */
export function GanCharts() {
  return (
    <div className="charts gan-charts" data-testid="panel-gan-charts">
      <LossChart />
      <DChart />
      <GradChart />
      <ModeCharts />
    </div>
  );
}

// Each chart subscribes to its own series only: the store commits one chart's series at a time, so a
// commit redraws one chart (a short main-thread task).
function LossChart() {
  const dLoss = useGan((s) => s.series.dLoss);
  const gLoss = useGan((s) => s.series.gLoss);
  return (
    <Chart
      title="Losses"
      testId="gan-chart-loss"
      lines={[
        { name: 'D loss', colour: '#16a34a', data: pts(dLoss?.points), key: 'smooth' },
        { name: 'G loss', colour: '#7c3aed', data: pts(gLoss?.points), key: 'smooth' },
      ]}
    />
  );
}

function DChart() {
  const dReal = useGan((s) => s.series.dReal);
  const dFake = useGan((s) => s.series.dFake);
  const wEstimate = useGan((s) => s.series.wEstimate);
  const loss = useGan((s) => s.config.objective.loss);
  const critic = loss === 'wgan' || loss === 'wganGp' || loss === 'hinge';
  return (
    <Chart
      title={critic ? 'Critic on real and fake, Wasserstein estimate' : 'Mean D(x) and D(G(z))'}
      testId="gan-chart-d"
      lines={[
        {
          name: critic ? 'critic(x)' : 'D(x)',
          colour: '#16a34a',
          data: pts(dReal?.points),
          key: 'smooth',
        },
        {
          name: critic ? 'critic(G(z))' : 'D(G(z))',
          colour: '#7c3aed',
          data: pts(dFake?.points),
          key: 'smooth',
        },
        ...(critic
          ? [
              {
                name: 'W estimate',
                colour: '#0f172a',
                data: pts(wEstimate?.points),
                key: 'smooth',
              },
            ]
          : []),
      ]}
    />
  );
}

function GradChart() {
  const grad = useGan((s) => s.series.gGradNorm);
  return (
    <Chart
      title="Generator gradient norm"
      testId="gan-chart-grad"
      lines={[{ name: '‖∇θ G loss‖', colour: '#ea580c', data: pts(grad?.points), key: 'smooth' }]}
    />
  );
}

function ModeCharts() {
  const modes = useGan((s) => s.modes);
  return (
    <>
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
    </>
  );
}
