import { useEffect, useRef } from 'react';
import { useOnScreen, useThrottled } from '../liveChart';
import type { Gan2dSnapshot } from '../../engine/gan2dSnapshot';
import { useGan } from '../../store/gan2d';
import { optimumText } from './optimumText';
import { paintContours, paintDensities, paintField } from './paintGan';

const SIZE = 200;

function Field(props: {
  snap: Gan2dSnapshot | null;
  paint: (ctx: CanvasRenderingContext2D, s: Gan2dSnapshot) => void;
  testId: string;
  label: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { snap, paint } = props;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !snap) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    paint(ctx, snap);
  }, [snap, paint]);
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

const paintLearned = (ctx: CanvasRenderingContext2D, s: Gan2dSnapshot) => {
  paintField(ctx, SIZE, s.dShade, s.gridSize);
  if (s.optimum === 'none') paintContours(ctx, SIZE, s.dGrid, s.gridSize);
};

const paintOptimum = (ctx: CanvasRenderingContext2D, s: Gan2dSnapshot) => {
  if (s.optimumShade) paintField(ctx, SIZE, s.optimumShade, s.gridSize);
  else paintDensities(ctx, SIZE, s.pData, s.pG, s.gridSize);
};

/**
 * The learned discriminator beside what it should be for the current generator, in the objective's own
 * terms: D* = p_data / (p_data + p_g), the f-GAN's T* = f'(p_data / p_g), the hinge's sign(p_data - p_g),
 * or (WGAN) no pointwise optimum: the densities instead. p_g is a kernel density estimate of the fakes.
 *
 * While training it repaints at most twice a second and only on screen (about ten snapshots a second
 * arrive; each repaint, contours included, is main-thread work).
 */
export function DStarPanel() {
  const [panel, onScreen] = useOnScreen();
  const running = useGan((s) => s.status === 'running');
  const snap = useThrottled(
    useGan((s) => s.snapshot),
    running,
    onScreen,
    500,
  );
  const t = snap ? optimumText(snap) : null;
  return (
    <div ref={panel} className="panel dstar" data-testid="panel-dstar" data-kind={snap?.optimum ?? ''}>
      <h3>{t?.title ?? 'Learned D vs its optimum'}</h3>
      <div className="dstar-row">
        <figure>
          <Field snap={snap} paint={paintLearned} testId="gan-d-learned" label="learned discriminator" />
          <figcaption>{t?.learned ?? 'learned D(x)'}</figcaption>
        </figure>
        <figure>
          <Field
            snap={snap}
            paint={paintOptimum}
            testId="gan-d-star"
            label={snap?.optimum === 'none' ? 'data and fake densities' : 'optimal discriminator'}
          />
          <figcaption data-testid="gan-optimum-formula">{t?.optimum ?? ''}</figcaption>
        </figure>
      </div>
      {t && (
        <p className="small muted" data-testid="gan-optimum-note">
          Colours: {t.colours}. {t.note}
          {snap?.optimum !== 'none' &&
            ' p_g is a kernel density estimate of 2,500 fakes; where neither density reaches 1/1000 of its peak the optimum is drawn undecided.'}
        </p>
      )}
    </div>
  );
}
