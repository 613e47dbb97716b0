import { useGan } from '../../store/gan2d';
import { ExportButtons } from '../ExportButtons';
import { canvasPng } from '../exportFile';
import { modeStory } from './modeStory';

/**
 * The GAN canvas in words, for screen readers (the canvas points here with aria-describedby): the step,
 * the modes captured and where the fakes sit. Beside it, the canvas's PNG export.
 */
export function GanCanvasSummary() {
  const snap = useGan((s) => s.snapshot);
  const m = snap?.modes ?? null;
  const text = !snap
    ? 'The GAN is starting.'
    : `Step ${snap.step}. ` +
      (m
        ? `${snap.step === 0 ? 'Not trained yet. ' : `${m.captured} of ${m.total} modes captured. `}${modeStory(m.counts, m.samples, snap.step).sentence}`
        : `Data: ${snap.dataset}.`);
  const png = () => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="gan-canvas"]');
    return c ? canvasPng(c) : Promise.reject(new Error('the canvas is not on screen'));
  };
  return (
    <>
      <span id="gan-canvas-summary" className="visually-hidden" data-testid="gan-canvas-summary">
        {text}
      </span>
      <ExportButtons name="gan-canvas" label="GAN canvas" png={png} testId="gan-canvas-export" />
    </>
  );
}
