import { useState } from 'react';
import { divergenceSentence } from '../engine/divergence';
import { dismissRecovery, rollBack, useRecovery, type LabRecovery } from '../store/recovery';

function Panel({ lab, r }: { lab: string; r: LabRecovery }) {
  const [busy, setBusy] = useState(false);
  const go = (withFix: boolean) => {
    setBusy(true);
    void rollBack(lab, withFix).finally(() => setBusy(false));
  };
  const at = r.rollbackTo?.toLocaleString('en-US');
  return (
    <div className="notice error recovery" role="alert" data-testid={`recovery-${lab}`}>
      <span data-testid="divergence-message">
        {r.title}: {divergenceSentence(r.divergence)}; training is paused.
        {r.rollbackTo === null
          ? ' No good state was kept for this run; lower the learning rate and press Reset.'
          : ` The last good state is from step ${at}.`}
      </span>
      {r.rollbackTo !== null && (
        <span className="recovery-actions">
          <button disabled={busy} onClick={() => go(false)} data-testid="rollback">
            Roll back to step {at}
          </button>
          {r.fix && (
            <button disabled={busy} onClick={() => go(true)} data-testid="rollback-fix">
              Roll back and {r.fix.label}
            </button>
          )}
        </span>
      )}
      <button aria-label="Dismiss" onClick={() => dismissRecovery(lab)}>
        ×
      </button>
    </div>
  );
}

/** After a divergence: which term, at which step, and the way back (issue 13). One panel per lab. */
export function RecoveryNotice() {
  const labs = useRecovery((s) => s.labs);
  const entries = Object.entries(labs);
  if (entries.length === 0) return null;
  return (
    <div className="notices" data-testid="recovery">
      {entries.map(([lab, r]) => (
        <Panel key={lab} lab={lab} r={r} />
      ))}
    </div>
  );
}
