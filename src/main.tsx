import './config/zodSetup'; // first: before any module parses with zod (CSP, no eval)
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './views/App';
import { ErrorBoundary } from './views/ErrorBoundary';
import { actions, bootEngine, useLab } from './store/lab';
import { metricHistory } from './store/metricLog';
import { ganActions, useGan } from './store/gan2d';
import { useImageLab } from './store/imageGan';
import { useQuality } from './store/quality';
import { useConstraints } from './store/constraints';
import { useConstraintsMnist } from './store/constraintsMnist';
import { useAepca } from './store/aepca';
import './styles.css';

// Tests and the benchmark read the store (never write it) through this handle.
(window as unknown as { __latentLab: typeof useLab }).__latentLab = useLab;
(window as unknown as { __ganLab: typeof useGan }).__ganLab = useGan;
Object.assign(window, { __imageLab: useImageLab, __quality: useQuality });
(window as unknown as { __constraintsLab: typeof useConstraints }).__constraintsLab = useConstraints;
Object.assign(window, { __aepcaLab: useAepca });
Object.assign(window, { __constraintsMnist: useConstraintsMnist });
// Saved runs (issue 8): the tests and the benchmark compare decoder outputs and metric histories.
Object.assign(window, {
  __labQuery: (q: { type: string; [k: string]: unknown }) => actions.query(q),
  __metricHistory: metricHistory,
  // The 2-D GAN's engine (its own worker), e.g. { type: 'tfMemory' } for the soak script.
  __ganQuery: (q: { type: string; [k: string]: unknown }) => ganActions.query(q),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
void bootEngine();
