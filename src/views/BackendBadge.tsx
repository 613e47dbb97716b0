import { BACKENDS, type BackendName } from '../engine/backendNames';
import { actions, useLab } from '../store/lab';

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
      {backend && (
        <span className="muted small" data-testid="backend-reason">
          {backend.location === 'in-process' ? 'on the page' : 'in a worker'}
          {backend.threads ? `, ${backend.threads} threads` : ''} · {backend.reason}
        </span>
      )}
      {backend?.kernels && (
        <span className="muted small" data-testid="backend-kernels">
          {backend.kernels}
        </span>
      )}
      <label className="small">
        backend{' '}
        <select
          data-testid="backend-select"
          value={override ?? 'auto'}
          onChange={(e) =>
            actions.setBackendOverride(e.target.value === 'auto' ? null : (e.target.value as BackendName))
          }
        >
          <option value="auto">auto</option>
          {BACKENDS.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
