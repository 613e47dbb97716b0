import { useEffect, useMemo } from 'react';
import { evaluateLatentExpression, formatLatentExpression } from '../../core/latent/arithmetic';
import { useImageLab } from '../../store/imageGan';
import { gridZ, imageTools, useImageTools } from '../../store/imageTools';
import { ImageGrid } from '../ImageGrid';
import { LatentSliders } from '../LatentSliders';

const one = (p: Uint8ClampedArray | undefined, count = 1) =>
  p ? { count, width: 28, height: 28, pixels: p } : null;

/** Sliders on G's input z: each is one noise coordinate; the picture is G(z) with the current weights. */
export function GSliders() {
  const z = useImageTools((s) => s.z);
  const range = useImageTools((s) => s.range);
  const img = useImageTools((s) => s.sliderImage);
  const label = useImageTools((s) => s.label);
  const conditional = useImageLab((s) => s.config.kind === 'imageGan' && s.config.model.conditional);
  return (
    <section className="panel latent-sliders-panel">
      <h3>G&apos;s input</h3>
      <p className="small muted">
        One slider per coordinate of the noise z ~ N(0, I), in standard deviations; the picture is G(z)
        {img ? ` at step ${img.step}` : ''}.
      </p>
      <div className="latent-sliders-body">
        <ImageGrid
          batch={one(img?.pixels)}
          cols={1}
          scale={5}
          testId="img-slider-image"
          label="G at the sliders' z"
        />
        <LatentSliders
          z={z}
          range={range}
          testIdPrefix="img-slider"
          label="noise coordinates"
          onChange={imageTools.setCoordinate}
        />
      </div>
      <div className="controls">
        <button data-testid="img-slider-random" onClick={() => imageTools.randomZ()}>
          Random z
        </button>
        <button onClick={() => imageTools.setZ(new Float32Array(z.length))}>Zero</button>
        {conditional && (
          <label className="inline-field">
            digit
            <select value={label} onChange={(e) => imageTools.setLabel(Number(e.target.value))}>
              {Array.from({ length: 10 }, (_, d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
        )}
        <label className="inline-field">
          range ±
          <select value={range} onChange={(e) => imageTools.setRange(Number(e.target.value))}>
            {[2, 3, 4, 5].map((r) => (
              <option key={r} value={r}>
                {r} sd
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}

/** A walk between two noise vectors (slerp by default, as for DCGAN) and latent arithmetic. */
export function InterpolationAndArithmetic({ picked }: { picked: number | null }) {
  const interp = useImageTools((s) => s.interp);
  const strip = useImageTools((s) => s.strip);
  const terms = useImageTools((s) => s.terms);
  const arith = useImageTools((s) => s.arithImage);
  const z = useImageTools((s) => s.z);
  const zMeans = useImageLab((s) => s.zMeans);
  const pickedZ = useMemo(() => (picked === null ? null : gridZ(picked)), [picked]);
  const from = (end: 'a' | 'b', v: { name: string; z: Float32Array } | null) =>
    v && imageTools.setEnd(end, v);
  return (
    <section className="panel latent-interp">
      <h3>Interpolation</h3>
      <div className="controls small">
        {(['a', 'b'] as const).map((end) => (
          <span key={end} className="interp-end">
            <b>{end.toUpperCase()}</b>: {interp[end]?.name ?? '—'}
            <button
              disabled={!pickedZ}
              data-testid={`img-interp-${end}`}
              onClick={() => from(end, pickedZ)}
              title="the z of the digit clicked in the grid"
            >
              ← clicked digit
            </button>
            <button onClick={() => from(end, { name: 'sliders', z })}>← sliders</button>
          </span>
        ))}
        <select
          value={interp.mode}
          onChange={(e) => imageTools.setInterp({ mode: e.target.value as 'slerp' | 'linear' })}
        >
          <option value="slerp">spherical (slerp)</option>
          <option value="linear">linear</option>
        </select>
      </div>
      {strip ? (
        <ImageGrid
          batch={one(strip.pixels, strip.count)}
          cols={strip.count}
          scale={1.5}
          testId="img-interp-strip"
          label="interpolation from A to B"
        />
      ) : (
        <p className="small muted">Click a digit in the grid, then “← clicked digit” for A and for B.</p>
      )}
      <h3>Latent arithmetic</h3>
      <p className="expr" data-testid="img-arith-expr">
        {formatLatentExpression(terms)}
      </p>
      <div className="controls small">
        <button disabled={!pickedZ} onClick={() => pickedZ && imageTools.addVector(1, pickedZ)}>
          + z(clicked)
        </button>
        <button disabled={!pickedZ} onClick={() => pickedZ && imageTools.addVector(-1, pickedZ)}>
          − z(clicked)
        </button>
        <button onClick={() => imageTools.addVector(1, { name: 'sliders', z })}>+ z(sliders)</button>
        <button disabled={!terms.length} onClick={() => imageTools.clearTerms()}>
          Clear
        </button>
      </div>
      <div className="class-means">
        <div className="class-mean-buttons">
          {Array.from({ length: 10 }, (_, c) => (
            <span
              key={c}
              className="class-mean-btns"
              title={`mean z of the samples the classifier calls ${c}`}
            >
              {c}
              <button disabled={!zMeans?.counts[c]} onClick={() => imageTools.addClassMean(1, c)}>
                +
              </button>
              <button disabled={!zMeans?.counts[c]} onClick={() => imageTools.addClassMean(-1, c)}>
                −
              </button>
            </span>
          ))}
        </div>
      </div>
      <div className="controls">
        <ImageGrid
          batch={one(arith?.pixels)}
          cols={1}
          scale={3}
          testId="img-arith-result"
          label="G at the expression's z"
        />
        <button
          disabled={!arith}
          onClick={() => {
            try {
              imageTools.setZ(evaluateLatentExpression(terms, zMeans, z.length));
            } catch {
              // a class mean that is gone (the model was reset): nothing to copy
            }
          }}
        >
          result → sliders
        </button>
      </div>
      <p className="small muted">
        mean(c): the average z of the scored samples that the classifier labels c (DCGAN&apos;s “average the z
        of three smiling faces”, with the classifier instead of a person picking them).
        {zMeans ? '' : ' They appear once samples have been scored.'}
      </p>
    </section>
  );
}

/** Regenerate the tools' pictures whenever a new snapshot (new weights) arrives. */
export function useToolRefresh(): void {
  const step = useImageLab((s) => s.snapshot?.step ?? -1);
  const kind = useImageLab((s) => s.snapshot?.kind);
  useEffect(() => {
    if (kind === 'imageGan') imageTools.refresh();
  }, [step, kind]);
}
