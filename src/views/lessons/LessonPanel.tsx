import { lookup } from '../../lessons/condition';
import { activeNarrations, stepLab } from '../../lessons/engine';
import { getLesson } from '../../lessons';
import { lessonActions, useLessons } from '../../store/lessons';
import { Markdown } from './Markdown';

/** The open lesson beside the lab: its step's text with today's numbers, narrations, and Back / Next. */
export function LessonPanel() {
  const id = useLessons((s) => s.id);
  const index = useLessons((s) => s.index);
  const values = useLessons((s) => s.values);
  const met = useLessons((s) => !!s.met[s.index]);
  const lesson = id ? getLesson(id) : undefined;
  const step = lesson?.steps[index];
  if (!lesson || !step) return null;
  const lab = stepLab(step);
  const value = (name: string) => lookup(values, name, lab);
  const narrations = activeNarrations(step, values);
  const waiting = !!step.waitFor && !met;
  const last = index + 1 >= lesson.steps.length;
  return (
    <aside
      className="panel lesson-panel"
      aria-labelledby="lesson-title"
      data-testid="lesson-panel"
      data-lesson={lesson.id}
      data-step={index + 1}
    >
      <h2 id="lesson-title">{lesson.title}</h2>
      <p className="small muted">
        Step {index + 1} of {lesson.steps.length} · from {lesson.lectures}
      </p>
      <h3 data-testid="lesson-step-title">{step.title}</h3>
      <Markdown text={step.text} value={value} testId="lesson-text" />
      <div aria-live="polite" data-testid="lesson-narrations">
        {narrations.map((n) => (
          <div className="narration" key={n.when} data-testid="lesson-narration">
            <Markdown text={n.text} value={value} />
          </div>
        ))}
      </div>
      {waiting && (
        <p className="lesson-wait small" data-testid="lesson-wait">
          {step.waitHint ?? 'Keep training'} (Next unlocks when <code>{step.waitFor}</code>.)
        </p>
      )}
      <div className="lesson-nav">
        <button onClick={() => lessonActions.back()} disabled={index === 0} data-testid="lesson-back">
          Back
        </button>
        <button
          className="primary"
          onClick={() => lessonActions.next()}
          disabled={last || waiting}
          data-testid="lesson-next"
          aria-keyshortcuts="N"
        >
          Next
        </button>
        <button onClick={() => lessonActions.close()} data-testid="lesson-close">
          Close lesson
        </button>
      </div>
    </aside>
  );
}
