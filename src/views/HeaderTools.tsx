import { useCallback, useEffect, useState } from 'react';
import { uiActions, useUi, type Theme } from '../store/ui';
import { ShareDialog } from './ShareDialog';

const NEXT_THEME: Record<Theme, Theme> = { system: 'dark', dark: 'light', light: 'system' };

/** The theme in force: the toggle's choice, or the system's. */
function useAppliedTheme(): 'light' | 'dark' {
  const theme = useUi((s) => s.theme);
  const [systemDark, setSystemDark] = useState(
    () => typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches,
  );
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
}

/** Share, presenter mode, colour theme and the shortcut list, at the right of the header. */
export function HeaderTools() {
  const [sharing, setSharing] = useState(false);
  const presenter = useUi((s) => s.presenter);
  const theme = useUi((s) => s.theme);
  const readOnly = useUi((s) => s.readOnly);
  const applied = useAppliedTheme();
  const closeShare = useCallback(() => setSharing(false), []);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="header-tools" data-testid="header-tools" data-theme-applied={applied}>
      {readOnly && (
        <span className="readonly-badge small" data-testid="readonly-badge">
          read-only link: settings are locked
        </span>
      )}
      <button onClick={() => setSharing((s) => !s)} aria-expanded={sharing} data-testid="share-open">
        Share
      </button>
      <button
        onClick={() => uiActions.togglePresenter()}
        aria-pressed={presenter}
        aria-keyshortcuts="P"
        data-testid="presenter-toggle"
      >
        Presenter
      </button>
      <button
        onClick={() => uiActions.setTheme(NEXT_THEME[theme])}
        data-testid="theme-toggle"
        title="Colour theme: follow the system, dark or light (click to change)"
      >
        {theme === 'system' ? `Theme: auto (${applied})` : `Theme: ${theme}`}
      </button>
      <button
        onClick={() => uiActions.setHelp(!useUi.getState().helpOpen)}
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="?"
        data-testid="help-open"
      >
        ?
      </button>
      {sharing && <ShareDialog onClose={closeShare} />}
    </div>
  );
}
