import { useEffect, useRef } from 'react';
import { paintImages } from './paint';

/** One or more 28x28 images on a canvas, scaled up with crisp pixels. */
export function PixelCanvas(props: {
  images: ArrayLike<number> | null;
  count?: number;
  cols?: number;
  scale?: number;
  testId?: string;
  label: string;
}) {
  const { images, count = 1, cols = count, scale = 3, testId, label } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const rows = Math.max(1, Math.ceil(count / cols));
  useEffect(() => {
    if (ref.current) paintImages(ref.current, images ?? new Uint8ClampedArray(count * 784), count, cols);
  }, [images, count, cols]);
  return (
    <canvas
      ref={ref}
      className="pixels"
      width={cols * 28}
      height={rows * 28}
      style={{ width: cols * 28 * scale, height: rows * 28 * scale }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
