import { useImageLab } from '../../store/imageGan';
import type { SeriesPoint } from '../../store/series';
import { LinesChart } from '../LinesChart';

const pts = (p: SeriesPoint[] | undefined) => p ?? [];

/** The game's own numbers per step: losses and mean D outputs (reconstruction too for an AAE). */
export function TrainingCharts() {
  const series = useImageLab((s) => s.series);
  const loss = useImageLab((s) => s.config.objective.loss);
  const aae = useImageLab((s) => s.config.kind === 'aae');
  const critic =
    loss === 'wgan' || loss === 'wganGp' || loss === 'hinge' || loss === 'lsgan' || loss === 'fgan';
  return (
    <div className="charts gan-charts">
      <LinesChart
        title="Losses"
        testId="img-chart-loss"
        lines={[
          { name: 'D loss', colour: '#16a34a', data: pts(series.dLoss?.points), key: 'smooth' },
          {
            name: aae ? 'E (adversarial) loss' : 'G loss',
            colour: '#7c3aed',
            data: pts(series.gLoss?.points),
            key: 'smooth',
          },
        ]}
      />
      <LinesChart
        title={critic ? 'Mean raw D output on real and fake' : 'Mean D(x) and D(G(z))'}
        testId="img-chart-d"
        lines={[
          {
            name: aae ? 'D(prior sample)' : 'D(x)',
            colour: '#16a34a',
            data: pts(series.dReal?.points),
            key: 'smooth',
          },
          {
            name: aae ? 'D(E(x))' : 'D(G(z))',
            colour: '#7c3aed',
            data: pts(series.dFake?.points),
            key: 'smooth',
          },
        ]}
      />
      {aae ? (
        <LinesChart
          title="Reconstruction −log p(x | Dec(E(x))), nats per image"
          testId="img-chart-recon"
          lines={[{ name: 'recon', colour: '#0f766e', data: pts(series.recon?.points), key: 'smooth' }]}
        />
      ) : (
        <LinesChart
          title="Generator gradient norm"
          testId="img-chart-grad"
          lines={[
            { name: '‖∇θ G loss‖', colour: '#ea580c', data: pts(series.gGradNorm?.points), key: 'smooth' },
          ]}
        />
      )}
    </div>
  );
}
