import { useEffect, useMemo, useRef, useState } from 'react';
import { JsDecoder } from '../../core/latent/jsDecoder';
import { pca2 } from '../../core/latent/pca';
import { projectPoints, type Gaussian2, type Projection } from '../../core/latent/projection';
import type { AaeSnapshot } from '../../engine/imageSnapshots';
import { useImageLab } from '../../store/imageGan';
import { useLab } from '../../store/lab';
import { ImageGrid } from '../ImageGrid';
import { LatentSliders } from '../LatentSliders';
import { hiDpiContext } from '../hiDpi';
import { DIGIT_COLORS } from '../latent/paint';
import { frameView, paintScatter } from '../latent/scatterPaint';

const SIZE = 400;
const PRIOR_TEXT = {
  gaussian: 'N(0, I)',
  mixture10: 'a mixture of ten Gaussians on a circle',
  swissRoll: 'a swiss roll',
} as const;

/** Mean and covariance of 2-D points, so the scatter frames the prior's samples. */
function fit2(xy: Float32Array): Gaussian2 {
  const n = xy.length / 2 || 1;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < xy.length; i += 2) {
    cx += xy[i]!;
    cy += xy[i + 1]!;
  }
  cx /= n;
  cy /= n;
  let xx = 0;
  let xy_ = 0;
  let yy = 0;
  for (let i = 0; i < xy.length; i += 2) {
    const a = xy[i]! - cx;
    const b = xy[i + 1]! - cy;
    xx += a * a;
    xy_ += a * b;
    yy += b * b;
  }
  return { cx, cy, xx: xx / n, xy: xy_ / n, yy: yy / n };
}

/** The test digits' codes E(x), coloured by digit, over samples of the prior (grey). */
function CodeScatter({ snap }: { snap: AaeSnapshot }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const scene = useMemo(() => {
    const d = snap.latentDim;
    const n = snap.codeLabels.length;
    const proj: Projection =
      d === 2 ? { kind: 'dims', x: 0, y: 1 } : { kind: 'pca', pca: pca2(snap.codes, n, d) };
    const xy = projectPoints(proj, snap.codes, n, d);
    const pts = projectPoints(proj, snap.priorZ, snap.priorZ.length / d, d);
    const all = new Float32Array(xy.length + pts.length);
    all.set(xy);
    all.set(pts, xy.length);
    return {
      // Frame both clouds: codes that stray far from the prior stay visible.
      view: frameView(all, fit2(pts), SIZE),
      xy,
      labels: snap.codeLabels,
      prior: fit2(pts),
      hidden: new Set<number>(),
      selected: null,
      drawn: null,
      priorPoints: pts,
    };
  }, [snap]);
  useEffect(() => {
    const c = ref.current;
    const ctx = c && hiDpiContext(c, SIZE, SIZE);
    if (ctx) paintScatter(ctx, scene);
  }, [scene]);
  return (
    <figure>
      <canvas
        ref={ref}
        style={{ width: SIZE, height: SIZE }}
        role="img"
        aria-label="codes of test digits over samples of the prior"
        data-testid="aae-scatter"
        data-points={snap.codeLabels.length}
      />
      <figcaption className="small muted">
        {snap.codeLabels.length} test digits&apos; codes E(x), coloured by digit
        {snap.latentDim > 2 ? ' (top two PCA directions)' : ''}, over 2,000 samples of the prior{' '}
        {PRIOR_TEXT[snap.prior]} (grey). As D learns to tell them apart and E learns to fool it, the coloured
        cloud takes the grey one&apos;s shape.
      </figcaption>
      <ul className="legend">
        {DIGIT_COLORS.map((c, d) => (
          <li key={d}>
            <span className="swatch" style={{ background: c }} />
            {d}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Two (or more) sliders on the AAE's code, decoded on the page with a JS copy of the decoder. */
function CodeSliders({ snap }: { snap: AaeSnapshot }) {
  const [z, setZ] = useState(() => new Float32Array(snap.latentDim));
  const dec = useMemo(() => {
    const w = snap.decoder;
    if (!w) return null;
    const layers = w.sizes
      .slice(1)
      .map((out, i) => ({ inDim: w.sizes[i]!, outDim: out, W: w.values[2 * i]!, b: w.values[2 * i + 1]! }));
    return new JsDecoder({ layers });
  }, [snap]);
  const img = useMemo(() => (dec ? dec.decode(z) : null), [dec, z]);
  const bytes = useMemo(() => (img ? Uint8ClampedArray.from(img, (v) => v * 255) : null), [img]);
  return (
    <section className="panel latent-sliders-panel">
      <h3>Decoder at a code</h3>
      <div className="latent-sliders-body">
        <ImageGrid
          batch={bytes ? { count: 1, width: 28, height: 28, pixels: bytes } : null}
          cols={1}
          scale={4}
          testId="aae-slider-image"
          label="decoded code"
        />
        <LatentSliders
          z={z}
          range={snap.prior === 'gaussian' ? 3 : 6}
          testIdPrefix="aae-slider"
          label="code coordinates"
          onChange={(i, v) =>
            setZ((old) => {
              const n = old.slice();
              n[i] = v;
              return n;
            })
          }
        />
      </div>
    </section>
  );
}

/** The adversarial autoencoder's views, with the VAE of the first tab beside it on the same digits. */
export function AaeView() {
  const snap = useImageLab((s) => (s.snapshot?.kind === 'aae' ? s.snapshot : null));
  const vae = useLab((s) => s.snapshot);
  const vaeStep = useLab((s) => s.progress?.step ?? null);
  if (!snap) return <p className="muted small">Building the adversarial autoencoder…</p>;
  return (
    <div className="aae-view">
      <section className="panel">
        <h3>Codes and prior</h3>
        <CodeScatter snap={snap} />
      </section>
      <section className="panel aae-beside">
        <h3>Beside the VAE, on the same test digits</h3>
        <div className="beside-grid">
          <figure>
            <ImageGrid
              batch={snap.samples}
              cols={8}
              scale={1.5}
              testId="aae-samples"
              label="AAE: decoded prior samples"
            />
            <figcaption className="small">AAE: Dec(z), z ~ prior (step {snap.step})</figcaption>
          </figure>
          <figure>
            <ImageGrid
              batch={vae?.samples ?? null}
              cols={8}
              scale={1.5}
              testId="aae-vae-samples"
              label="VAE: decoded prior samples"
            />
            <figcaption className="small">
              VAE: decoder mean at z ~ N(0, I)
              {vaeStep !== null ? ` (step ${vaeStep}, VAE tab)` : ' (start it in the VAE tab)'}
            </figcaption>
          </figure>
          <figure>
            <ImageGrid batch={snap.originals} cols={16} scale={1} label="test digits" />
            <ImageGrid
              batch={snap.recons}
              cols={16}
              scale={1}
              testId="aae-recons"
              label="AAE reconstructions"
            />
            <figcaption className="small">test digits; AAE reconstructions Dec(E(x))</figcaption>
          </figure>
          <figure>
            <ImageGrid batch={vae?.originals ?? null} cols={16} scale={1} label="test digits" />
            <ImageGrid batch={vae?.recons ?? null} cols={16} scale={1} label="VAE reconstructions" />
            <figcaption className="small">
              test digits; VAE reconstructions (decoder mean at z = μ(x))
            </figcaption>
          </figure>
        </div>
        <p className="small muted">
          Both are autoencoders pushed toward a prior (lecture 004): the VAE with a closed-form KL term on a
          stochastic encoder, the AAE with a discriminator on a deterministic one, which needs only samples of
          the prior and so can impose any shape.
        </p>
      </section>
      <CodeSliders key={snap.latentDim} snap={snap} />
    </div>
  );
}
