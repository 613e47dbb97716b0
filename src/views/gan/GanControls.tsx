import { ganActions, useGan } from '../../store/gan2d';
import { GanProgress } from './GanProgress';

/** Run, pause, and single iterations updating D only, G only, or both. */
export function GanControls() {
  const status = useGan((s) => s.status);
  const fast = useGan((s) => s.fastForward);
  const running = status === 'running';
  const busy = status === 'loading' || status === 'error';
  return (
    <div className="controls">
      <button
        className="primary"
        data-testid="gan-run"
        disabled={busy || status === 'done'}
        onClick={() => (running ? ganActions.pause() : ganActions.start())}
      >
        {running ? 'Pause' : status === 'paused' ? 'Resume' : status === 'done' ? 'Done' : 'Start'}
      </button>
      <button
        data-testid="gan-step-d"
        disabled={busy || running}
        onClick={() => ganActions.step('d')}
        title="Update the discriminator once"
      >
        Step D
      </button>
      <button
        data-testid="gan-step-g"
        disabled={busy || running}
        onClick={() => ganActions.step('g')}
        title="Update the generator once"
      >
        Step G
      </button>
      <button
        data-testid="gan-step"
        disabled={busy || running}
        onClick={() => ganActions.step('both')}
        title="k D steps, then one G step"
      >
        Step both
      </button>
      <button
        data-testid="gan-fast-forward"
        aria-pressed={fast}
        className={fast ? 'active' : ''}
        disabled={busy}
        onClick={() => ganActions.setFastForward(!fast)}
        title="Train several steps per update and redraw once a second: for long runs"
      >
        {fast ? 'Fast-forward on' : 'Fast-forward'}
      </button>
      <button data-testid="gan-reset" disabled={status === 'loading'} onClick={() => ganActions.reset()}>
        Reset
      </button>
      <span className={`status status-${status}`} data-testid="gan-status">
        {status}
      </span>
      <GanProgress />
    </div>
  );
}
