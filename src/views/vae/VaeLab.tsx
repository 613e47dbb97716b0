import { useLab } from '../../store/lab';
import { Hint, useUntrained } from '../Hint';
import { ImageGrid } from '../ImageGrid';
import { MetricChart } from '../MetricChart';
import { ProgressBar } from '../ProgressBar';
import { AggregatePosteriorPanel } from './AggregatePosteriorPanel';
import { Controls } from './Controls';
import { klMethod, likelihoodConvention, objectiveStatement, PRIOR_LABELS } from './conventions';
import { HyperParams } from './HyperParams';
import { KlPerDimPanel } from './KlPerDimPanel';
import { LogPxPanel } from './LogPxPanel';
import { VariantPictures } from './VariantPictures';
import './vae.css';

const NO_POINTS: { step: number; value: number }[] = [];

const CHARTS = [
  { key: 'loss', title: '' },
  { key: 'recon', title: 'Reconstruction: −log p(x|z)' },
  { key: 'kl', title: 'KL(q(z|x) ‖ p(z))' },
] as const;

/**
 * The three live loss charts. They subscribe to the series themselves, so that a chart commit (several a
 * second while training) re-renders the charts only, not the whole lab.
 */
function VaeCharts(props: { title: string }) {
  const series = useLab((s) => s.series);
  const testPoints = useLab((s) => s.testPoints);
  const live = useLab((s) => s.status === 'running');
  return (
    <div className="charts" data-testid="panel-vae-charts">
      {CHARTS.map((c) => (
        <MetricChart
          key={c.key}
          title={c.key === 'loss' ? props.title : c.title}
          testId={`chart-${c.key}`}
          series={series[c.key]!}
          test={testPoints[c.key] ?? NO_POINTS}
          live={live}
        />
      ))}
    </div>
  );
}

/** What the autoregressive decoder's pictures are, and why they are slower (shared with the explorer). */
export const AUTOREGRESSIVE_NOTE =
  'Decoder: autoregressive (MADE), p(x|z) = ∏ᵢ p(xᵢ | x₁…xᵢ₋₁, z) over the pixels in raster order. Training and ' +
  'log p(x|z) take one teacher-forced pass (exact). Pictures are drawn pixel by pixel: 784 sequential steps ' +
  'per image, slower than one pass. Each pixel shows the probability it was drawn with, given the pixels ' +
  'drawn before it (one sampled path, not the mean image E[x|z], which has no closed form here).';

const CLASS_ROWS = Array.from({ length: 10 }, (_, i) => i);

/**
 * Reconstructions, prior samples and the variant's pictures. They subscribe to the snapshot themselves,
 * so that a snapshot (several a second while training) re-renders these panels only, not the whole lab.
 */
function VaeImages() {
  const snap = useLab((s) => s.snapshot);
  const conditional = useLab((s) => s.applied.model.variant === 'conditional');
  const prior = useLab((s) => s.applied.model.prior);
  return (
    <div className="images" data-testid="panel-vae-images">
      <div className="panel">
        <h3>Test digits (top) and their reconstructions (bottom)</h3>
        <ImageGrid batch={snap?.originals ?? null} cols={16} testId="originals-grid" label="test digits" />
        <ImageGrid batch={snap?.recons ?? null} cols={16} testId="recon-grid" label="reconstructions" />
      </div>
      <div className="panel">
        <h3>
          {conditional
            ? 'Samples by class: one row per digit 0–9, the same fixed z ~ p(z) down each column'
            : `Samples from the prior (fixed noise, z ~ ${prior === 'standard' ? 'N(0, I)' : 'p(z)'})`}
        </h3>
        <div className={conditional ? 'class-grid' : undefined}>
          {conditional && (
            <div className="class-rows small muted" data-testid="class-rows" aria-hidden>
              {CLASS_ROWS.map((c) => (
                <span key={c}>{c}</span>
              ))}
            </div>
          )}
          <ImageGrid
            batch={snap?.samples ?? null}
            cols={8}
            scale={1.5}
            testId="samples-grid"
            label={conditional ? 'samples, one row per class' : 'prior samples'}
          />
        </div>
      </div>
      <VariantPictures />
    </div>
  );
}

// The status and the first step change at Start: these small components subscribe to them, so that
// Start re-renders them only, not the whole lab (one main-thread task, issue 14).
function LoadingNote() {
  const status = useLab((s) => s.status);
  const message = useLab((s) => s.statusMessage);
  if (status !== 'loading') return null;
  return <p className="muted">Loading MNIST and the engine… {message ?? ''}</p>;
}

function UntrainedHint() {
  if (!useUntrained()) return null;
  return (
    <Hint testId="hint-vae">
      The model is untrained: its reconstructions and samples below are noise. Press <b>Start</b>: the charts
      fill in and the images sharpen into digits within seconds.
    </Hint>
  );
}

/**
 * The VAE trainer (every variant of the family): controls, live loss charts, reconstructions, prior
 * samples (a class grid for a conditional VAE), the diagnostics and the log p(x) evaluation.
 */
export function VaeLab() {
  const cfg = useLab((s) => s.applied);
  const sigma = useLab((s) => s.snapshot?.extras?.sigma);
  const objective = objectiveStatement(cfg.objective);
  return (
    <div className="lab">
      <aside className="sidebar panel">
        <Controls />
        <ProgressBar />
        <HyperParams />
      </aside>
      <section className="content">
        <LoadingNote />
        <VaeCharts title={objective.title} />
        <p className="small muted vae-explain" data-testid="objective-formula">
          {objective.formula}. Every term is summed over the 784 pixels and averaged over digits, in nats per
          digit; the ELBO is a lower bound on log p(x).
        </p>
        <p className="small muted vae-explain" data-testid="likelihood-convention">
          Likelihood: {likelihoodConvention(cfg.model, sigma)}
        </p>
        {cfg.model.decoder === 'autoregressive' && (
          <p className="small muted vae-explain" data-testid="decoder-note">
            {AUTOREGRESSIVE_NOTE}
          </p>
        )}
        <p className="small muted vae-explain" data-testid="kl-method">
          Prior: {PRIOR_LABELS[cfg.model.prior]}. {klMethod(cfg.model.prior)}
        </p>
        <UntrainedHint />
        <VaeImages />
        <KlPerDimPanel />
        <AggregatePosteriorPanel />
        <LogPxPanel />
      </section>
    </div>
  );
}
