import { useEffect, useMemo, useRef, useState } from 'react';
import {
  projectDiagGaussian,
  projectPoints,
  projectedPrior,
  type Projection,
} from '../../core/latent/projection';
import { latentActions, useLatent } from '../../store/latent';
import { Hint, useUntrained } from '../Hint';
import { arrowDirection, nextPoint } from './keyboard';
import { hiDpiContext } from '../hiDpi';
import { DIGIT_COLORS } from './paint';
import { frameView, paintScatter, pickPoint, toPx, type ScatterScene } from './scatterPaint';

const SIZE = 440;

/**
 * The test set's posterior means, coloured by digit, over the prior's 1/2/3-sigma contours. Where the
 * coloured clouds leave prior mass uncovered (holes) or spill outside it, the aggregated posterior and
 * the prior disagree (lecture 002), and prior samples from those places decode badly.
 */
export function ScatterPanel() {
  const enc = useLatent((s) => s.encodings);
  const pca = useLatent((s) => s.pca);
  const sc = useLatent((s) => s.scatter);
  const dim = useLatent((s) => s.dim);
  const selected = useLatent((s) => (s.selected?.kind === 'test' ? (s.selected.index ?? null) : null));
  const drawn = useLatent((s) => s.drawn);
  const loading = useLatent((s) => s.loadingEncodings);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const msRef = useRef<HTMLSpanElement>(null);
  const ref = useRef<HTMLCanvasElement>(null);
  const untrained = useUntrained();

  const projection: Projection | null = useMemo(() => {
    if (sc.mode === 'pca' && pca) return { kind: 'pca', pca };
    if (sc.x === sc.y || sc.x >= dim || sc.y >= dim) return null;
    return { kind: 'dims', x: sc.x, y: sc.y };
  }, [sc.mode, sc.x, sc.y, pca, dim]);

  const frame = useMemo(() => {
    if (!enc || !projection) return null;
    const xy = projectPoints(projection, enc.mu, enc.n, enc.dim);
    const prior = projectedPrior(projection, enc.dim);
    return { xy, prior, view: frameView(xy, prior, SIZE) };
  }, [enc, projection]);

  const scene: ScatterScene | null = useMemo(() => {
    if (!frame || !enc || !projection) return null;
    const q =
      drawn && drawn.mu.length === enc.dim
        ? projectDiagGaussian(projection, drawn.mu, Array.from(drawn.logVar, Math.exp))
        : null;
    return { ...frame, labels: enc.labels, hidden, selected, drawn: q };
  }, [frame, enc, projection, hidden, selected, drawn]);

  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const ctx = hiDpiContext(c, SIZE, SIZE);
    if (!ctx) return;
    if (!scene) {
      ctx.fillStyle = '#f8fafc';
      ctx.fillRect(0, 0, SIZE, SIZE);
      return;
    }
    const t0 = performance.now();
    paintScatter(ctx, scene);
    const ms = performance.now() - t0;
    c.dataset.points = String(scene.labels.length);
    c.dataset.selected = scene.selected === null ? '' : String(scene.selected);
    // Where the drawn digit's q(z|x) marker is, in CSS pixels (for tests); empty when none.
    const m = scene.drawn ? toPx(scene.view, scene.drawn.cx, scene.drawn.cy) : null;
    c.dataset.drawnMarker = m ? `${m[0].toFixed(1)},${m[1].toFixed(1)}` : '';
    c.dataset.drawMs = ms.toFixed(2);
    if (msRef.current) msRef.current.textContent = `; drawn in ${ms.toFixed(1)} ms`;
  }, [scene]);

  /** Arrow keys walk from the selected digit to the nearest visible one in that direction. */
  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const dir = arrowDirection(e.key);
    if (!scene || !dir) return;
    e.preventDefault();
    const n = scene.labels.length;
    const px = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [x, y] = toPx(scene.view, scene.xy[2 * i]!, scene.xy[2 * i + 1]!);
      px[2 * i] = x;
      px[2 * i + 1] = y;
    }
    const next = nextPoint(px, scene.selected, dir, [SIZE / 2, SIZE / 2], (i) =>
      scene.hidden.has(scene.labels[i]!),
    );
    if (next !== null) void latentActions.selectTestDigit(next);
  };

  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!scene) return;
    const r = e.currentTarget.getBoundingClientRect();
    const i = pickPoint(
      scene,
      ((e.clientX - r.left) * SIZE) / r.width,
      ((e.clientY - r.top) * SIZE) / r.height,
    );
    if (i !== null) void latentActions.selectTestDigit(i);
  };

  const dims = Array.from({ length: dim }, (_, i) => i);
  const pcaShare = pca ? (100 * (pca.variances[0] + pca.variances[1])) / pca.totalVariance : null;
  return (
    <section className="panel latent-scatter" data-testid="panel-latent-scatter">
      <h3>Test encodings (posterior means)</h3>
      <div className="controls small">
        {dim > 2 && (
          <select
            value={sc.mode}
            aria-label="scatter axes"
            data-testid="scatter-mode"
            onChange={(e) => latentActions.setScatter({ mode: e.target.value as 'dims' | 'pca' })}
          >
            <option value="pca">PCA: top two directions</option>
            <option value="dims">two coordinates</option>
          </select>
        )}
        {(sc.mode === 'dims' || dim === 2) && (
          <>
            <label className="inline-field">
              x: z
              <select value={sc.x} onChange={(e) => latentActions.setScatter({ x: Number(e.target.value) })}>
                {dims.map((i) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              y: z
              <select value={sc.y} onChange={(e) => latentActions.setScatter({ y: Number(e.target.value) })}>
                {dims.map((i) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <button
          onClick={() => void latentActions.refreshEncodings()}
          disabled={loading}
          data-testid="scatter-refresh"
        >
          {loading ? 'Encoding…' : 'Refresh'}
        </button>
      </div>
      {untrained && (
        <Hint testId="hint-scatter">
          The encoder is untrained: every test digit&apos;s code sits near 0. Press <b>Start</b> and watch the
          digits spread out and gather into clusters, one colour each.
        </Hint>
      )}
      <canvas
        ref={ref}
        className="latent-scatter-canvas"
        style={{ width: SIZE, maxWidth: '100%', height: 'auto', aspectRatio: '1', cursor: 'crosshair' }}
        tabIndex={0}
        role="application"
        aria-roledescription="scatter plot"
        aria-label="Test-set encodings coloured by digit. Arrow keys move from digit to digit; the chosen digit's code goes into the sliders."
        data-testid="latent-scatter"
        onClick={onClick}
        onKeyDown={onKeyDown}
      />
      <ul className="legend" aria-label="digit colours (click to hide or show)">
        {DIGIT_COLORS.map((c, d) => (
          <li key={d}>
            <button
              className={hidden.has(d) ? 'legend-item off' : 'legend-item'}
              onClick={() =>
                setHidden((h) => {
                  const next = new Set(h);
                  if (next.has(d)) next.delete(d);
                  else next.add(d);
                  return next;
                })
              }
              data-testid={`legend-${d}`}
            >
              <span className="swatch" style={{ background: c }} />
              {d}
            </button>
          </li>
        ))}
      </ul>
      <p className="small muted">
        {enc ? (
          <>
            {`${enc.n.toLocaleString()} test digits encoded at step ${enc.stepEnd} in ${enc.ms.toFixed(0)} ms`}
            <span ref={msRef} />.
            {projection?.kind === 'pca' && pcaShare !== null
              ? ` The two PCA directions hold ${pcaShare.toFixed(0)}% of the codes' variance; the prior still projects to a unit circle.`
              : ''}
          </>
        ) : (
          'Encodings appear once the model is built; they refresh at every epoch, or press Refresh.'
        )}{' '}
        Dashed: the prior&apos;s 1σ, 2σ, 3σ contours (39%, 86%, 99% of its mass). Click a point (or focus the
        plot and use the arrow keys) to inspect a digit.
      </p>
    </section>
  );
}
