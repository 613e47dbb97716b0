import { useEffect, useMemo, useRef, useState } from 'react';
import { engineDecodes } from './decodeQueue';
import {
  manifoldLatents,
  manifoldTileLatent,
  type GridSpacing,
  type ManifoldSpec,
} from '../../core/latent/manifoldGrid';
import { actions as labActions, useLab } from '../../store/lab';
import { latentActions, useLatent } from '../../store/latent';
import { Hint, useUntrained } from '../Hint';
import { arrowDirection, moveTile } from './keyboard';
import { paintImages } from './paint';

/** The preset the manifold hint offers: the classic VAE with a 2-D latent (Kingma & Welling's figure). */
const PRESET_2D = 'vae-2d';

const SIZE = 480;

/**
 * The decoded manifold: an N x N grid of decodings over two chosen latent dimensions, the rest held at
 * the sliders' values. Quantile spacing gives every tile the same prior probability (Kingma & Welling's
 * figure); linear spacing shows how the decoder behaves out in the tails. Decoded by the engine (one
 * batched matMul), latest request wins.
 */
export function ManifoldPanel() {
  const dim = useLatent((s) => s.dim);
  const m = useLatent((s) => s.manifold);
  const z = useLatent((s) => s.z);
  const step = useLatent((s) => s.decoderStep);
  const suggested = useLatent((s) => s.suggestedDims);
  const untrained = useUntrained();
  const training = useLab((s) => s.status === 'running');
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ row: number; col: number } | null>(null);
  const [info, setInfo] = useState<{ ms: number; step: number } | null>(null);
  const valid = m.dimX !== m.dimY && m.dimX < dim && m.dimY < dim;
  const spec: ManifoldSpec = useMemo(
    () => ({ n: m.n, spacing: m.spacing, range: m.range, dimX: m.dimX, dimY: m.dimY }),
    [m.n, m.spacing, m.range, m.dimX, m.dimY],
  );
  // The grid depends on z only through the dims it does not vary: hovering (which sets dimX/dimY)
  // must not trigger a redraw.
  const baseKey = useMemo(
    () => Array.from(z, (v, k) => (k === spec.dimX || k === spec.dimY ? 0 : v.toFixed(3))).join(','),
    [z, spec.dimX, spec.dimY],
  );

  useEffect(() => {
    if (!valid || step === null) return;
    const base = useLatent.getState().z;
    const batch = manifoldLatents(base, spec);
    const t0 = performance.now();
    engineDecodes.request({
      z: batch,
      n: spec.n * spec.n,
      onResult: (a) => {
        const c = ref.current;
        if (!c) return;
        paintImages(c, a.pixels, a.n, spec.n);
        c.dataset.tiles = String(spec.n);
        c.dataset.step = String(a.step);
        setInfo({ ms: performance.now() - t0, step: a.step });
      },
    });
  }, [valid, spec, baseKey, step]);

  const loadTile = (row: number, col: number) => {
    if (hover?.row !== row || hover?.col !== col) setHover({ row, col });
    latentActions.setZ(manifoldTileLatent(useLatent.getState().z, spec, row, col), {
      kind: 'tile',
      text: `The sliders follow the manifold tile (row ${row + 1}, column ${col + 1}).`,
    });
  };
  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!valid) return;
    const r = e.currentTarget.getBoundingClientRect();
    const col = Math.floor(((e.clientX - r.left) / r.width) * spec.n);
    const row = Math.floor(((e.clientY - r.top) / r.height) * spec.n);
    if (row < 0 || col < 0 || row >= spec.n || col >= spec.n) return;
    loadTile(row, col);
  };
  /** Arrow keys walk the tiles (from the centre), loading each tile's z like hovering does. */
  const onKeyDown = (e: React.KeyboardEvent<HTMLCanvasElement>) => {
    const dir = arrowDirection(e.key);
    if (!valid || !dir) return;
    e.preventDefault();
    const to = hover ? moveTile(hover, dir, spec.n) : { row: spec.n >> 1, col: spec.n >> 1 };
    loadTile(to.row, to.col);
  };

  const dims = Array.from({ length: dim }, (_, i) => i);
  const tile = 100 / spec.n;
  const suggest = suggested && !(suggested.includes(m.dimX) && suggested.includes(m.dimY)) ? suggested : null;
  return (
    <section className="panel latent-manifold" data-testid="panel-latent-manifold">
      <h3>Decoded manifold</h3>
      <div className="controls small">
        <label className="inline-field">
          x: z
          <select
            value={m.dimX}
            onChange={(e) => latentActions.setManifold({ dimX: Number(e.target.value) })}
          >
            {dims.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          y: z
          <select
            value={m.dimY}
            onChange={(e) => latentActions.setManifold({ dimY: Number(e.target.value) })}
          >
            {dims.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          N
          <input
            type="range"
            min={10}
            max={30}
            value={m.n}
            data-testid="manifold-n"
            onChange={(e) => latentActions.setManifold({ n: Number(e.target.value) })}
          />
          <output>{m.n}</output>
        </label>
        <label className="inline-field">
          spacing
          <select
            value={m.spacing}
            data-testid="manifold-spacing"
            onChange={(e) => latentActions.setManifold({ spacing: e.target.value as GridSpacing })}
          >
            <option value="quantile">prior quantiles Φ⁻¹((i+½)/N)</option>
            <option value="linear">linear ±{m.range}</option>
          </select>
        </label>
      </div>
      {!valid && <p className="field-error small">Choose two different dimensions.</p>}
      {untrained && (
        <Hint testId="hint-manifold">
          The decoder is untrained, so every tile is noise. Press <b>Start</b>: digits appear, and
          neighbouring tiles blend into each other.
        </Hint>
      )}
      {dim > 2 && (
        <Hint testId="hint-manifold-2d">
          With a {dim}-D latent, these two coordinates carry only part of each code (the other {dim - 2} stay
          at the sliders&apos; values): unless they are coordinates the encoder uses, the tiles barely change.
          For the classic picture, where one plane holds every digit, train a VAE with a 2-D latent.{' '}
          <button
            onClick={() => labActions.loadPreset(PRESET_2D)}
            data-testid="load-vae-2d"
            title={training ? 'Stops this run and starts over with a 2-D latent' : undefined}
          >
            Use a 2-D latent (new run)
          </button>
        </Hint>
      )}
      {suggest && (
        <p className="small suggest" data-testid="manifold-suggest">
          The encoder uses z{suggest[0]} and z{suggest[1]} most.{' '}
          <button onClick={() => latentActions.applySuggestedDims()} data-testid="manifold-use-suggested">
            Show z{suggest[0]} × z{suggest[1]}
          </button>
        </p>
      )}
      <div className="manifold-wrap" style={{ width: SIZE, maxWidth: '100%' }}>
        <canvas
          ref={ref}
          className="pixels"
          width={spec.n * 28}
          height={spec.n * 28}
          style={{ width: '100%', height: 'auto', aspectRatio: '1' }}
          tabIndex={0}
          role="application"
          aria-roledescription="image grid"
          aria-label={`Decoded ${spec.n} by ${spec.n} manifold over z${m.dimX} and z${m.dimY}. Arrow keys move from tile to tile and load its z into the sliders.`}
          data-testid="manifold-grid"
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
          onKeyDown={onKeyDown}
          onBlur={() => setHover(null)}
        />
        {hover && (
          <div
            className="manifold-hover"
            data-testid="manifold-hover"
            data-row={hover.row}
            data-col={hover.col}
            style={{
              left: `${hover.col * tile}%`,
              top: `${hover.row * tile}%`,
              width: `${tile}%`,
              height: `${tile}%`,
            }}
          />
        )}
      </div>
      <p className="small muted">
        Left to right: z{m.dimX}; bottom to top: z{m.dimY}; other coordinates from the sliders. Hover a tile
        (or focus the grid and use the arrow keys) to load its z.{' '}
        {info && `Decoded ${spec.n * spec.n} tiles in ${info.ms.toFixed(0)} ms (step ${info.step}).`}
      </p>
    </section>
  );
}
