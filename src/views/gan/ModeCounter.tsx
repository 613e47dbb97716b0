import { useGan } from '../../store/gan2d';

/** Modes captured out of K and the share of high-quality samples (VEEGAN / PacGAN rule). */
export function ModeCounter() {
  const snap = useGan((s) => s.snapshot);
  const m = snap?.modes ?? null;
  return (
    <div
      className="panel mode-counter"
      data-testid="mode-counter"
      data-captured={m?.captured ?? ''}
      data-total={m?.total ?? ''}
    >
      <div className="big">
        {m ? (
          <>
            <span data-testid="modes-captured">{m.captured}</span> / {m.total}
          </>
        ) : (
          '–'
        )}
      </div>
      <div>modes captured</div>
      {m && (
        <div className="small">
          {(m.hqFraction * 100).toFixed(0)}% high-quality · KL(modes ‖ uniform){' '}
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
