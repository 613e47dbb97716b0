import { memo } from 'react';

/** One coordinate of a latent vector as a range input with its value. */
export const LatentSlider = memo(function LatentSlider(props: {
  i: number;
  value: number;
  range: number;
  testIdPrefix: string;
  onChange: (i: number, v: number) => void;
}) {
  const { i, value, range, testIdPrefix, onChange } = props;
  return (
    <label className="latent-slider">
      <span className="latent-slider-name">z{i}</span>
      <input
        type="range"
        min={-range}
        max={range}
        step={0.01}
        value={Math.max(-range, Math.min(range, value))}
        aria-label={`latent dimension ${i}`}
        data-testid={`${testIdPrefix}-${i}`}
        onChange={(e) => onChange(i, Number(e.target.value))}
      />
      <output className="latent-slider-value">{value.toFixed(2)}</output>
    </label>
  );
});

/** A slider per coordinate of z (in prior standard deviations): the latent explorer's and G's input. */
export function LatentSliders(props: {
  z: Float32Array;
  range: number;
  testIdPrefix: string;
  label: string;
  onChange: (i: number, v: number) => void;
}) {
  const { z, range, testIdPrefix, label, onChange } = props;
  return (
    <div className="latent-slider-list" role="group" aria-label={label}>
      {Array.from(z, (v, i) => (
        <LatentSlider key={i} i={i} value={v} range={range} testIdPrefix={testIdPrefix} onChange={onChange} />
      ))}
    </div>
  );
}
