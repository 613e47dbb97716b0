import { useEffect, useState } from 'react';
import { bootImageEngine, useImageLab } from '../../store/imageGan';
import { bootQuality } from '../../store/quality';
import { AaeView } from './AaeView';
import { ImageControls } from './ImageControls';
import { ImageSettings } from './ImageSettings';
import { GSliders, InterpolationAndArithmetic, useToolRefresh } from './LatentTools';
import { QualityPanel } from './QualityPanel';
import { SampleGrid } from './SampleGrid';
import { Timeline } from './Timeline';
import { TrainingCharts } from './TrainingCharts';
import '../latent/latent.css';
import './imagegan.css';

/** GAN views: the live grid, its timeline, and the latent tools on G's input. */
function GanView() {
  useToolRefresh();
  const [picked, setPicked] = useState<number | null>(null);
  return (
    <div className="gan-image-view">
      <section className="panel">
        <h3>Generated digits</h3>
        <SampleGrid onPick={setPicked} selected={picked} />
      </section>
      <Timeline />
      <GSliders />
      <InterpolationAndArithmetic picked={picked} />
    </div>
  );
}

/**
 * Image GANs and adversarial autoencoders on MNIST (issue 12): an MLP GAN, a DCGAN and a conditional
 * GAN with every objective of the 2-D lab, an AAE with three priors, and quality and coverage numbers
 * from the project's own MNIST classifier, so the families compare with the VAE on the same data.
 */
export function ImageLab() {
  useEffect(() => {
    bootImageEngine();
    bootQuality();
  }, []);
  const kind = useImageLab((s) => s.config.kind);
  // A new model (reset) starts the grid selection over.
  const run = useImageLab((s) => s.runId);
  const status = useImageLab((s) => s.status);
  return (
    <div className="lab image-lab">
      <aside className="sidebar panel">
        <ImageControls />
        <ImageSettings />
      </aside>
      <section className="content">
        {status === 'loading' && <p className="muted">Starting the image engine (loading MNIST)…</p>}
        {kind === 'imageGan' ? <GanView key={run} /> : <AaeView />}
        <QualityPanel />
        <TrainingCharts />
      </section>
    </div>
  );
}
