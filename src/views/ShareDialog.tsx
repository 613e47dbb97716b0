import { useEffect, useRef, useState } from 'react';
import { HIDEABLE } from '../links/hideable';
import { currentLinkState, linkUrl } from '../store/share';
import { useLessons } from '../store/lessons';
import { useUi } from '../store/ui';
import { copyText } from './clipboard';

/**
 * Share: a link to exactly what is on screen (config and seed, tab, lesson step), and an instructor's
 * link builder that hides chosen controls or panels, locks settings (read-only) or opens in presenter mode.
 */
export function ShareDialog(props: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const lesson = useLessons((s) => s.id);
  const linkHide = useUi((s) => s.linkHide);
  const [hide, setHide] = useState<string[]>(linkHide);
  const [readOnly, setReadOnly] = useState(useUi.getState().readOnly);
  const [present, setPresent] = useState(false);
  const [withLesson, setWithLesson] = useState(true);
  const [copied, setCopied] = useState<string | null>(null);
  const plain = linkUrl(currentLinkState());
  const instructor = linkUrl(
    currentLinkState({ hide, readOnly, present, ...(withLesson ? {} : { lesson: null, step: null }) }),
  );
  const { onClose } = props;
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button, input')?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const copy = async (what: string, text: string) => {
    setCopied(
      (await copyText(text)) ? `${what} copied.` : `Select the ${what.toLowerCase()} below and copy it.`,
    );
  };
  const toggle = (id: string) => setHide((h) => (h.includes(id) ? h.filter((x) => x !== id) : [...h, id]));
  return (
    <div className="popover" role="dialog" aria-labelledby="share-title" ref={ref} data-testid="share-dialog">
      <h2 id="share-title">Share this experiment</h2>
      <p className="small">
        The link holds the whole experiment: its config and seed, the tab{lesson ? ', the lesson step' : ''}.
        Opened on the same backend, it trains the same run step for step.
      </p>
      <div className="controls">
        <button className="primary" onClick={() => copy('Link', plain)} data-testid="share-copy">
          Copy link
        </button>
        <button onClick={props.onClose} data-testid="share-close">
          Close
        </button>
      </div>
      <label className="small">
        link
        <input readOnly value={plain} data-testid="share-link" onFocus={(e) => e.target.select()} />
      </label>
      <h2>Instructor link</h2>
      <p className="small">Hide controls or whole panels, lock the settings, open in presenter mode.</p>
      <div className="hide-groups">
        {HIDEABLE.map((g) => (
          <fieldset key={g.tab}>
            <legend className="small">{g.title}</legend>
            {g.items.map((it) => (
              <label key={it.id}>
                <input
                  type="checkbox"
                  checked={hide.includes(it.id)}
                  onChange={() => toggle(it.id)}
                  data-testid={`hide-${it.id}`}
                />{' '}
                {it.label}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <div className="controls small">
        <label>
          <input
            type="checkbox"
            checked={readOnly}
            onChange={(e) => setReadOnly(e.target.checked)}
            data-testid="share-readonly"
          />{' '}
          read-only (settings visible but locked)
        </label>
        <label>
          <input type="checkbox" checked={present} onChange={(e) => setPresent(e.target.checked)} /> presenter
          mode
        </label>
        {lesson && (
          <label>
            <input type="checkbox" checked={withLesson} onChange={(e) => setWithLesson(e.target.checked)} />{' '}
            open at this lesson step
          </label>
        )}
      </div>
      <textarea
        readOnly
        rows={3}
        value={instructor}
        data-testid="instructor-link"
        aria-label="instructor link"
      />
      <div className="controls">
        <button onClick={() => copy('Instructor link', instructor)} data-testid="instructor-copy">
          Copy instructor link
        </button>
        <span className="small" role="status" data-testid="share-status">
          {copied}
        </span>
      </div>
    </div>
  );
}
