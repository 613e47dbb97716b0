import { useRef } from 'react';
import { useLessons } from '../store/lessons';
import { uiActions, useUi } from '../store/ui';
import { tabs } from './tabs';
import { ErrorBoundary } from './ErrorBoundary';
import { Notices } from './Notices';
import { RecoveryNotice } from './RecoveryNotice';
import { BackendBadge } from './BackendBadge';
import { HeaderTools } from './HeaderTools';
import { LessonPanel } from './lessons/LessonPanel';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TeachingStyles } from './TeachingStyles';
import { useShortcuts } from './shortcuts';
import './teaching.css';

/**
 * The lab's frame: a tab per lab (WAI-ARIA tabs: arrow keys move between tabs and show them, Home and
 * End jump to the first and last), notices, the active lab in its tab panel, and beside it the open
 * lesson. The tab lives in the ui store, so lessons, links and shortcuts can change it.
 */
export function App() {
  const want = useUi((s) => s.tab);
  const presenter = useUi((s) => s.presenter);
  const lessonOpen = useLessons((s) => s.id !== null);
  useShortcuts();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const active = tabs.find((t) => t.id === want) ?? tabs[0]!;
  const View = active.component;
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === active.id);
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    const id = tabs[to]!.id;
    uiActions.showTab(id);
    refs.current[id]?.focus();
  };
  const panel = (
    <main id="tabpanel" role="tabpanel" aria-labelledby={`tab-${active.id}`}>
      <ErrorBoundary label={active.title}>
        <View />
      </ErrorBoundary>
    </main>
  );
  return (
    <div className={presenter ? 'app presenter' : 'app'} data-testid="app" data-presenter={presenter}>
      <TeachingStyles />
      <header className="app-header">
        <h1>Latent Lab</h1>
        <nav aria-label="labs">
          <div className="tabs" role="tablist" aria-label="labs" onKeyDown={onKeyDown}>
            {tabs.map((t) => (
              <button
                key={t.id}
                ref={(el) => {
                  refs.current[t.id] = el;
                }}
                id={`tab-${t.id}`}
                role="tab"
                aria-selected={t.id === active.id}
                aria-controls="tabpanel"
                tabIndex={t.id === active.id ? 0 : -1}
                className={t.id === active.id ? 'tab active' : 'tab'}
                onClick={() => uiActions.showTab(t.id)}
                data-testid={`tab-${t.id}`}
              >
                {t.title}
              </button>
            ))}
          </div>
        </nav>
        {/* A row of its own, so the badge growing when the engine reports its backend never re-wraps the
            header and moves the page under the pointer. */}
        <div className="header-status">
          <BackendBadge />
          <HeaderTools />
        </div>
      </header>
      <Notices />
      <RecoveryNotice />
      {lessonOpen ? (
        <div className="with-lesson">
          {panel}
          <ErrorBoundary label="The lesson">
            <LessonPanel />
          </ErrorBoundary>
        </div>
      ) : (
        panel
      )}
      <ShortcutsHelp />
    </div>
  );
}
