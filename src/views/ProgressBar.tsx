import { useLab } from '../store/lab';

function fmtTime(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '–';
  if (s < 60) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Epoch progress with ETA, and the speed readout (steps/s, samples/s, ms/step). */
export function ProgressBar() {
  const p = useLab((s) => s.progress);
  const epochs = useLab((s) => s.applied.training.epochs);
  const recent = useLab((s) => s.recentStepMs);
  const last = recent.slice(-50).sort((a, b) => a - b);
  const median = last.length ? last[last.length >> 1]! : null;
  const pct = p ? Math.round(p.epochProgress * 100) : 0;
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-text">
        <span>
          epoch {p ? Math.min(p.epoch + 1, epochs) : 1} / {epochs} · step {p?.step ?? 0}
        </span>
        <span className="muted">ETA {fmtTime(p?.etaSec ?? null)}</span>
      </div>
      <div className="bar" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className="bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="speed small" data-testid="speed">
        {p ? `${p.stepsPerSec.toFixed(1)} steps/s · ${Math.round(p.examplesPerSec)} samples/s` : '– steps/s'}
        {median !== null && ` · ${median.toFixed(1)} ms/step`}
      </div>
    </div>
  );
}
