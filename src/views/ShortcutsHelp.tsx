import { useEffect, useRef } from 'react';
import { uiActions, useUi } from '../store/ui';
import { SHORTCUTS } from './shortcuts';

/** The `?` overlay: every keyboard shortcut. */
export function ShortcutsHelp() {
  const open = useUi((s) => s.helpOpen);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="popover" role="dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {SHORTCUTS.map(([k, what]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd style={{ margin: 0 }}>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="small muted">
        They act on the lab in view and are off while you type in a field. Tab moves between controls; arrow
        keys move between tabs.
      </p>
      <button ref={ref} onClick={() => uiActions.setHelp(false)} data-testid="shortcuts-close">
        Close
      </button>
    </div>
  );
}
