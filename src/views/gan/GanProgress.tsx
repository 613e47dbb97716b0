import { useGan } from '../../store/gan2d';
import { formatCount, formatDuration } from '../format';

/** "G step 398 / 2,000 · about 4 min left": where the run is and, while it runs, how long it has to go. */
export function GanProgress() {
  const status = useGan((s) => s.status);
  const sps = useGan((s) => s.stepsPerSec);
  const eta = useGan((s) => s.etaSec);
  const step = useGan((s) => s.snapshot?.step ?? 0);
  const max = useGan((s) => s.config.training.maxSteps);
  const where = `G step ${formatCount(step)} / ${formatCount(max)}`;
  const how =
    status === 'running'
      ? `${eta === null ? 'estimating time left' : `${formatDuration(eta)} left`} · ${sps.toFixed(1)} G-steps/s`
      : status === 'done'
        ? 'done'
        : status === 'paused'
          ? 'paused'
          : step === 0
            ? 'not started'
            : '';
  return (
    <span className="small muted" data-testid="gan-speed">
      {where}
      {how && ` · ${how}`}
    </span>
  );
}
