import { useEffect, useRef } from 'react';
import type { ImageBatch } from '../engine/experiment';
import { ExportButtons } from './ExportButtons';
import { canvasPng, slug } from './exportFile';

/** Paint a batch of greyscale images as a grid of `cols` columns (blank tiles when there is none). */
export function paintBatch(
  ctx: CanvasRenderingContext2D,
  batch: ImageBatch | null,
  cols: number,
  w = batch?.width ?? 28,
  h = batch?.height ?? 28,
): void {
  const rows = Math.ceil((batch?.count ?? cols) / cols);
  const img = ctx.createImageData(cols * w, rows * h);
  if (batch) {
    for (let k = 0; k < batch.count; k++) {
      const ox = (k % cols) * w;
      const oy = Math.floor(k / cols) * h;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const v = batch.pixels[k * w * h + y * w + x]!;
          const o = ((oy + y) * cols * w + ox + x) * 4;
          img.data[o] = img.data[o + 1] = img.data[o + 2] = v;
          img.data[o + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** A batch as a canvas of its own (thumbnails, exports of grids not on screen). */
export function batchCanvas(batch: ImageBatch, cols: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = cols * batch.width;
  c.height = Math.ceil(batch.count / cols) * batch.height;
  paintBatch(c.getContext('2d')!, batch, cols);
  return c;
}

/** Draws a batch of greyscale images as a grid on one canvas (pixels, not DOM nodes). */
export function ImageGrid(props: {
  batch: ImageBatch | null;
  cols: number;
  scale?: number;
  testId?: string;
  label: string;
}) {
  const { batch, cols, scale = 2, testId, label } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const count = batch?.count ?? cols;
  const w = batch?.width ?? 28;
  const h = batch?.height ?? 28;
  const rows = Math.ceil(count / cols);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) paintBatch(ctx, batch, cols, w, h);
  }, [batch, cols, rows, w, h]);
  return (
    <div className="image-grid">
      <canvas
        ref={ref}
        width={cols * w}
        height={rows * h}
        // Shrinks with a narrow screen, keeping its aspect ratio (height follows the width attribute's).
        style={{ width: cols * w * scale, maxWidth: '100%', height: 'auto', imageRendering: 'pixelated' }}
        aria-label={label}
        role="img"
        data-testid={testId}
      />
      {batch && (
        <ExportButtons
          name={slug(testId ?? label)}
          label={label}
          png={() => (ref.current ? canvasPng(ref.current, 4) : Promise.reject(new Error('no image yet')))}
          testId={testId ? `${testId}-export` : undefined}
        />
      )}
    </div>
  );
}
