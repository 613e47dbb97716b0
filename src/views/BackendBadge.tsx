import { BACKENDS, type BackendName } from '../engine/backendNames';
import { actions, useLab } from '../store/lab';
import { ChoiceSelect } from './ChoiceSelect';

/** Which compute backend runs, why it was chosen, and a control to override it. */
export function BackendBadge() {
  const backend = useLab((s) => s.backend);
  const override = useLab((s) => s.backendOverride);
  const title = backend
    ? `${backend.reason}\n${backend.attempts.map((a) => `${a.name}: ${a.ok ? 'ok' : a.reason}`).join('\n')}`
    : 'choosing a backend...';
  return (
    <div className="backend" title={title}>
      <span className="backend-label" data-testid="backend-label">
        {backend ? backend.name : '…'}
      </span>
      {!backend && <span className="backend-why small">starting the engine…</span>}
      {backend && (
        // The reason can be long (every backend tried and why it lost): one line, the rest on request.
        <details className="backend-why small" data-testid="backend-reason">
          <summary>
            {backend.location === 'in-process' ? 'on the page' : 'in a worker'}
            {backend.threads ? `, ${backend.threads} threads` : ''} · why?
          </summary>
          <p className="backend-why-text">
            {backend.reason}
            {/* The badge cuts the kernel list to one line; here it is whole, also for the keyboard. */}
            {backend.kernels && (
              <>
                <br />
                {backend.kernels}
              </>
            )}
          </p>
        </details>
      )}
      {backend?.kernels && (
        <span className="muted small backend-kernels" data-testid="backend-kernels" title={backend.kernels}>
          {backend.kernels}
        </span>
      )}
      <span className="small backend-choice">
        <label htmlFor="backend-select">backend</label>{' '}
        <ChoiceSelect
          id="backend-select"
          label="backend (changing it restarts the engine)"
          testId="backend-select"
          applyLabel="Restart engine"
          value={override ?? 'auto'}
          onChoose={(v) => actions.setBackendOverride(v === 'auto' ? null : (v as BackendName))}
        >
          <option value="auto">auto</option>
          {BACKENDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </ChoiceSelect>
      </span>
    </div>
  );
}
