import { useEffect, useState } from 'react';
import { ganActions, useGan, type GanLayer } from '../../store/gan2d';

/** One training iteration, narrated: each stage lights up the part of the picture it touches. */
export const STAGES: { title: string; text: string; layer: GanLayer | null }[] = [
  {
    title: '1. Sample noise',
    text: 'Draw a batch z ~ p(z). The lattice shows where a regular grid of z values lands.',
    layer: 'manifold',
  },
  {
    title: '2. Generate',
    text: 'The generator maps each z to a point G(z): the purple fakes.',
    layer: 'fake',
  },
  {
    title: '3. Discriminate',
    text: 'D scores real (green) and fake points; the background is D(x) over the plane.',
    layer: 'heatmap',
  },
  {
    title: '4. Losses',
    text: "D's loss rewards telling them apart; G's loss rewards fooling D (values in the charts).",
    layer: 'real',
  },
  {
    title: '5. Gradients',
    text: "Arrows: the direction each fake would move to lower G's loss, the slope of D's surface.",
    layer: 'arrows',
  },
  {
    title: '6. Update',
    text: 'Optimisers step D (k times) and then G; the fakes move along the arrows.',
    layer: 'fake',
  },
];

export function SlowMotion(props: { onHighlight: (l: GanLayer | null) => void }) {
  const { onHighlight } = props;
  const [stage, setStage] = useState<number | null>(null);
  const status = useGan((s) => s.status);
  useEffect(() => {
    if (stage === null) {
      onHighlight(null);
      return;
    }
    onHighlight(STAGES[stage]!.layer);
    if (stage === STAGES.length - 1) ganActions.step('both');
    const t = setTimeout(() => setStage(stage + 1 < STAGES.length ? stage + 1 : null), 1400);
    return () => clearTimeout(t);
  }, [stage, onHighlight]);
  const idle = status !== 'running' && status !== 'loading';
  return (
    <div className="slowmo" data-testid="slowmo">
      <button
        data-testid="gan-slowmo"
        disabled={!idle || stage !== null}
        onClick={() => setStage(0)}
        title="Pause first"
      >
        Slow-motion iteration
      </button>
      <ol>
        {STAGES.map((s, i) => (
          <li key={s.title} className={i === stage ? 'active' : ''}>
            <strong>{s.title}</strong>
            {i === stage && <div className="small">{s.text}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}
