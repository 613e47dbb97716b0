import { useLab } from '../store/lab';
import { formatDuration } from './format';

/**
 * Epoch progress with the time left in this epoch and in the whole run, and the speed readout
 * (steps/s, samples/s, ms/step). Speeds and times are estimates of a running engine: paused, they say so.
 */
export function ProgressBar() {
  const p = useLab((s) => s.progress);
  const status = useLab((s) => s.status);
  const epochs = useLab((s) => s.applied.training.epochs);
  const recent = useLab((s) => s.recentStepMs);
  const last = recent.slice(-50).sort((a, b) => a - b);
  const median = last.length ? last[last.length >> 1]! : null;
  const pct = p ? Math.round(p.epochProgress * 100) : 0;
  const epoch = p ? Math.min(p.epoch + 1, epochs) : 1;
  const running = status === 'running';
  const speed = p ? `${p.stepsPerSec.toFixed(1)} steps/s · ${Math.round(p.examplesPerSec)} samples/s` : '';
  return (
    <div className="progress" data-testid="progress">
      <div className="progress-text">
        <span>
          epoch {epoch} / {epochs} · step {p?.step ?? 0}
        </span>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-label={`epoch ${epoch} progress`}
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="eta small" data-testid="eta">
        {running && p ? (
          <>
            <span data-testid="eta-epoch">this epoch: {formatDuration(p.etaSec)} left</span>
            {' · '}
            <span data-testid="eta-run">whole run: {formatDuration(p.runEtaSec)} left</span>
          </>
        ) : status === 'done' ? (
          'run finished'
        ) : status === 'paused' ? (
          'paused: no time estimate until training resumes'
        ) : status === 'loading' ? (
          'loading…'
        ) : p ? (
          ''
        ) : (
          'not started: press Start'
        )}
      </div>
      <div className="speed small muted" data-testid="speed">
        {running && p
          ? `${speed}${median !== null ? ` · ${median.toFixed(1)} ms/step` : ''}`
          : status === 'paused' && p && p.stepsPerSec > 0
            ? `paused (was ${speed})`
            : '– steps/s'}
      </div>
    </div>
  );
}
