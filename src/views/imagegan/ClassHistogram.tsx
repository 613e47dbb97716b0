import { DIGIT_COLORS } from '../latent/paint';

/** Predicted classes of the scored samples as ten bars; a collapsed generator shows one or two. */
export function ClassHistogram({ counts }: { counts: number[] }) {
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  const max = Math.max(...counts, 1);
  return (
    <figure className="class-histogram" data-testid="img-class-histogram" data-counts={counts.join(',')}>
      <div className="bars">
        <div className="uniform" style={{ bottom: `${(100 * total) / 10 / max}%` }} />
        {counts.map((c, d) => (
          <div
            key={d}
            className="bar"
            title={`${d}: ${c} samples (${((100 * c) / total).toFixed(1)}%)`}
            style={{ height: `${(100 * c) / max}%`, background: DIGIT_COLORS[d] }}
          />
        ))}
      </div>
      <div className="bar-labels">
        {counts.map((_, d) => (
          <span key={d}>{d}</span>
        ))}
      </div>
      <figcaption className="small muted">
        classes the classifier sees in the samples (dashed: uniform, {(total / 10).toFixed(0)} each)
      </figcaption>
    </figure>
  );
}
