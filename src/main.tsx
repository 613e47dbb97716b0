import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './views/App';
import { ErrorBoundary } from './views/ErrorBoundary';
import { bootEngine, useLab } from './store/lab';
import { useGan } from './store/gan2d';
import { useConstraints } from './store/constraints';
import './styles.css';

// Tests and the benchmark read the store (never write it) through this handle.
(window as unknown as { __latentLab: typeof useLab }).__latentLab = useLab;
(window as unknown as { __ganLab: typeof useGan }).__ganLab = useGan;
(window as unknown as { __constraintsLab: typeof useConstraints }).__constraintsLab = useConstraints;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
void bootEngine();
