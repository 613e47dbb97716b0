import { create } from 'zustand';
import { Rng } from '../core/rng';
import { JsDecoder } from '../core/latent/jsDecoder';
import { pca2, type Pca2 } from '../core/latent/pca';
import { classMeans, type ClassMeans } from '../core/latent/classMeans';
import { sortedFinite, percentileRank } from '../core/latent/histogram';
import type { GridSpacing } from '../core/latent/manifoldGrid';
import type { InterpolationMode } from '../core/latent/interpolate';
import type { LatentTerm } from '../core/latent/arithmetic';
import { bytesToUnit } from '../core/latent/bytes';
import type { TestEncodingsAnswer, VaeAnswers, VaeQuery, VaeQueryType } from '../engine/latentProtocol';
import { actions as lab, useLab } from './lab';

/**
 * The latent explorer's state: plain typed arrays, never tensors. The decoder's weights live here as a
 * pure-JS decoder so slider drags decode on the page in well under a millisecond; everything else
 * (test encodings, ELBOs, drawn digits) is asked of the engine with typed queries.
 */

/** A digit the reader is looking at: a clicked test digit or a drawn one. */
export interface LatentDigit {
  kind: 'test' | 'drawn';
  name: string;
  /** Test-set index (test digits only). */
  index?: number;
  label?: number;
  /** 784 intensities in [0, 1]. */
  image: Float32Array;
  mu: Float32Array;
  logVar: Float32Array;
  /** Single-draw ELBO estimate, nats (drawn digits and test digits once ELBOs are loaded). */
  elbo?: number;
  /** Percentile of the ELBO among the test set's. */
  percentile?: number;
  step: number;
}

/** An interpolation endpoint or arithmetic operand: a name, a code, and the image it encodes (if any). */
export interface NamedLatent {
  name: string;
  z: Float32Array;
  /** Re-encoded when the model moves on, so the code keeps meaning "this digit". */
  image?: Float32Array;
}

export type ScatterMode = 'dims' | 'pca';

export interface LatentState {
  dim: number;
  /** The sliders' z, in prior standard deviations. */
  z: Float32Array;
  temperature: number;
  decoder: JsDecoder | null;
  decoderStep: number | null;
  encodings: TestEncodingsAnswer | null;
  sortedElbo: Float64Array | null;
  pca: Pca2 | null;
  means: ClassMeans | null;
  loadingEncodings: boolean;
  scatter: { mode: ScatterMode; x: number; y: number };
  /**
   * The two coordinates the encoder uses most (largest variance of the test codes' means), offered to
   * the reader; the axes change only when the reader picks, so they never move by themselves.
   */
  suggestedDims: [number, number] | null;
  /** Where the sliders' z last came from when something other than a slider set it (shown, undoable). */
  zSource: { text: string; kind: string; previous: Float32Array } | null;
  /** Slider range, in prior standard deviations either side of 0. */
  sliderRange: number;
  manifold: { n: number; spacing: GridSpacing; range: number; dimX: number; dimY: number };
  selected: LatentDigit | null;
  drawn: LatentDigit | null;
  /** Which digit the reparameterization panel shows. */
  focus: 'selected' | 'drawn';
  eps: Float32Array;
  interp: { a: NamedLatent | null; b: NamedLatent | null; steps: number; mode: InterpolationMode };
  terms: LatentTerm[];
  /** Named codes used as arithmetic operands, by name. */
  vectors: Record<string, NamedLatent>;
  error: string | null;
}

const rng = new Rng(20240607);

function initial(
  dim: number,
): Omit<LatentState, 'temperature' | 'sliderRange' | 'scatter' | 'manifold' | 'interp'> {
  return {
    dim,
    z: new Float32Array(dim),
    decoder: null,
    decoderStep: null,
    encodings: null,
    sortedElbo: null,
    pca: null,
    means: null,
    loadingEncodings: false,
    selected: null,
    drawn: null,
    focus: 'selected',
    eps: normals(dim),
    terms: [],
    vectors: {},
    suggestedDims: null,
    zSource: null,
    error: null,
  };
}

function normals(n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal());
}

const startDim = useLab.getState().applied.model.latentDim;

export const useLatent = create<LatentState>(() => ({
  ...initial(startDim),
  temperature: 1,
  sliderRange: 3,
  scatter: { mode: startDim > 2 ? 'pca' : 'dims', x: 0, y: 1 },
  manifold: { n: 20, spacing: 'quantile', range: 3, dimX: 0, dimY: 1 },
  interp: { a: null, b: null, steps: 12, mode: 'slerp' },
}));

if (typeof window !== 'undefined') {
  // Tests and the benchmark read this store (never write it), like window.__latentLab.
  (window as unknown as { __latentExplorer: typeof useLatent }).__latentExplorer = useLatent;
}

/** Typed engine query. */
export function ask<K extends VaeQueryType>(q: Extract<VaeQuery, { type: K }>): Promise<VaeAnswers[K]> {
  return lab.query<VaeAnswers[K]>(q);
}

function fail(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  // "the engine is not running" and reset races are expected while loading; keep the last error visible.
  useLatent.setState({ error: message });
}

let drawings = 0;
let decoderInFlight = false;
let encodingsInFlight = false;
/** Bumped on every model reset so answers about an old model are dropped. */
let generation = 0;

export const latentActions = {
  /** The model was rebuilt (Reset) or its latent size changed: start over. */
  resetForModel(dim: number): void {
    generation++;
    // The reader's axes survive a rebuild when the new latent space has them.
    const keep = (x: number, y: number): [number, number] =>
      x < dim && y < dim && x !== y ? [x, y] : [0, 1];
    useLatent.setState((s) => {
      const [sx, sy] = keep(s.scatter.x, s.scatter.y);
      const [mx, my] = keep(s.manifold.dimX, s.manifold.dimY);
      return {
        ...initial(dim),
        scatter: { mode: dim > 2 ? s.scatter.mode : 'dims', x: sx, y: sy },
        manifold: { ...s.manifold, dimX: mx, dimY: my },
        interp: { ...s.interp, a: null, b: null },
      };
    });
  },

  /** Fetch the decoder's current weights for the page's JS decoder. */
  async refreshDecoder(): Promise<void> {
    if (decoderInFlight) return;
    decoderInFlight = true;
    const gen = generation;
    try {
      const w = await ask({ type: 'decoderWeights' });
      if (gen !== generation || w.latentDim !== useLatent.getState().dim) return;
      useLatent.setState({ decoder: new JsDecoder(w), decoderStep: w.step, error: null });
    } catch (e) {
      fail(e);
    } finally {
      decoderInFlight = false;
      // The model was rebuilt while we waited: ask the new one once it has reported (a snapshot).
      if (gen !== generation && useLab.getState().snapshot) void latentActions.refreshDecoder();
    }
  },

  /** Encode the whole test set (means, log-variances, ELBOs): the scatter, class means, histogram. */
  async refreshEncodings(): Promise<void> {
    if (encodingsInFlight) return;
    encodingsInFlight = true;
    const gen = generation;
    useLatent.setState({ loadingEncodings: true });
    try {
      const enc = await ask({ type: 'testEncodings', withLogVar: true, withElbo: true });
      if (gen !== generation || enc.dim !== useLatent.getState().dim) return;
      const sorted = sortedFinite(enc.elbo ?? []);
      useLatent.setState({
        // Untrained (step 0), the "most used" pair is noise: suggest nothing yet.
        suggestedDims: enc.dim > 2 && enc.step > 0 ? mostUsedDims(enc.mu, enc.n, enc.dim) : null,
        encodings: enc,
        sortedElbo: sorted,
        pca: enc.dim > 2 && enc.n > 2 ? pca2(enc.mu, enc.n, enc.dim) : null,
        means: classMeans(enc.mu, enc.labels, enc.dim, 10),
        error: null,
      });
      await latentActions.refreshDigits();
    } catch (e) {
      fail(e);
    } finally {
      encodingsInFlight = false;
      useLatent.setState({ loadingEncodings: false });
      if (gen !== generation && useLab.getState().snapshot) void latentActions.refreshEncodings();
    }
  },

  /** Bring the selected and drawn digits up to date with the model (their codes move as it trains). */
  async refreshDigits(): Promise<void> {
    const s = useLatent.getState();
    const enc = s.encodings;
    if (s.selected?.kind === 'test' && enc && s.selected.index! < enc.n) {
      useLatent.setState({ selected: testDigitFrom(enc, s.selected.index!, s.selected.image, s.sortedElbo) });
    }
    if (s.drawn) await latentActions.encodeDrawing(s.drawn.image);
    await reencodeNamed();
  },

  /**
   * Put a code into the sliders. With a `source` (a clicked digit, a manifold tile...) the sliders say
   * where their values came from and offer to undo; repeated loads of one kind (hovering tile after
   * tile) undo to the values from before the first.
   */
  setZ(z: Float32Array, source?: { text: string; kind: string }): void {
    useLatent.setState((s) => ({
      z,
      zSource: source
        ? {
            ...source,
            previous: s.zSource && s.zSource.kind === source.kind ? s.zSource.previous : s.z.slice(),
          }
        : null,
    }));
  },
  /** Back to the sliders' values before the last load. */
  undoZ(): void {
    const src = useLatent.getState().zSource;
    if (src) useLatent.setState({ z: src.previous, zSource: null });
  },
  dismissZSource(): void {
    useLatent.setState({ zSource: null });
  },
  setCoordinate(i: number, v: number): void {
    const z = useLatent.getState().z.slice();
    z[i] = v;
    useLatent.setState({ z, zSource: null });
  },
  randomZ(): void {
    const s = useLatent.getState();
    useLatent.setState({ z: normals(s.dim, s.temperature), zSource: null });
  },
  zeroZ(): void {
    useLatent.setState({ z: new Float32Array(useLatent.getState().dim), zSource: null });
  },
  setTemperature(t: number): void {
    useLatent.setState({ temperature: t });
  },

  /** Load a random test digit: its posterior mean goes into the sliders. */
  async fromTestDigit(): Promise<void> {
    const enc = useLatent.getState().encodings;
    if (!enc || enc.n === 0) return;
    await latentActions.selectTestDigit(Math.floor(rng.next() * enc.n));
  },

  /** A clicked scatter point: show the digit, load its z, draw a fresh eps for the reparameterization. */
  async selectTestDigit(index: number): Promise<void> {
    const s = useLatent.getState();
    const enc = s.encodings;
    if (!enc || index < 0 || index >= enc.n) return;
    const gen = generation;
    try {
      const img = await ask({ type: 'testImages', indices: [index] });
      if (gen !== generation) return;
      const now = useLatent.getState();
      const digit = testDigitFrom(enc, index, bytesToUnit(img.pixels), now.sortedElbo);
      useLatent.setState({ selected: digit, focus: 'selected', eps: normals(now.dim) });
      latentActions.setZ(digit.mu.slice(), {
        kind: 'digit',
        text: `The sliders now hold the code (posterior mean μ) of test digit ${digit.name}.`,
      });
    } catch (e) {
      fail(e);
    }
  },

  /** Encode a preprocessed drawing (784 values in [0, 1]) and score it with the ELBO. */
  async encodeDrawing(image: Float32Array): Promise<void> {
    const gen = generation;
    try {
      const [q, e] = await Promise.all([
        ask({ type: 'encode', images: image.slice(), n: 1 }),
        ask({ type: 'elbo', images: image.slice(), n: 1 }),
      ]);
      if (gen !== generation || q.dim !== useLatent.getState().dim) return;
      const { sortedElbo: sorted, drawn: before } = useLatent.getState();
      const elbo = e.elbo[0]!;
      const drawn: LatentDigit = {
        kind: 'drawn',
        name: before?.image === image ? before.name : `drawn ${++drawings}`,
        image,
        mu: q.mu,
        logVar: q.logVar,
        elbo,
        percentile: sorted ? percentileRank(sorted, elbo) : undefined,
        step: q.step,
      };
      useLatent.setState((s) => ({
        drawn,
        focus: s.drawn ? s.focus : 'drawn',
        eps: s.drawn ? s.eps : normals(s.dim),
      }));
    } catch (err) {
      fail(err);
    }
  },
  clearDrawing(): void {
    useLatent.setState((s) => ({ drawn: null, focus: s.selected ? 'selected' : 'drawn' }));
  },
  setFocus(focus: 'selected' | 'drawn'): void {
    useLatent.setState({ focus });
  },
  resampleEps(): void {
    useLatent.setState((s) => ({ eps: normals(s.dim) }));
  },

  setScatter(patch: Partial<LatentState['scatter']>): void {
    useLatent.setState((s) => ({ scatter: { ...s.scatter, ...patch } }));
  },
  setManifold(patch: Partial<LatentState['manifold']>): void {
    useLatent.setState((s) => ({ manifold: { ...s.manifold, ...patch } }));
  },
  /** Show the two coordinates the encoder uses most on the manifold's and the scatter's axes. */
  applySuggestedDims(): void {
    const d = useLatent.getState().suggestedDims;
    if (!d) return;
    useLatent.setState((s) => ({
      manifold: { ...s.manifold, dimX: d[0], dimY: d[1] },
      scatter: { ...s.scatter, x: d[0], y: d[1] },
    }));
  },
  setSliderRange(r: number): void {
    useLatent.setState({ sliderRange: r });
  },
  setInterp(patch: Partial<LatentState['interp']>): void {
    useLatent.setState((s) => ({ interp: { ...s.interp, ...patch } }));
  },
  /** Add + or - a named code (a digit's mu, the sliders' z) to the arithmetic expression. */
  addVector(sign: 1 | -1, v: NamedLatent): void {
    useLatent.setState((s) => ({
      terms: [...s.terms, { sign, operand: { kind: 'vector', name: v.name, z: v.z } }],
      vectors: { ...s.vectors, [v.name]: v },
    }));
  },
  addClassMean(sign: 1 | -1, digit: number): void {
    useLatent.setState((s) => ({ terms: [...s.terms, { sign, operand: { kind: 'classMean', digit } }] }));
  },
  removeTerm(i: number): void {
    useLatent.setState((s) => ({ terms: s.terms.filter((_, j) => j !== i) }));
  },
  clearTerms(): void {
    useLatent.setState({ terms: [], vectors: {} });
  },
};

/** The two coordinates along which the test codes vary most, largest first. */
function mostUsedDims(mu: Float32Array, n: number, d: number): [number, number] {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const v = mu[i * d + k]!;
      mean[k]! += v;
      sq[k]! += v * v;
    }
  }
  const variance = Array.from(mean, (m, k) => sq[k]! / n - (m / n) ** 2);
  const order = variance.map((_, k) => k).sort((a, b) => variance[b]! - variance[a]!);
  return [order[0]!, order[1]!];
}

/** Re-encode interpolation endpoints and arithmetic operands that came from images (one query). */
async function reencodeNamed(): Promise<void> {
  const s = useLatent.getState();
  const imgs: Float32Array[] = [];
  const idx = (n: NamedLatent | null) => (n?.image ? imgs.push(n.image) - 1 : -1);
  const ia = idx(s.interp.a);
  const ib = idx(s.interp.b);
  const it = s.terms.map((t) => (t.operand.kind === 'vector' ? idx(s.vectors[t.operand.name] ?? null) : -1));
  if (imgs.length === 0) return;
  const gen = generation;
  const images = new Float32Array(imgs.length * 784);
  imgs.forEach((im, i) => images.set(im, i * 784));
  const q = await ask({ type: 'encode', images, n: imgs.length });
  if (gen !== generation || q.dim !== useLatent.getState().dim) return;
  const code = (i: number) => q.mu.slice(i * q.dim, (i + 1) * q.dim);
  useLatent.setState((now) => {
    const vectors = { ...now.vectors };
    const terms = now.terms.map((t, j): LatentTerm => {
      const i = it[j] ?? -1;
      if (i < 0 || t.operand.kind !== 'vector') return t;
      const name = t.operand.name;
      vectors[name] = { ...vectors[name]!, z: code(i) };
      return { sign: t.sign, operand: { kind: 'vector', name, z: code(i) } };
    });
    return {
      interp: {
        ...now.interp,
        a: now.interp.a && ia >= 0 ? { ...now.interp.a, z: code(ia) } : now.interp.a,
        b: now.interp.b && ib >= 0 ? { ...now.interp.b, z: code(ib) } : now.interp.b,
      },
      terms,
      vectors,
    };
  });
}

function testDigitFrom(
  enc: TestEncodingsAnswer,
  index: number,
  image: Float32Array,
  sorted: Float64Array | null,
): LatentDigit {
  const d = enc.dim;
  const elbo = enc.elbo?.[index];
  return {
    kind: 'test',
    name: `#${index} (${enc.labels[index]})`,
    index,
    label: enc.labels[index],
    image,
    mu: enc.mu.slice(index * d, (index + 1) * d),
    logVar: enc.logVar ? enc.logVar.slice(index * d, (index + 1) * d) : new Float32Array(d),
    elbo,
    percentile: elbo !== undefined && sorted ? percentileRank(sorted, elbo) : undefined,
    step: enc.stepEnd,
  };
}

/** The digit shown in the reparameterization panel and offered to interpolation and arithmetic. */
export function focusedDigit(s: LatentState): LatentDigit | null {
  return s.focus === 'drawn' ? (s.drawn ?? s.selected) : (s.selected ?? s.drawn);
}

/** The focused digit as a named code (its posterior mean), for interpolation and arithmetic. */
export function digitLatent(d: LatentDigit): NamedLatent {
  return { name: d.name, z: d.mu.slice(), image: d.image };
}
