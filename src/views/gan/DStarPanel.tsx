import { useEffect, useRef } from 'react';
import { useGan } from '../../store/gan2d';
import { normaliseScores, paintField } from './paintGan';

const SIZE = 200;

function Field(props: { field: Float32Array | null; gridSize: number; testId: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { field, gridSize } = props;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !field) return;
    paintField(ctx, SIZE, field, gridSize);
  }, [field, gridSize]);
  return (
    <canvas
      ref={ref}
      width={SIZE}
      height={SIZE}
      data-testid={props.testId}
      role="img"
      aria-label={props.label}
    />
  );
}

/**
 * The learned discriminator beside the optimal one for the current generator,
 * D*(x) = p_data(x) / (p_data(x) + p_g(x)) (p_g estimated by a kernel density of the fakes).
 */
export function DStarPanel() {
  const snap = useGan((s) => s.snapshot);
  const learned = snap ? (snap.dIsProbability ? snap.dGrid : normaliseScores(snap.dGrid)) : null;
  return (
    <div className="panel dstar" data-testid="panel-dstar">
      <h3>Learned D vs optimal D*</h3>
      <div className="dstar-row">
        <figure>
          <Field
            field={learned}
            gridSize={snap?.gridSize ?? 1}
            testId="gan-d-learned"
            label="learned discriminator"
          />
          <figcaption>{snap && !snap.dIsProbability ? 'critic value (scaled)' : 'learned D(x)'}</figcaption>
        </figure>
        <figure>
          <Field
            field={snap?.dStar ?? null}
            gridSize={snap?.gridSize ?? 1}
            testId="gan-d-star"
            label="optimal discriminator"
          />
          <figcaption>D*(x) = p_data / (p_data + p_g)</figcaption>
        </figure>
      </div>
      <p className="small muted">
        Green: "real", purple: "fake", white: undecided (½). For a fixed generator the best discriminator is
        D*; when p_g = p_data it is ½ everywhere, and the minimax value is −log 4.
      </p>
    </div>
  );
}
