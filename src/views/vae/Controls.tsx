import { actions, useLab } from '../../store/lab';

/** Start / Pause / Resume, Step once, Reset. */
export function Controls() {
  const status = useLab((s) => s.status);
  const busy = status === 'loading' || status === 'error';
  const running = status === 'running';
  const label = running ? 'Pause' : status === 'paused' ? 'Resume' : status === 'done' ? 'Done' : 'Start';
  return (
    <div className="controls">
      <button
        className="primary"
        data-testid="btn-run"
        disabled={busy || status === 'done'}
        onClick={() => (running ? actions.pause() : actions.start())}
      >
        {label}
      </button>
      <button
        data-testid="btn-step"
        disabled={busy || running}
        onClick={() => actions.step(1)}
        title="One optimiser step"
      >
        Step
      </button>
      <button
        data-testid="btn-reset"
        disabled={status === 'loading'}
        onClick={() => actions.reset()}
        title="New weights, cleared charts"
      >
        Reset
      </button>
      <span className={`status status-${status}`} data-testid="run-status">
        {status}
      </span>
    </div>
  );
}
