import { listLessons } from '../../lessons';
import { lessonActions, useLessons } from '../../store/lessons';

/** The Lessons tab: every lesson with its lectures; opening one starts its run and shows its steps. */
export function LessonsTab() {
  const open = useLessons((s) => s.id);
  return (
    <section aria-labelledby="lessons-heading">
      <h2 id="lessons-heading">Lessons</h2>
      <p className="small muted">
        Each lesson drives the live lab: it loads a preset, lights up the controls it talks about and shows
        today&apos;s numbers in its formulas. A lesson can be shared as a link (Share, top right).
      </p>
      <ul className="lesson-list">
        {listLessons().map((l) => (
          <li key={l.id} className="panel" data-testid={`lesson-card-${l.id}`}>
            <h3>{l.title}</h3>
            <p className="small">{l.summary}</p>
            <p className="small muted">
              {l.steps.length} steps · from {l.lectures}
            </p>
            <div>
              <button
                className="primary"
                onClick={() => lessonActions.open(l.id)}
                data-testid={`lesson-open-${l.id}`}
                aria-label={`${open === l.id ? 'Restart' : 'Open'} the lesson ${l.title}`}
              >
                {open === l.id ? 'Restart' : 'Open'}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
