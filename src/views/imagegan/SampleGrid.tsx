import { useImageLab } from '../../store/imageGan';
import { ImageGrid } from '../ImageGrid';

const SCALE = 2;

/**
 * G on fixed noise, redrawn at every snapshot: the same z's throughout, so the grid shows the generator
 * changing rather than new draws. A conditional GAN's grid has one row per digit. Click a digit to
 * hand its z to the latent tools.
 */
export function SampleGrid(props: { onPick?: (i: number) => void; selected?: number | null }) {
  const snap = useImageLab((s) => (s.snapshot?.kind === 'imageGan' ? s.snapshot : null));
  const ema = useImageLab((s) => (s.config.kind === 'imageGan' ? s.config.model.generatorEma : 0));
  if (!snap) return <p className="muted small">Building the model…</p>;
  const cols = snap.gridCols;
  const onClick = (e: React.MouseEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const col = Math.floor((e.clientX - r.left) / (28 * SCALE));
    const row = Math.floor((e.clientY - r.top) / (28 * SCALE));
    const i = row * cols + col;
    if (col < cols && i < snap.grid.count) props.onPick?.(i);
  };
  return (
    <figure className="image-grid-figure">
      <div className="grid-wrap" onClick={onClick} style={{ cursor: props.onPick ? 'pointer' : undefined }}>
        <ImageGrid
          batch={snap.grid}
          cols={cols}
          scale={SCALE}
          testId="img-grid"
          label="generated digits at fixed noise"
        />
        {props.selected != null && props.selected < snap.grid.count && (
          <span
            className="grid-mark"
            style={{
              left: (props.selected % cols) * 28 * SCALE,
              top: Math.floor(props.selected / cols) * 28 * SCALE,
              width: 28 * SCALE,
              height: 28 * SCALE,
            }}
          />
        )}
      </div>
      <figcaption className="small muted" data-testid="img-grid-step" data-step={snap.step}>
        {snap.conditional ? 'rows: digits 0–9 asked of G · columns: ten fixed z' : '64 fixed z'} · step{' '}
        {snap.step}
        {ema > 0 ? ` · drawn by G's averaged weights (EMA, decay ${ema})` : ''}
      </figcaption>
    </figure>
  );
}
