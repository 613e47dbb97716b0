import { useState } from 'react';

/** A number input that only commits valid values and says what is wrong otherwise. */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  testId?: string;
  hint?: string;
  onCommit: (v: number) => void;
}) {
  const { label, value, min, max, step, integer, testId, hint, onCommit } = props;
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The value changed from outside (preset, reset): show it. Adjusting state while rendering is
    // React's recommended alternative to an effect here.
    setShown(value);
    setText(String(value));
  }
  const v = Number(text);
  const error =
    text.trim() === '' || !Number.isFinite(v)
      ? 'not a number'
      : integer && !Number.isInteger(v)
        ? 'must be a whole number'
        : v < min || v > max
          ? `must be between ${min} and ${max}`
          : null;
  const commit = () => {
    if (!error && v !== value) onCommit(v);
  };
  return (
    <label className="field" title={hint}>
      <span>{label}</span>
      <input
        type="number"
        value={text}
        min={min}
        max={max}
        step={step ?? 'any'}
        aria-invalid={!!error}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && <small className="field-error">{error}</small>}
    </label>
  );
}
