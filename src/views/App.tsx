import { useRef, useState } from 'react';
import { decodeConfigHash } from '../config/url';
import { tabs } from './tabs';
import { ErrorBoundary } from './ErrorBoundary';
import { Notices } from './Notices';
import { BackendBadge } from './BackendBadge';

/**
 * The lab's frame: a tab per lab (WAI-ARIA tabs: arrow keys move between tabs and show them, Home and
 * End jump to the first and last), notices, and the active lab in its tab panel.
 */
export function App() {
  const [tab, setTab] = useState(() => {
    if (typeof location === 'undefined') return tabs[0]!.id;
    const want = new URLSearchParams(location.search).get('tab');
    if (tabs.some((t) => t.id === want)) return want!;
    // A shared GAN config opens the GAN lab.
    const shared = decodeConfigHash(location.hash);
    if (shared?.ok && shared.value.kind === 'gan2d' && tabs.some((t) => t.id === 'gan')) return 'gan';
    return tabs[0]!.id;
  });
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const active = tabs.find((t) => t.id === tab) ?? tabs[0]!;
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
    setTab(id);
    refs.current[id]?.focus();
  };
  return (
    <div className="app">
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
                onClick={() => setTab(t.id)}
                data-testid={`tab-${t.id}`}
              >
                {t.title}
              </button>
            ))}
          </div>
        </nav>
        <BackendBadge />
      </header>
      <Notices />
      <main id="tabpanel" role="tabpanel" aria-labelledby={`tab-${active.id}`}>
        <ErrorBoundary label={active.title}>
          <View />
        </ErrorBoundary>
      </main>
    </div>
  );
}
