import { useState } from 'react';
import { useImageLab } from '../../store/imageGan';
import { ImageGrid } from '../ImageGrid';

/**
 * The fixed-noise grid over training: a frame every N generator steps (kept as bytes on the page,
 * thinned to every other frame when the run outgrows the store), scrubbed with a slider.
 */
export function Timeline() {
  const frames = useImageLab((s) => s.frames);
  const cols = useImageLab((s) => (s.snapshot?.kind === 'imageGan' ? s.snapshot.gridCols : 8));
  const every = useImageLab((s) => (s.config.kind === 'imageGan' ? s.config.monitor.timelineEvery : 0));
  // null = follow the newest frame
  const [pick, setPick] = useState<number | null>(null);
  const i = pick === null ? frames.length - 1 : Math.min(pick, frames.length - 1);
  const f = frames[i];
  const count = f ? f.pixels.length / 784 : 0;
  return (
    <section className="panel timeline">
      <h3>Timeline</h3>
      {every === 0 && <p className="small muted">Frames are off (timeline every 0 steps).</p>}
      {f ? (
        <>
          <ImageGrid
            batch={{ count, width: 28, height: 28, pixels: f.pixels }}
            cols={cols}
            scale={1.5}
            testId="img-timeline-grid"
            label={`generated digits at step ${f.step}`}
          />
          <input
            type="range"
            min={0}
            max={Math.max(0, frames.length - 1)}
            value={i}
            aria-label="training step of the frame shown"
            data-testid="img-timeline"
            onChange={(e) => {
              const v = Number(e.target.value);
              setPick(v >= frames.length - 1 ? null : v);
            }}
          />
          <p className="small" data-testid="img-timeline-step" data-step={f.step}>
            step {f.step} ({i + 1} of {frames.length} frames{pick === null ? ', following the newest' : ''})
          </p>
        </>
      ) : (
        <p className="small muted">The first frame appears when the model is built.</p>
      )}
    </section>
  );
}
