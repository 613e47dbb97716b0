import { useRef, useState, type ReactNode } from 'react';

/** Keys that move a closed select's value in Chromium and Firefox without opening it. */
const BROWSE_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/**
 * A select whose choice costs something (it resets a run or restarts the engine): a pick from the open
 * list applies at once, but arrowing through the closed select only proposes a value, applied by Enter
 * or the Apply button (Escape or Cancel drops it). Browsing never resets anything on the way.
 */
export function ChoiceSelect(props: {
  value: string;
  onChoose: (value: string) => void;
  children: ReactNode;
  label: string;
  id?: string;
  testId?: string;
  className?: string;
  applyLabel?: string;
}) {
  const { value, onChoose, children, label, id, testId, className, applyLabel = 'Apply' } = props;
  const [pending, setPending] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // Changed from outside (applied, reset): drop a stale proposal.
    setShown(value);
    setPending(null);
  }
  const keyed = useRef(false);
  const proposal = pending !== null && pending !== value ? pending : null;
  const apply = () => {
    if (proposal === null) return;
    setPending(null);
    onChoose(proposal);
  };
  return (
    <span className={`choice ${className ?? ''}`}>
      <select
        id={id}
        aria-label={label}
        data-testid={testId}
        value={proposal ?? value}
        onPointerDown={() => (keyed.current = false)}
        onKeyDown={(e) => {
          if (BROWSE_KEYS.has(e.key) || (e.key.length === 1 && e.key !== ' ')) keyed.current = true;
          else if (e.key === 'Enter' && proposal !== null) {
            e.preventDefault();
            apply();
          } else if (e.key === 'Escape' && proposal !== null) {
            e.preventDefault();
            setPending(null);
          } else keyed.current = false;
        }}
        onChange={(e) => {
          if (keyed.current) setPending(e.target.value);
          else {
            setPending(null);
            onChoose(e.target.value);
          }
        }}
      >
        {children}
      </select>
      {proposal !== null && (
        <span className="choice-pending small" data-testid={testId ? `${testId}-pending` : undefined}>
          <span>Press Enter or</span>
          <button
            type="button"
            className="primary"
            onClick={apply}
            data-testid={testId ? `${testId}-apply` : undefined}
          >
            {applyLabel}
          </button>
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
        </span>
      )}
    </span>
  );
}
