import { droppedText, type DroppedField } from '../config/lenient';
import type { ExperimentConfig } from '../config/schema';
import { encodeConfigHash } from '../config/url';
import { validateConfigHash } from '../config/validate';

/**
 * Everything a shared link carries (TensorFlow Playground style): the experiment config with its seed
 * in the hash (`#config=`, base64url JSON, as before), and in the query the tab, the lesson and its
 * step, controls or panels to hide, a read-only flag, presenter mode and a chosen backend.
 *
 *   ?tab=gan&lesson=gan-game&step=2&hide=gan-settings,gan-lr-d&ro=1&present=1&backend=wasm#config=…
 *
 * `step` counts from 1 (the lesson's first step is step=1).
 */
export interface LinkState {
  tab: string | null;
  lesson: string | null;
  /** 1-based lesson step. */
  step: number | null;
  hide: string[];
  readOnly: boolean;
  present: boolean;
  backend: string | null;
  config: ExperimentConfig | null;
}

export interface ParsedLink extends LinkState {
  /** Config fields that were unusable and took their defaults. */
  dropped: DroppedField[];
  /** Plain-language problems, one per dropped part of the link (shown as one notice). */
  problems: string[];
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Hide targets are data-testids: letters, digits, '-' and '_'. */
const TARGET = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_HIDE = 100;

/**
 * Read a link (location.search and location.hash). Whatever is usable is used; every part that is not
 * is dropped and named in `problems`. Never throws.
 */
export function parseLink(search: string, hash: string, known?: { tabs: readonly string[] }): ParsedLink {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const problems: string[] = [];
  const out: ParsedLink = {
    tab: null,
    lesson: null,
    step: null,
    hide: [],
    readOnly: false,
    present: false,
    backend: null,
    config: null,
    dropped: [],
    problems,
  };
  const tab = q.get('tab');
  if (tab !== null) {
    if (known ? known.tabs.includes(tab) : ID.test(tab)) out.tab = tab;
    else problems.push(`unknown tab "${tab.slice(0, 40)}"`);
  }
  const lesson = q.get('lesson');
  if (lesson !== null) {
    if (ID.test(lesson)) out.lesson = lesson;
    else problems.push(`lesson id "${lesson.slice(0, 40)}" is not a valid id`);
  }
  const step = q.get('step');
  if (step !== null) {
    const n = Number(step);
    if (/^\d{1,4}$/.test(step) && n >= 1) out.step = n;
    else problems.push(`step "${step.slice(0, 20)}" is not a step number (1, 2, …)`);
  }
  const hide = q.get('hide');
  if (hide !== null) {
    const parts = hide.split(',').filter(Boolean);
    const bad = parts.filter((p) => !TARGET.test(p));
    out.hide = [...new Set(parts.filter((p) => TARGET.test(p)))].slice(0, MAX_HIDE);
    if (bad.length) problems.push(`hide: ignored ${bad.length} malformed name${bad.length > 1 ? 's' : ''}`);
  }
  const flag = (v: string | null) => v !== null && v !== '0' && v !== 'false';
  out.readOnly = flag(q.get('ro'));
  out.present = flag(q.get('present'));
  const backend = q.get('backend');
  if (backend) out.backend = backend;
  const r = validateConfigHash(hash);
  if (r && !r.ok) {
    if (r.error.code === 'bad-encoding')
      problems.push('the config in the link is not valid base64 JSON; it was ignored');
    else problems.push(`the config in the link was ignored: ${r.error.message}`);
  } else if (r) {
    out.config = r.value;
    out.dropped = r.dropped;
    if (r.dropped.length)
      problems.push(
        `the link's config loaded without ${r.dropped.length === 1 ? 'a field' : 'some fields'}, which took their defaults: ${droppedText(r.dropped)}`,
      );
  }
  return out;
}

/** The query and hash of a link to `s` (append to the page's path). Parameters at defaults are left out. */
export function buildLink(s: Partial<LinkState>): string {
  const q = new URLSearchParams();
  if (s.tab) q.set('tab', s.tab);
  if (s.lesson) {
    q.set('lesson', s.lesson);
    if (s.step && s.step > 1) q.set('step', String(s.step));
  }
  if (s.hide && s.hide.length) q.set('hide', s.hide.join(','));
  if (s.readOnly) q.set('ro', '1');
  if (s.present) q.set('present', '1');
  if (s.backend) q.set('backend', s.backend);
  const query = q.toString().replace(/%2C/g, ',');
  return `${query ? `?${query}` : ''}${s.config ? `#${encodeConfigHash(s.config)}` : ''}`;
}
