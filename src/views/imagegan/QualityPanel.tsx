import { useState } from 'react';
import { familyLabel, imageActions, useImageLab } from '../../store/imageGan';
import { actions as vaeActions, useLab } from '../../store/lab';
import { metricsOff, qualityActions, useQuality } from '../../store/quality';
import { QUICK_CLASSIFIER, STANDARD_CLASSIFIER, classifierTraining } from '../../core/quality/classifierSpec';
import { Rng } from '../../core/rng';
import { formatShare } from '../format';
import { LinesChart } from '../LinesChart';
import { ClassHistogram } from './ClassHistogram';
import { CompareTable } from './CompareTable';

const fmt = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? '—' : v.toFixed(d));

/**
 * Quality and coverage from the project's own MNIST classifier: the MNIST score (an Inception-score
 * analogue), the Fréchet distance between classifier features of samples and test digits, and the
 * histogram of predicted classes with its KL to uniform (mode collapse shows as a spike), and the share of
 * samples with a near-copy among them (a generator repeating a few images, which the classifier cannot see).
 */
export function QualityPanel() {
  const q = useQuality();
  const points = useImageLab((s) => s.quality);
  const unscored = useImageLab((s) => s.unscored);
  const last = points[points.length - 1];
  const ref = q.info?.testScores;
  return (
    <section className="panel quality-panel">
      <h3>Sample quality and coverage</h3>
      <ClassifierStatus />
      <div className="quality-now">
        <span data-testid="img-mnist-score" data-value={last?.mnistScore ?? ''}>
          MNIST score <b>{fmt(last?.mnistScore)}</b>
          {ref ? <span className="muted"> (test digits {ref.mnistScore.toFixed(2)})</span> : null}
        </span>
        <span data-testid="img-frechet" data-value={last?.frechet ?? ''}>
          Fréchet distance <b>{fmt(last?.frechet)}</b>
        </span>
        <span data-testid="img-class-kl" data-value={last?.classKl ?? ''}>
          class KL to uniform <b>{fmt(last?.classKl, 3)}</b> nats
        </span>
        <span
          data-testid="img-near-copies"
          data-value={last?.nearCopyShare ?? ''}
          title="Share of the first 1,000 samples that have an almost identical sample (pixel distance < 2) among them. The classifier-based scores cannot see a generator that repeats a few dozen clean images; this can."
        >
          near-copies <b>{last ? formatShare(last.nearCopyShare) : '—'}</b>
          {ref ? <span className="muted"> (test digits {formatShare(ref.nearCopyShare)})</span> : null}
        </span>
        {last && (
          <span className="muted small">
            step {last.step}, {last.count} samples
          </span>
        )}
        {unscored > 0 && <span className="muted small">{unscored} batch(es) waiting for the classifier</span>}
      </div>
      <div className="charts quality-charts">
        <LinesChart
          title="MNIST score, exp E KL(p(y|x) ‖ p(y)) (1 to 10, higher is better)"
          testId="img-chart-score"
          height={150}
          lines={[{ name: 'MNIST score', colour: '#1d4ed8', data: points, key: 'mnistScore', dots: true }]}
        />
        <LinesChart
          title="Fréchet distance to the test digits (lower is better)"
          testId="img-chart-frechet"
          height={150}
          lines={[{ name: 'Fréchet', colour: '#b91c1c', data: points, key: 'frechet', dots: true }]}
        />
        <LinesChart
          title="KL(class histogram ‖ uniform), nats (0 = every digit equally often; log 10 = 2.30 = one digit)"
          testId="img-chart-kl"
          height={150}
          lines={[{ name: 'class KL', colour: '#7c3aed', data: points, key: 'classKl', dots: true }]}
        />
        <LinesChart
          title="Near-copies: share of the first 1,000 samples with an almost identical sample beside them (0 to 1)"
          testId="img-chart-near-copies"
          height={150}
          lines={[{ name: 'near-copies', colour: '#0f766e', data: points, key: 'nearCopyShare', dots: true }]}
        />
      </div>
      {last && <ClassHistogram counts={last.histogram} />}
      <ScoreButtons />
      <CompareTable />
    </section>
  );
}

function ClassifierStatus() {
  const q = useQuality();
  return (
    <div className="controls small" data-testid="img-classifier" data-state={q.state}>
      <label className="inline-field">
        classifier
        <select
          value={q.which}
          data-testid="img-classifier-choice"
          onChange={(e) => qualityActions.choose(e.target.value as 'standard' | 'quick')}
        >
          <option value="standard">standard ({classifierTraining(STANDARD_CLASSIFIER)})</option>
          <option value="quick">quick ({classifierTraining(QUICK_CLASSIFIER)}; weaker)</option>
        </select>
      </label>
      <span>
        {q.state === 'ready' && q.info
          ? `ready: test accuracy ${(100 * q.info.testAccuracy).toFixed(2)}%`
          : q.state === 'training'
            ? `training it once (cached afterwards): ${(100 * q.progress).toFixed(0)}%` +
              (q.which === 'standard' ? ' (minutes on a laptop; the quick one takes seconds)' : '')
            : q.state === 'loading'
              ? 'loading…'
              : q.state === 'error'
                ? `unavailable: ${q.message}`
                : metricsOff()
                  ? 'off (?metrics=off in the URL)'
                  : 'not started'}
      </span>
      {q.state === 'ready' && q.message && <span className="muted">{q.message}</span>}
    </div>
  );
}

const vaeRng = new Rng(99);

/** Score the running model or the VAE of the first tab right now, into the comparison table. */
function ScoreButtons() {
  const ready = useQuality((s) => s.state === 'ready');
  const vaeStep = useLab((s) => s.snapshot?.step ?? null);
  const latentDim = useLab((s) => s.applied.model.latentDim);
  const label = useImageLab((s) => familyLabel(s.config, s.presetId));
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    try {
      await f();
    } catch (e) {
      setBusy(`${what} failed: ${(e as Error).message}`);
      return;
    }
    setBusy(null);
  };
  const scoreVae = async () => {
    const n = 2000;
    const z = Float32Array.from({ length: n * latentDim }, () => vaeRng.normal());
    const a = await vaeActions.query<{ pixels: Uint8ClampedArray; step: number }>({ type: 'decode', z, n });
    const { scores } = await qualityActions.score(a.pixels, n);
    qualityActions.setRow('VAE (VAE tab, decoder mean)', a.step, scores);
  };
  return (
    <div className="controls small">
      <button
        disabled={!ready || busy !== null}
        data-testid="img-score-now"
        onClick={() => run('scoring', () => imageActions.scoreNow())}
      >
        Score {label} now (2,000 samples)
      </button>
      <button
        disabled={!ready || busy !== null || vaeStep === null}
        data-testid="img-score-vae"
        onClick={() => run('scoring the VAE', scoreVae)}
        title="2,000 decoder means at z ~ N(0, I) from the VAE trainer tab's model"
      >
        Score the VAE now
      </button>
      {busy && <span className="muted">{busy}…</span>}
    </div>
  );
}
