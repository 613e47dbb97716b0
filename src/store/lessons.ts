import { create } from 'zustand';
import type { Gan2dLiveParams } from '../engine/gan2dParams';
import { openingLink } from '../links/current';
import { conditionMet, enterStep, openAt, type LessonApi } from '../lessons/engine';
import { getLesson } from '../lessons';
import { ganValues, vaeValues, type LiveValues } from '../lessons/live';
import { aepcaActions } from './aepca';
import { constraintsMnistActions } from './constraintsMnist';
import { constraintsActions } from './constraints';
import { ganActions, useGan } from './gan2d';
import { actions as labActions, pushNotice, useLab } from './lab';
import { uiActions } from './ui';

/**
 * The open lesson (if any), its step, the live values its text shows, and which steps' wait
 * conditions have held (Next stays offered once a condition has held, even if the value moves back).
 */
export interface LessonsState {
  id: string | null;
  index: number;
  met: Record<number, true>;
  values: LiveValues;
}

/** The real lab behind the lesson engine's hooks. */
const api: LessonApi = {
  showTab: uiActions.showTab,
  loadConfig(config, presetId) {
    if (config.kind === 'vae') {
      useLab.setState({ draft: structuredClone(config) });
      labActions.reset();
    } else if (config.kind === 'gan2d') ganActions.reset(config, presetId);
    else if (config.kind === 'aepca') aepcaActions.reset(config);
    else if (config.kind === 'constraints') constraintsActions.reset(config, presetId);
    else if (config.kind === 'constraintsMnist') constraintsMnistActions.load(config);
  },
  setLive(lab, params) {
    if (lab === 'vae') labActions.setLive(params as { lr?: number; beta?: number; batchSize?: number });
    else ganActions.setLive(params as Gan2dLiveParams);
  },
};

function readValues(): LiveValues {
  return { ...vaeValues(useLab.getState()), ...ganValues(useGan.getState()) };
}

export const useLessons = create<LessonsState>(() => ({ id: null, index: 0, met: {}, values: readValues() }));

/** Re-read the live values (at most every VALUES_MS) and latch the current step's condition. */
const VALUES_MS = 100;
let timer: ReturnType<typeof setTimeout> | null = null;
function refresh(): void {
  timer = null;
  const values = readValues();
  useLessons.setState((s) => {
    const step = s.id ? getLesson(s.id)?.steps[s.index] : undefined;
    const met =
      step && !s.met[s.index] && conditionMet(step, values) ? { ...s.met, [s.index]: true as const } : s.met;
    return { values, met };
  });
}
const schedule = () => void (timer ??= setTimeout(refresh, VALUES_MS));
useLab.subscribe(schedule);
useGan.subscribe(schedule);

export const lessonActions = {
  /** Open a lesson at a step (0-based); `setup` starts the run the lesson has at that step. */
  open(id: string, index = 0, setup = true): boolean {
    const lesson = getLesson(id);
    if (!lesson) {
      pushNotice('warning', `There is no lesson "${id}"; the Lessons tab lists them.`);
      return false;
    }
    const at = Math.max(0, Math.min(index, lesson.steps.length - 1));
    useLessons.setState({ id, index: at, met: {} });
    openAt(lesson, at, api, setup);
    refresh();
    return true;
  },
  next(): void {
    const { id, index } = useLessons.getState();
    const lesson = id ? getLesson(id) : undefined;
    if (!lesson || index + 1 >= lesson.steps.length) return;
    useLessons.setState({ index: index + 1 });
    enterStep(lesson, index + 1, api, true);
    refresh();
  },
  back(): void {
    const { id, index } = useLessons.getState();
    const lesson = id ? getLesson(id) : undefined;
    if (!lesson || index === 0) return;
    useLessons.setState({ index: index - 1 });
    enterStep(lesson, index - 1, api, false);
  },
  close(): void {
    useLessons.setState({ id: null, index: 0, met: {} });
  },
  /** Next is offered: the step has no condition, or it has held. */
  canAdvance(): boolean {
    const { id, index, met } = useLessons.getState();
    const step = id ? getLesson(id)?.steps[index] : undefined;
    return !!step && (!step.waitFor || !!met[index]);
  },
};

// A lesson link (?lesson=ID&step=N) opens its lesson. With a config in the link the config is the run
// (the link holds the experiment as it was); without one the lesson starts its own preset.
const link = openingLink();
if (link.lesson && lessonActions.open(link.lesson, (link.step ?? 1) - 1, link.config === null) && link.tab)
  uiActions.showTab(link.tab);
