import { useEffect } from 'react';
import { useLab } from '../../store/lab';
import { latentActions, useLatent } from '../../store/latent';

/**
 * Keeps the explorer in step with the training run while its tab is open: new decoder weights with
 * every snapshot (about once a second while training), fresh test encodings at each epoch's end, and a
 * clean slate when the model is rebuilt.
 */
export function useLatentSync(): void {
  useEffect(() => {
    const lab = useLab.getState();
    const dim = lab.applied.model.latentDim;
    if (useLatent.getState().dim !== dim) latentActions.resetForModel(dim);
    if (lab.snapshot) {
      void latentActions.refreshDecoder();
      void latentActions.refreshEncodings();
    }
    return useLab.subscribe((s, prev) => {
      if (!s.snapshot) {
        if (prev.snapshot) latentActions.resetForModel(s.applied.model.latentDim);
        return;
      }
      const d = s.applied.model.latentDim;
      if (useLatent.getState().dim !== d) latentActions.resetForModel(d);
      if (s.snapshot !== prev.snapshot) {
        void latentActions.refreshDecoder();
        const st = useLatent.getState();
        if (!st.encodings && !st.loadingEncodings) void latentActions.refreshEncodings();
      }
      if (s.epochs.length > prev.epochs.length) void latentActions.refreshEncodings();
    });
  }, []);
}
