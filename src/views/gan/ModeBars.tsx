import { useMemo } from 'react';
import { makeDataset } from '../../core/gan/datasets';
import { useGan } from '../../store/gan2d';
import { formatShare } from '../format';
import { modeStory } from './modeStory';

const SIZE = 200;
/** Room at the edges for the bars and labels of the outermost modes. */
const PAD = 14;

/**
 * How many fakes sit at each mode, drawn where the modes are: a bar per mode over a small copy of the
 * plot, its height the mode's high-quality samples, the dashed tick the fair share (all samples / K).
 * One tall bar among empty ones is mode collapse at a glance; the sentence says it in words.
 */
export function ModeBars() {
  const snap = useGan((s) => s.snapshot);
  const dataset = snap?.dataset ?? null;
  const centres = useMemo(() => {
    if (!dataset || dataset === 'points') return null;
    return makeDataset(dataset).mixture?.centres ?? null;
  }, [dataset]);
  const m = snap?.modes ?? null;
  if (!snap || !m || !centres || centres.length / 2 !== m.counts.length) return null;
  const story = modeStory(m.counts, m.samples, snap.step);
  const k = m.counts.length;
  const { min, max } = snap.extent;
  const px = (v: number) => PAD + ((v - min) / (max - min)) * (SIZE - 2 * PAD);
  const spacing = k > 8 ? 0.8 : 1;
  const barW = k > 8 ? 9 : 14;
  const barH = k > 8 ? 28 : 46;
  const fair = m.samples / k;
  const scale = Math.max(fair, ...m.counts);
  return (
    <section className="panel mode-bars" data-testid="mode-bars" aria-labelledby="mode-bars-title">
      <h3 id="mode-bars-title">Where the fakes are</h3>
      <p
        className={`mode-story mode-story-${story.state}`}
        data-testid="mode-story"
        data-state={story.state}
        aria-live="polite"
      >
        {story.sentence}
      </p>
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        width={SIZE}
        height={SIZE}
        role="img"
        aria-label={`High-quality fakes per mode: ${m.counts
          .map((c, i) => `mode ${i + 1} ${formatShare(c / m.samples)}`)
          .join(', ')}`}
        data-testid="mode-bars-map"
        data-counts={m.counts.join(',')}
        data-dominant={story.dominant}
      >
        <rect x={0} y={0} width={SIZE} height={SIZE} className="mode-bars-bg" />
        {m.counts.map((c, i) => {
          const x = px(centres[2 * i]!);
          const y = SIZE - px(centres[2 * i + 1]!);
          const base = y + (barH * spacing) / 2;
          const h = story.state === 'untrained' ? 0 : (barH * spacing * c) / scale;
          const tick = base - (barH * spacing * fair) / scale;
          return (
            <g key={i} data-testid={`mode-bar-${i}`} data-count={c}>
              <title>{`mode ${i + 1}: ${c.toLocaleString('en-US')} of ${m.samples.toLocaleString('en-US')} fakes (${formatShare(c / m.samples)})`}</title>
              <circle cx={x} cy={y} r={2} className="mode-bars-centre" />
              <rect
                x={x - (barW * spacing) / 2}
                y={base - h}
                width={barW * spacing}
                height={h}
                className={i === story.dominant && story.modes === 1 ? 'mode-bar dominant' : 'mode-bar'}
              />
              {story.state !== 'untrained' && (
                <line
                  x1={x - (barW * spacing) / 2 - 2}
                  x2={x + (barW * spacing) / 2 + 2}
                  y1={tick}
                  y2={tick}
                  className="mode-bars-fair"
                />
              )}
              {k <= 8 && story.state !== 'untrained' && (
                <text x={x} y={base + 10} textAnchor="middle" className="mode-bars-label">
                  {formatShare(c / m.samples)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p className="small muted">
        Bars stand where the modes are on the plot: fakes within 3σ of each mode, out of{' '}
        {m.samples.toLocaleString('en-US')}. Dashed: a fair share (1/{k} of the fakes).
      </p>
    </section>
  );
}
