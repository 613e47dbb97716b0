import { useEffect, useRef } from 'react';
import { useConstraints } from '../../store/constraints';

/** The constrained target pi on its grid, darker = more mass (square-root scale so faint regions show). */
export function TargetCanvas() {
  const snap = useConstraints((s) => s.snapshot);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const cv = ref.current;
    const ctx = cv?.getContext('2d');
    if (!cv || !ctx || !snap) return;
    const n = snap.size;
    const img = ctx.createImageData(n, n);
    let max = 0;
    for (const v of snap.target) max = Math.max(max, v);
    for (let iy = 0; iy < n; iy++) {
      for (let ix = 0; ix < n; ix++) {
        const v = max > 0 ? Math.sqrt(snap.target[iy * n + ix]! / max) : 0;
        const o = 4 * ((n - 1 - iy) * n + ix); // row 0 of the grid is the lowest y: draw it at the bottom
        img.data[o] = 255 - Math.round(200 * v);
        img.data[o + 1] = 255 - Math.round(120 * v);
        img.data[o + 2] = 255 - Math.round(40 * v);
        img.data[o + 3] = 255;
      }
    }
    cv.width = n;
    cv.height = n;
    ctx.putImageData(img, 0, 0);
  }, [snap]);
  return (
    <canvas
      ref={ref}
      className="constraints-canvas"
      data-testid="constraints-target"
      aria-label="constrained target density"
    />
  );
}
