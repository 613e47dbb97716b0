import { formatShare } from '../format';

/** Share of the high-quality samples the "modes they sit near" sentence accounts for. */
const COVER = 0.9;

export interface ModeStory {
  state: 'untrained' | 'none' | 'trained';
  /** The fewest modes holding at least 90 % of the high-quality samples (0 when there are none). */
  modes: number;
  /** Index of the mode with the most high-quality samples (-1 when there are none). */
  dominant: number;
  sentence: string;
}

/**
 * Where the fakes sit, in one plain sentence: "93 % of fakes sit near 1 of the 8 modes; 7 % are near
 * none." `counts` are high-quality samples per mode (within 3 sigma of it), out of `samples` fakes. The
 * sentence names the fewest modes that hold 90 % of the high-quality fakes, and how many other modes
 * hold the rest ("a few near 2 others"), so it agrees with the modes-captured counter.
 */
export function modeStory(counts: readonly number[], samples: number, step: number): ModeStory {
  if (step === 0)
    return {
      state: 'untrained',
      modes: 0,
      dominant: -1,
      sentence: 'Not trained yet: press Start or a Step.',
    };
  const hq = counts.reduce((a, b) => a + b, 0);
  const k = counts.length;
  if (hq === 0 || samples <= 0)
    return {
      state: 'none',
      modes: 0,
      dominant: -1,
      sentence: `None of the ${samples.toLocaleString('en-US')} fakes sits near any of the ${k} modes yet.`,
    };
  const order = counts.map((_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
  let held = 0;
  let m = 0;
  while (m < k && held < COVER * hq) held += counts[order[m++]!]!;
  const where = m === k ? `all ${k} modes` : `${m} of the ${k} modes`;
  const rest = counts.filter((c) => c > 0).length - m;
  const few = rest > 0 ? `, a few near ${rest} other${rest > 1 ? 's' : ''}` : '';
  const none = hq < samples ? `; ${formatShare(1 - hq / samples)} are near none` : '';
  return {
    state: 'trained',
    modes: m,
    dominant: order[0]!,
    sentence: `${formatShare(held / samples)} of fakes sit near ${where}${few}${none}.`,
  };
}
