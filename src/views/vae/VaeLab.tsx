import { useLab } from '../../store/lab';
import { Hint, useUntrained } from '../Hint';
import { ImageGrid } from '../ImageGrid';
import { MetricChart } from '../MetricChart';
import { ProgressBar } from '../ProgressBar';
import { Controls } from './Controls';
import { HyperParams } from './HyperParams';

const NO_POINTS: { step: number; value: number }[] = [];

const CHARTS = [
  { key: 'loss', title: 'Negative ELBO (loss)' },
  { key: 'recon', title: 'Reconstruction: −log p(x|z)' },
  { key: 'kl', title: 'KL(q(z|x) ‖ p(z))' },
] as const;

/** The classic VAE trainer: controls, live ELBO charts, reconstructions and prior samples. */
export function VaeLab() {
  const series = useLab((s) => s.series);
  const testPoints = useLab((s) => s.testPoints);
  const snap = useLab((s) => s.snapshot);
  const status = useLab((s) => s.status);
  const message = useLab((s) => s.statusMessage);
  const untrained = useUntrained();
  return (
    <div className="lab">
      <aside className="sidebar panel">
        <Controls />
        <ProgressBar />
        <HyperParams />
      </aside>
      <section className="content">
        {status === 'loading' && <p className="muted">Loading MNIST and the engine… {message ?? ''}</p>}
        <div className="charts">
          {CHARTS.map((c) => (
            <MetricChart
              key={c.key}
              title={c.title}
              testId={`chart-${c.key}`}
              series={series[c.key]!}
              test={testPoints[c.key] ?? NO_POINTS}
            />
          ))}
        </div>
        <p className="small muted">
          The loss is −ELBO = reconstruction + KL, summed over the 784 pixels and averaged over examples, so
          it reads in nats per digit and compares with pytorch/examples. The ELBO is a lower bound on log
          p(x).
        </p>
        {untrained && (
          <Hint testId="hint-vae">
            The model is untrained: its reconstructions and samples below are noise. Press <b>Start</b>: the
            charts fill in and the images sharpen into digits within seconds.
          </Hint>
        )}
        <div className="images">
          <div className="panel">
            <h3>Test digits (top) and their reconstructions (bottom)</h3>
            <ImageGrid
              batch={snap?.originals ?? null}
              cols={16}
              testId="originals-grid"
              label="test digits"
            />
            <ImageGrid batch={snap?.recons ?? null} cols={16} testId="recon-grid" label="reconstructions" />
          </div>
          <div className="panel">
            <h3>Samples from the prior (fixed z ~ N(0, I))</h3>
            <ImageGrid
              batch={snap?.samples ?? null}
              cols={8}
              scale={1.5}
              testId="samples-grid"
              label="prior samples"
            />
          </div>
        </div>
      </section>
    </div>
  );
}
