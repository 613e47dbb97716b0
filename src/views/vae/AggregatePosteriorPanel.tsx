import { useEffect, useMemo, useRef, useState } from 'react';
import {
  aggregatePosteriorGrid,
  cellCentre,
  findHoles,
  highDensityRegion,
  HOLE_PRIOR_MASS,
  HOLE_RATIO,
  priorGrid,
  type DensityGrid,
} from '../../core/vae/diagnostics';
import type { MixtureData } from '../../core/vae/priors/prior';
import type { DecodeAnswer } from '../../engine/latentProtocol';
import type { VaeDiagnostics } from '../../engine/vaeDiagnostics';
import { actions, useLab } from '../../store/lab';
import { ImageGrid } from '../ImageGrid';
import { useLiveDiagnostics } from './useLiveDiagnostics';

const SIZE = 40;
const PX = 7;
const DECODED = 8;

/** The two dimensions with the largest KL (for a 2-D latent: both). */
function defaultPair(diag: VaeDiagnostics): [number, number] {
  const order = Array.from(diag.klPerDim.keys()).sort((a, b) => diag.klPerDim[b]! - diag.klPerDim[a]!);
  return [Math.min(order[0]!, order[1]!), Math.max(order[0]!, order[1]!)];
}

/** A square window holding the prior's components (3 sd) and nearly all the codes. */
function windowFor(diag: VaeDiagnostics, pair: [number, number]): { lo: number; hi: number } {
  let r = 3;
  const p = diag.prior;
  for (let k = 0; k < p.k; k++)
    for (const j of pair)
      r = Math.max(r, Math.abs(p.means[k * p.dim + j]!) + 3 * Math.exp(0.5 * p.logVars[k * p.dim + j]!));
  const abs = Array.from({ length: diag.n * 2 }, (_, i) =>
    Math.abs(diag.mu[Math.floor(i / 2) * diag.dim + pair[i % 2]!]!),
  ).sort((a, b) => a - b);
  r = Math.max(r, (abs[Math.floor(0.99 * (abs.length - 1))] ?? 0) + 0.5);
  r = Math.min(r, 10);
  return { lo: -r, hi: r };
}

/** The prior's mean (mixture weights times component means): where the other coordinates sit. */
function priorMean(p: MixtureData): Float32Array {
  const m = new Float32Array(p.dim);
  for (let k = 0; k < p.k; k++)
    for (let j = 0; j < p.dim; j++) m[j]! += p.weights[k]! * p.means[k * p.dim + j]!;
  return m;
}

interface View {
  q: DensityGrid;
  p: DensityGrid;
  holes: number[];
  dense: number[];
  regions: Uint8Array[];
}

function computeView(diag: VaeDiagnostics, pair: [number, number]): View {
  const g = { size: SIZE, ...windowFor(diag, pair) };
  const q = aggregatePosteriorGrid(diag.mu, diag.logVar, diag.n, diag.dim, pair, g);
  const p = priorGrid(diag.prior, pair, g);
  const holes = findHoles(q, p);
  // The best-covered cells of the prior's 90% region, for contrast.
  const inside = highDensityRegion(p, HOLE_PRIOR_MASS);
  const dense = Array.from(q.values.keys())
    .filter((i) => inside[i])
    .sort((i, j) => q.values[j]! / p.values[j]! - q.values[i]! / p.values[i]!);
  const regions = [0.39, 0.86, 0.99].map((m) => highDensityRegion(p, m));
  return { q, p, holes, dense, regions };
}

function paint(c: HTMLCanvasElement, v: View): void {
  const ctx = c.getContext('2d');
  if (!ctx) return;
  const n = SIZE;
  const max = Math.max(...v.q.values, 1e-12);
  ctx.clearRect(0, 0, c.width, c.height);
  for (let i = 0; i < n * n; i++) {
    const t = Math.sqrt(v.q.values[i]! / max);
    const x = (i % n) * PX;
    const y = Math.floor(i / n) * PX;
    ctx.fillStyle = `rgb(${Math.round(255 - 218 * t)}, ${Math.round(255 - 156 * t)}, ${Math.round(255 - 20 * t)})`;
    ctx.fillRect(x, y, PX, PX);
  }
  // Prior contours: the edges of the regions holding 39%, 86%, 99% of its mass.
  ctx.strokeStyle = '#111827';
  ctx.setLineDash([3, 2]);
  ctx.lineWidth = 1;
  for (const r of v.regions) {
    ctx.beginPath();
    for (let i = 0; i < n * n; i++) {
      if (!r[i]) continue;
      const col = i % n;
      const row = Math.floor(i / n);
      const x = col * PX;
      const y = row * PX;
      const edge = (x0: number, y0: number, x1: number, y1: number) => {
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
      };
      if (row === 0 || !r[i - n]) edge(x, y, x + PX, y);
      if (row === n - 1 || !r[i + n]) edge(x, y + PX, x + PX, y + PX);
      if (col === 0 || !r[i - 1]) edge(x, y, x, y + PX);
      if (col === n - 1 || !r[i + 1]) edge(x + PX, y, x + PX, y + PX);
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.strokeStyle = '#dc2626';
  ctx.lineWidth = 1.5;
  for (const i of v.holes) ctx.strokeRect((i % n) * PX + 1, Math.floor(i / n) * PX + 1, PX - 2, PX - 2);
  ctx.fillStyle = '#dc2626';
  v.holes.slice(0, DECODED).forEach((i, k) => {
    ctx.font = '9px sans-serif';
    ctx.fillText(String(k + 1), (i % n) * PX + 1, Math.floor(i / n) * PX + PX - 1);
  });
}

/** Codes for cells: the pair at the cell's centre, every other coordinate at the prior's mean. */
function codesFor(cells: number[], g: DensityGrid, pair: [number, number], base: Float32Array): Float32Array {
  const d = base.length;
  const z = new Float32Array(cells.length * d);
  cells.forEach((cell, r) => {
    z.set(base, r * d);
    const [x, y] = cellCentre(g, cell);
    z[r * d + pair[0]] = x;
    z[r * d + pair[1]] = y;
  });
  return z;
}

const asBatch = (a: DecodeAnswer) => ({ count: a.n, width: a.width, height: a.height, pixels: a.pixels });

/**
 * The aggregated posterior q(z) = (1/N) Σ_x q(z|x) of fixed test digits against the prior p(z), on a 2-D
 * latent or a chosen pair of dimensions (lecture 002): blue = density of the encodings, dashed = the
 * prior's 39/86/99% regions, red squares = holes, where the prior puts mass but no digit encodes, and
 * what the decoder draws there.
 */
export function AggregatePosteriorPanel() {
  // While training: recomputed (and its decodes asked) at most once a second and only on screen.
  const [panel, diag] = useLiveDiagnostics();
  const [chosen, setChosen] = useState<[number, number] | null>(null);
  const conditional = useLab((s) => s.applied.model.variant === 'conditional');
  const ref = useRef<HTMLCanvasElement>(null);
  const pair =
    diag && chosen && chosen[0] < diag.dim && chosen[1] < diag.dim ? chosen : diag ? defaultPair(diag) : null;
  const view = useMemo(() => (diag && pair ? computeView(diag, pair) : null), [diag, pair?.[0], pair?.[1]]); // eslint-disable-line react-hooks/exhaustive-deps
  const [decoded, setDecoded] = useState<{ holes: DecodeAnswer | null; dense: DecodeAnswer | null }>({
    holes: null,
    dense: null,
  });
  useEffect(() => {
    if (view && ref.current) paint(ref.current, view);
  }, [view]);
  useEffect(() => {
    if (!view || !diag || !pair) return;
    let live = true;
    const base = priorMean(diag.prior);
    const ask = (cells: number[]) =>
      cells.length
        ? actions.query<DecodeAnswer>({
            type: 'decode',
            z: codesFor(cells, view.q, pair, base),
            n: cells.length,
          })
        : Promise.resolve(null);
    Promise.all([ask(view.holes.slice(0, DECODED)), ask(view.dense.slice(0, DECODED))])
      .then(([holes, dense]) => live && setDecoded({ holes, dense }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [view]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!diag || !pair || !view) return null;
  const dims = Array.from({ length: diag.dim }, (_, i) => i);
  const holeMass =
    view.holes.reduce((s, i) => s + view.p.values[i]!, 0) / view.p.values.reduce((s, v) => s + v, 0);
  return (
    <section ref={panel} className="panel vae-diag" data-testid="aggregate-panel">
      <h3>Aggregated posterior q(z) against the prior p(z)</h3>
      {diag.dim > 2 && (
        <p className="small">
          Dimensions{' '}
          {[0, 1].map((k) => (
            <select
              key={k}
              value={pair[k]}
              data-testid={`aggregate-dim-${k}`}
              aria-label={k === 0 ? 'horizontal dimension' : 'vertical dimension'}
              onChange={(e) => {
                const next: [number, number] = [...pair];
                next[k] = Number(e.target.value);
                if (next[0] !== next[1]) setChosen(next);
              }}
            >
              {dims.map((i) => (
                <option key={i} value={i}>
                  z{i}
                </option>
              ))}
            </select>
          ))}{' '}
          (first: the two with the largest KL). Both densities are marginals on these two dimensions.
        </p>
      )}
      <div className="aggregate-body">
        <canvas
          ref={ref}
          width={SIZE * PX}
          height={SIZE * PX}
          className="aggregate-canvas"
          role="img"
          aria-label={`density of the encodings on z${pair[0]} and z${pair[1]} with the prior's contours and holes`}
          data-testid="aggregate-canvas"
          data-holes={view.holes.length}
        />
        <div className="aggregate-decodes">
          <p className="small">
            <b>Holes</b> (red, numbered): {view.holes.length} cells holding {(100 * holeMass).toFixed(0)}% of
            the prior’s mass here. Decoded there:
          </p>
          {decoded.holes ? (
            <ImageGrid
              batch={asBatch(decoded.holes)}
              cols={DECODED}
              testId="hole-decodes"
              label="decoded at the holes"
            />
          ) : (
            <p className="small muted">
              {view.holes.length ? 'decoding…' : 'No holes on these dimensions now.'}
            </p>
          )}
          <p className="small">Where the digits are densest (for contrast):</p>
          {decoded.dense && (
            <ImageGrid
              batch={asBatch(decoded.dense)}
              cols={DECODED}
              testId="dense-decodes"
              label="decoded where the codes are dense"
            />
          )}
        </div>
      </div>
      <p className="small muted">
        Blue: the density of the {diag.n} fixed test digits’ posteriors q(z|x), summed (the aggregated
        posterior). Dashed: the regions holding 39%, 86% and 99% of the prior’s mass (
        {diag.prior.k === 1 ? 'a Gaussian' : `a mixture of ${diag.prior.k}`}
        ). A hole is a cell inside the 90% region where q(z) is below {HOLE_RATIO} of p(z): samples from the
        prior land there, but no training digit taught the decoder what to draw, so they often decode to
        non-digits. Decoded with
        {diag.dim > 2 ? ' the other coordinates at the prior’s mean' : ''}
        {diag.dim > 2 ? ' and' : ''} the decoder’s mean image
        {conditional ? ', as classes 0, 1, 2, … in turn' : ''}. Window: [{view.q.lo.toFixed(1)},{' '}
        {view.q.hi.toFixed(1)}]².
      </p>
    </section>
  );
}
