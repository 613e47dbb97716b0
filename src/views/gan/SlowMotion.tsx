import { useCallback, useEffect, useRef, useState } from 'react';
import { ganActions, useGan, type GanLayer } from '../../store/gan2d';

/** One training iteration, narrated: each stage lights up the part of the picture it touches. */
export const STAGES: { title: string; text: string; layer: GanLayer | null }[] = [
  {
    title: 'Sample noise',
    text: 'Draw a batch z ~ p(z). The lattice shows where a regular grid of z values lands.',
    layer: 'manifold',
  },
  {
    title: 'Generate',
    text: 'The generator maps each z to a point G(z): the purple fakes.',
    layer: 'fake',
  },
  {
    title: 'Discriminate',
    text: 'D scores real (green) and fake points; the background is D(x) over the plane.',
    layer: 'heatmap',
  },
  {
    title: 'Losses',
    text: "D's loss rewards telling them apart; G's loss rewards fooling D (values in the charts).",
    layer: 'real',
  },
  {
    title: 'Gradients',
    text: "Arrows: the direction each fake would move to lower G's loss, the slope of D's surface.",
    layer: 'arrows',
  },
  {
    title: 'Update',
    text: 'Optimisers step D (k times) and then G: this iteration has now been applied, and the fakes moved along the arrows.',
    layer: 'fake',
  },
];

const LAST = STAGES.length - 1;

/** What the canvas shows of the current stage: its layer lit up and a label. */
export interface SlowMotionStage {
  index: number;
  layer: GanLayer | null;
  label: string;
}
const PLAY_MS = 2000;

/**
 * Slow motion as a stepper: Next and Back walk through the stages of one iteration (reaching "Update"
 * applies it, once), Play advances on its own and Hold stops on the current stage. Usable whenever
 * training is not running; the reason is on screen when it is not.
 */
export function SlowMotion(props: { onStage: (s: SlowMotionStage | null) => void }) {
  const { onStage } = props;
  const [stage, setStage] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  /** Whether this iteration's update has been applied (Back then Next must not apply it twice). */
  const applied = useRef(false);
  const status = useGan((s) => s.status);
  const idle = status === 'ready' || status === 'paused' || status === 'done';

  const go = useCallback((next: number) => {
    if (next === LAST && !applied.current) {
      ganActions.step('both');
      applied.current = true;
    }
    setStage(next);
  }, []);
  const restart = () => {
    applied.current = false;
    go(0);
  };
  const close = () => {
    setStage(null);
    setPlaying(false);
  };

  useEffect(() => {
    onStage(stage === null ? null : { index: stage, layer: STAGES[stage]!.layer, label: stageLabel(stage) });
  }, [stage, onStage]);
  // Training started (or the engine went away): slow motion ends.
  if (!idle && (stage !== null || playing)) close();
  useEffect(() => {
    if (!playing || stage === null || stage === LAST) return;
    const t = setTimeout(() => go(stage + 1), PLAY_MS);
    return () => clearTimeout(t);
  }, [playing, stage, go]);
  if (playing && stage === LAST) setPlaying(false);

  const why =
    status === 'running'
      ? 'Pause training to step through one iteration.'
      : status === 'loading'
        ? 'Waiting for the engine…'
        : status === 'error'
          ? 'The engine stopped with an error.'
          : null;

  return (
    <section className="panel slowmo" data-testid="slowmo" aria-labelledby="slowmo-title">
      <h3 id="slowmo-title">Slow motion: one iteration</h3>
      {stage === null ? (
        <>
          <button
            data-testid="gan-slowmo"
            disabled={!idle}
            onClick={restart}
            aria-describedby={why ? 'slowmo-why' : undefined}
          >
            Start slow motion
          </button>
          {why && (
            <p className="small muted" id="slowmo-why" data-testid="slowmo-why">
              {why}
            </p>
          )}
        </>
      ) : (
        <div className="controls" role="group" aria-label="slow-motion stepper">
          <button data-testid="slowmo-back" disabled={stage === 0} onClick={() => go(stage - 1)}>
            ← Back
          </button>
          {stage < LAST ? (
            <button className="primary" data-testid="slowmo-next" onClick={() => go(stage + 1)}>
              {stage + 1 === LAST ? 'Next: apply update →' : 'Next →'}
            </button>
          ) : (
            <button className="primary" data-testid="slowmo-again" onClick={restart}>
              Next iteration
            </button>
          )}
          <button data-testid="slowmo-play" aria-pressed={playing} onClick={() => setPlaying(!playing)}>
            {playing ? 'Hold' : 'Play'}
          </button>
          <button data-testid="slowmo-close" onClick={close}>
            Close
          </button>
        </div>
      )}
      <ol className="slowmo-stages" data-testid="slowmo-stages" data-stage={stage ?? ''}>
        {STAGES.map((s, i) => (
          <li
            key={s.title}
            className={i === stage ? 'active' : ''}
            aria-current={i === stage ? 'step' : undefined}
          >
            <strong>{s.title}</strong>
            {i === stage && <div className="small">{s.text}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The stage shown over the canvas while slow motion runs. */
export function stageLabel(stage: number): string {
  return `Stage ${stage + 1} of ${STAGES.length}: ${STAGES[stage]!.title}`;
}
