import { useEffect, useMemo, useRef } from 'react';
import { histogram } from '../../core/latent/histogram';
import { hiDpiContext } from '../hiDpi';

const W = 420;
const H = 110;
const BINS = 60;

/** Histogram of the test set's per-digit ELBOs with a marker where one digit falls. */
export function ElboHistogram(props: {
  values: Float32Array | null;
  sorted: Float64Array | null;
  mark?: number;
}) {
  const { values, sorted, mark } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const h = useMemo(() => {
    if (!values || !sorted || sorted.length === 0) return null;
    // Clip the long left tail at the 0.5% quantile so the bulk stays readable; include the mark.
    let lo = sorted[Math.floor(0.005 * sorted.length)]!;
    let hi = sorted[sorted.length - 1]!;
    if (mark !== undefined && Number.isFinite(mark)) {
      lo = Math.min(lo, mark);
      hi = Math.max(hi, mark);
    }
    return histogram(values, BINS, lo, hi);
  }, [values, sorted, mark]);

  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const ctx = hiDpiContext(c, W, H);
    if (!ctx) return;
    ctx.clearRect(0, 0, W, H);
    if (!h) return;
    const top = 8;
    const bottom = H - 18;
    const max = Math.max(1, ...h.counts);
    const bw = W / BINS;
    ctx.fillStyle = '#93c5fd';
    h.counts.forEach((n, i) => {
      const bh = ((bottom - top) * n) / max;
      ctx.fillRect(i * bw + 0.5, bottom - bh, bw - 1, bh);
    });
    ctx.fillStyle = '#475569';
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillText(`${h.lo.toFixed(0)}`, 2, H - 4);
    const right = `${h.hi.toFixed(0)} nats`;
    ctx.fillText(right, W - ctx.measureText(right).width - 2, H - 4);
    if (mark !== undefined && Number.isFinite(mark)) {
      const x = ((mark - h.lo) / (h.hi - h.lo)) * W;
      ctx.strokeStyle = '#dc2626';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, top - 4);
      ctx.lineTo(x, bottom);
      ctx.stroke();
    }
  }, [h, mark]);

  return (
    <figure className="elbo-hist">
      <canvas
        ref={ref}
        style={{ width: W, maxWidth: '100%', height: 'auto', aspectRatio: `${W} / ${H}` }}
        data-testid="elbo-histogram"
        role="img"
        aria-label="histogram of test ELBOs"
      />
      <figcaption className="small muted">
        Test-set ELBO per digit (higher = more typical); red: this digit.
      </figcaption>
    </figure>
  );
}
