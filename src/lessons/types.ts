/**
 * A lesson is data: ordered steps of Markdown + KaTeX text that drive the live lab (Transformer
 * Explainer's "textbook pages"). The lesson engine (engine.ts) applies a step's setup; the lesson panel
 * (views/lessons/) renders its text with today's numbers and waits for its condition before Next.
 */

/** Which lab a step's numbers and conditions refer to by default ("step" means that lab's step). */
export type LessonLab = 'vae' | 'gan';

/** A sentence shown while its condition holds, e.g. when D wins and G's gradient vanishes. */
export interface Narration {
  /** A condition (see condition.ts), e.g. "gan.gradNorm < 1e-4 and gan.dFake < 0.05". */
  when: string;
  /** Markdown; should state the threshold it tests, so the reader can check it. */
  text: string;
}

export interface LessonStep {
  title: string;
  /**
   * Markdown with $inline$ and $$display$$ KaTeX. `{{name}}` or `{{name:digits}}` shows a live value
   * (live.ts), also inside formulas; `{{name:e}}` in exponent form.
   */
  text: string;
  /** The tab to show (vae, latent, gan). */
  tab?: string;
  /** Lab the step's conditions and unqualified names refer to; defaults from the tab. */
  lab?: LessonLab;
  /** Start a new run from this preset (stable id from config/presets.ts)... */
  preset?: string;
  /** ...with these config fields changed (dot paths, e.g. "objective.beta": 8). */
  patch?: Record<string, number | string | boolean>;
  /** Change live parameters of the running experiment (no new run), e.g. { beta: 8 } or { loss: 'nonSaturating' }. */
  set?: Record<string, number | string>;
  /** data-testids of controls or panels to light up. */
  highlight?: string[];
  /** data-testids of controls or panels to hide while the lesson is open (distractions). */
  hide?: string[];
  /** Offer Next only once this holds, e.g. "step >= 2000" or "kl < 5". */
  waitFor?: string;
  /** What to do to get there, shown while waiting ("Press Start and let it train…"). */
  waitHint?: string;
  narrations?: Narration[];
}

export interface Lesson {
  /** Stable id: links use it (?lesson=ID). */
  id: string;
  title: string;
  /** Where the science comes from: lecture numbers and equations, e.g. "lecture 000 eq. 5-14; lecture 002". */
  lectures: string;
  summary: string;
  steps: LessonStep[];
}
