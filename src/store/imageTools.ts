import { create } from 'zustand';
import { evaluateLatentExpression, type LatentTerm } from '../core/latent/arithmetic';
import { interpolationPath, type InterpolationMode } from '../core/latent/interpolate';
import { latestWins } from '../core/latent/latestWins';
import { Rng } from '../core/rng';
import { imageActions, useImageLab } from './imageGan';

/**
 * The latent tools of the image GAN tab, on G's input z: sliders, interpolation between two noise
 * vectors, and latent arithmetic. G runs in the engine worker, so every picture is a `generate` query
 * (latest wins: a drag never queues up behind training steps).
 */
export interface NamedZ {
  name: string;
  z: Float32Array;
}

export interface GenerateAnswer {
  pixels: Uint8ClampedArray;
  count: number;
  step: number;
}

export interface ImageToolsState {
  /** The sliders' z and, for a conditional GAN, the digit asked for. */
  z: Float32Array;
  label: number;
  range: number;
  sliderImage: GenerateAnswer | null;
  interp: { a: NamedZ | null; b: NamedZ | null; steps: number; mode: InterpolationMode };
  strip: GenerateAnswer | null;
  terms: LatentTerm[];
  arithImage: GenerateAnswer | null;
  error: string | null;
}

const rng = new Rng(4242);
const normals = (d: number) => Float32Array.from({ length: d }, () => rng.normal());

function noiseDim(): number {
  const c = useImageLab.getState().config;
  return c.kind === 'imageGan' ? c.model.noiseDim : c.model.latentDim;
}

export const useImageTools = create<ImageToolsState>(() => ({
  z: new Float32Array(noiseDim()),
  label: 0,
  range: 3,
  sliderImage: null,
  interp: { a: null, b: null, steps: 10, mode: 'slerp' },
  strip: null,
  terms: [],
  arithImage: null,
  error: null,
}));

const fail = (e: unknown) => useImageTools.setState({ error: e instanceof Error ? e.message : String(e) });

function labelsFor(n: number): number[] | undefined {
  const c = useImageLab.getState().config;
  return c.kind === 'imageGan' && c.model.conditional
    ? Array(n).fill(useImageTools.getState().label)
    : undefined;
}

type Job = { z: Float32Array; n: number; set: (a: GenerateAnswer) => void };
const generator = latestWins<Job, GenerateAnswer>(
  (j) => imageActions.query<GenerateAnswer>({ type: 'generate', z: j.z, labels: labelsFor(j.n) }),
  (a, j) => {
    j.set(a);
    useImageTools.setState({ error: null });
  },
  fail,
);
// Three independent latest-wins lanes, so a slider drag does not cancel the interpolation strip.
const stripGen = latestWins<Job, GenerateAnswer>(
  (j) => imageActions.query<GenerateAnswer>({ type: 'generate', z: j.z, labels: labelsFor(j.n) }),
  (a, j) => j.set(a),
  fail,
);
const arithGen = latestWins<Job, GenerateAnswer>(
  (j) => imageActions.query<GenerateAnswer>({ type: 'generate', z: j.z, labels: labelsFor(j.n) }),
  (a, j) => j.set(a),
  fail,
);

export const imageTools = {
  /** Regenerate every picture (after a step, a reset or a new z). */
  refresh(): void {
    const s = useImageTools.getState();
    if (s.z.length !== noiseDim()) return imageTools.resetDim();
    generator.request({ z: s.z, n: 1, set: (a) => useImageTools.setState({ sliderImage: a }) });
    const { a, b, steps, mode } = s.interp;
    if (a && b && a.z.length === s.z.length) {
      stripGen.request({
        z: interpolationPath(a.z, b.z, steps, mode),
        n: steps,
        set: (r) => useImageTools.setState({ strip: r }),
      });
    }
    const zMeans = useImageLab.getState().zMeans;
    if (s.terms.length) {
      try {
        const z = evaluateLatentExpression(s.terms, zMeans, s.z.length);
        arithGen.request({ z, n: 1, set: (r) => useImageTools.setState({ arithImage: r }) });
      } catch (e) {
        fail(e);
      }
    }
  },
  /** A new model with another noise size: start the tools over. */
  resetDim(): void {
    const d = noiseDim();
    useImageTools.setState({
      z: normals(d),
      interp: { ...useImageTools.getState().interp, a: null, b: null },
      terms: [],
      strip: null,
      arithImage: null,
      sliderImage: null,
    });
  },
  setCoordinate(i: number, v: number): void {
    const z = useImageTools.getState().z.slice();
    z[i] = v;
    useImageTools.setState({ z });
    imageTools.refresh();
  },
  setZ(z: Float32Array): void {
    useImageTools.setState({ z: z.slice() });
    imageTools.refresh();
  },
  randomZ(): void {
    imageTools.setZ(normals(noiseDim()));
  },
  setLabel(label: number): void {
    useImageTools.setState({ label });
    imageTools.refresh();
  },
  setRange(range: number): void {
    useImageTools.setState({ range });
  },
  setEnd(end: 'a' | 'b', v: NamedZ): void {
    useImageTools.setState((s) => ({ interp: { ...s.interp, [end]: { name: v.name, z: v.z.slice() } } }));
    imageTools.refresh();
  },
  setInterp(p: Partial<{ steps: number; mode: InterpolationMode }>): void {
    useImageTools.setState((s) => ({ interp: { ...s.interp, ...p } }));
    imageTools.refresh();
  },
  addVector(sign: 1 | -1, v: NamedZ): void {
    useImageTools.setState((s) => ({
      terms: [...s.terms, { sign, operand: { kind: 'vector', name: v.name, z: v.z.slice() } }],
    }));
    imageTools.refresh();
  },
  addClassMean(sign: 1 | -1, digit: number): void {
    useImageTools.setState((s) => ({ terms: [...s.terms, { sign, operand: { kind: 'classMean', digit } }] }));
    imageTools.refresh();
  },
  clearTerms(): void {
    useImageTools.setState({ terms: [], arithImage: null });
  },
};

/** Noise vector i of the live grid, named for the tools ("grid 12", or "grid 12 (digit 3)"). */
export function gridZ(i: number): NamedZ | null {
  const snap = useImageLab.getState().snapshot;
  if (!snap || snap.kind !== 'imageGan' || i < 0 || i >= snap.grid.count) return null;
  const d = snap.noiseDim;
  return { name: `grid ${i}`, z: snap.gridZ.slice(i * d, (i + 1) * d) };
}
