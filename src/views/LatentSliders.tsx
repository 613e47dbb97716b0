import { memo } from 'react';
import { sliderKey, sliderSpan } from './latent/keyboard';

/**
 * One coordinate of a latent vector as a range input with its value, over [-range, range]. Drags move in
 * steps of 0.01 sd; arrow keys by 0.1 sd, PageUp / PageDown by 1 sd, Home / End to the ends.
 */
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
        aria-valuetext={`${value.toFixed(2)} standard deviations`}
        data-testid={`${testIdPrefix}-${i}`}
        onChange={(e) => onChange(i, Number(e.target.value))}
        onKeyDown={(e) => {
          const next = sliderKey(e.key, value, range);
          if (next === null) return;
          e.preventDefault();
          onChange(i, next);
        }}
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
  const { z, testIdPrefix, label, onChange } = props;
  const range = sliderSpan(props.range, z);
  return (
    <div className="latent-slider-list" role="group" aria-label={label}>
      {Array.from(z, (v, i) => (
        <LatentSlider key={i} i={i} value={v} range={range} testIdPrefix={testIdPrefix} onChange={onChange} />
      ))}
    </div>
  );
}
