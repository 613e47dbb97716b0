import { useState } from 'react';
import { tabs } from './tabs';
import { ErrorBoundary } from './ErrorBoundary';
import { Notices } from './Notices';
import { BackendBadge } from './BackendBadge';

export function App() {
  const [tab, setTab] = useState(() => {
    const want = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('tab') : null;
    return tabs.some((t) => t.id === want) ? want! : tabs[0]!.id;
  });
  const active = tabs.find((t) => t.id === tab) ?? tabs[0]!;
  const View = active.component;
  return (
    <div className="app">
      <header className="app-header">
        <h1>Latent Lab</h1>
        <nav className="tabs" role="tablist">
          {tabs.map((t) => (
            <button
              key={t.id}
              role="tab"
              aria-selected={t.id === tab}
              className={t.id === tab ? 'tab active' : 'tab'}
              onClick={() => setTab(t.id)}
              data-testid={`tab-${t.id}`}
            >
              {t.title}
            </button>
          ))}
        </nav>
        <BackendBadge />
      </header>
      <Notices />
      <main>
        <ErrorBoundary label={active.title}>
          <View />
        </ErrorBoundary>
      </main>
    </div>
  );
}
