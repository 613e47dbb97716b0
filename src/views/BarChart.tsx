import { memo } from 'react';

export interface Bar {
  label: string;
  value: number;
  /** Drawn in the muted colour (e.g. a collapsed latent dimension). */
  muted?: boolean;
  title?: string;
}

/**
 * Vertical bars on one SVG (a shared widget: the VAE trainer's KL per dimension; any lab's per-item
 * counts). Scale from 0 to the largest value (or `max`); an optional dashed reference line.
 */
export const BarChart = memo(function BarChart(props: {
  bars: Bar[];
  testId: string;
  label: string;
  height?: number;
  max?: number;
  reference?: { value: number; label: string };
  unit?: string;
}) {
  const { bars, testId, label, height = 140, reference, unit = '' } = props;
  const top = Math.max(props.max ?? 0, ...bars.map((b) => b.value), reference?.value ?? 0, 1e-9);
  const n = Math.max(1, bars.length);
  const W = Math.max(240, Math.min(720, n * 22));
  const padL = 34;
  const padB = 18;
  const padT = 8;
  const bw = (W - padL) / n;
  const y = (v: number) => padT + (height - padB - padT) * (1 - Math.max(0, v) / top);
  const ticks = [0, top / 2, top];
  return (
    <svg
      className="bar-chart"
      viewBox={`0 0 ${W} ${height}`}
      width="100%"
      style={{ maxWidth: W }}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-values={bars.map((b) => b.value.toFixed(3)).join(',')}
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={padL} x2={W} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
          <text x={padL - 4} y={y(t) + 4} textAnchor="end" fontSize={10} fill="#6b7280">
            {t < 10 ? t.toFixed(1) : t.toFixed(0)}
          </text>
        </g>
      ))}
      {bars.map((b, i) => (
        <g key={i}>
          <rect
            x={padL + i * bw + 1}
            y={y(b.value)}
            width={Math.max(1, bw - 2)}
            height={Math.max(0, height - padB - y(b.value))}
            fill={b.muted ? '#cbd5e1' : '#2563eb'}
          >
            <title>{b.title ?? `${b.label}: ${b.value.toFixed(3)}${unit ? ` ${unit}` : ''}`}</title>
          </rect>
          {(n <= 32 || i % 4 === 0) && (
            <text x={padL + (i + 0.5) * bw} y={height - 4} textAnchor="middle" fontSize={9} fill="#6b7280">
              {b.label}
            </text>
          )}
        </g>
      ))}
      {reference && (
        <g>
          <line
            x1={padL}
            x2={W}
            y1={y(reference.value)}
            y2={y(reference.value)}
            stroke="#dc2626"
            strokeDasharray="4 3"
          />
          <text x={W - 2} y={y(reference.value) - 3} textAnchor="end" fontSize={10} fill="#dc2626">
            {reference.label}
          </text>
        </g>
      )}
    </svg>
  );
});
