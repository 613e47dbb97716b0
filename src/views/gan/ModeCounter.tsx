import { useGan } from '../../store/gan2d';
import { formatShare } from '../format';

/** Modes captured out of K and the share of high-quality samples (VEEGAN / PacGAN rule). */
export function ModeCounter() {
  const snap = useGan((s) => s.snapshot);
  const m = snap?.modes ?? null;
  const untrained = snap?.step === 0;
  return (
    <div
      className="panel mode-counter"
      data-testid="mode-counter"
      data-captured={m && !untrained ? m.captured : ''}
      data-total={m?.total ?? ''}
    >
      <div className="big">
        {m && !untrained ? (
          <>
            <span data-testid="modes-captured">{m.captured}</span> / {m.total}
          </>
        ) : (
          '–'
        )}
      </div>
      <div>modes captured{untrained && ' · not trained yet'}</div>
      {m && !untrained && (
        <div className="small">
          {formatShare(m.hqFraction)} high-quality · KL(modes ‖ uniform){' '}
          {m.klUniform === null ? '—' : m.klUniform.toFixed(2)} · grid JS {snap!.js.toFixed(3)}
        </div>
      )}
      <p className="small muted">
        Of 2,500 samples, one is high-quality if within 3σ of its nearest mode; a mode is captured if at least
        one high-quality sample is nearest to it.
      </p>
    </div>
  );
}
