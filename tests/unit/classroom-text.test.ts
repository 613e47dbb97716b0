import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatShare, percentileText } from '../../src/views/format';
import { modeStory } from '../../src/views/gan/modeStory';

describe('formatShare: whole percentages that never round a non-zero share to 0 % or to 100 %', () => {
  it('1 in 2,500 is "< 1 %", 2,499 in 2,500 is "> 99 %"', () => {
    expect(formatShare(1 / 2500)).toBe('< 1 %');
    expect(formatShare(2499 / 2500)).toBe('> 99 %');
  });
  it('exact ends and ordinary shares', () => {
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0.93)).toBe('93 %');
    expect(formatShare(0.005)).toBe('1 %'); // rounds up to 1: already not "0"
    expect(formatShare(0.0049)).toBe('< 1 %');
    expect(formatShare(0.9951)).toBe('> 99 %');
    expect(formatShare(Number.NaN)).toBe('–');
  });
});

describe('formatDuration', () => {
  it('seconds below a minute and a half, then rounded minutes, then hours', () => {
    expect(formatDuration(35)).toBe('35 s');
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(89)).toBe('89 s');
    expect(formatDuration(4 * 60 + 10)).toBe('about 4 min');
    expect(formatDuration(370)).toBe('about 6 min');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('about 2 h 5 min');
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(Infinity)).toBe('–');
  });
  it('counts with separators in every locale', () => {
    expect(formatCount(2000)).toBe('2,000');
    expect(formatCount(398)).toBe('398');
  });
  it('one wording for percentiles', () => {
    expect(percentileText(45.2)).toBe('45 % of test digits score lower');
    expect(percentileText(0.01)).toBe('< 1 % of test digits score lower');
    expect(percentileText(undefined)).toBe('–');
  });
});

describe('modeStory: where the fakes sit, in words', () => {
  const eight = (...c: number[]) => [...c, ...Array(8 - c.length).fill(0)];
  it('collapse: one mode holds them all', () => {
    const s = modeStory(eight(2325), 2500, 1200);
    expect(s.sentence).toBe('93 % of fakes sit near 1 of the 8 modes; 7 % are near none.');
    expect(s.modes).toBe(1);
    expect(s.dominant).toBe(0);
  });
  it('the dominant mode is the one with the most samples, wherever it is', () => {
    const s = modeStory([0, 3, 0, 0, 0, 2000, 0, 0], 2500, 10);
    expect(s.dominant).toBe(5);
    // 2,000 of 2,003 HQ samples (> 90 %) sit at mode 6: one mode, and a few at one other.
    expect(s.sentence).toBe(
      '80 % of fakes sit near 1 of the 8 modes, a few near 1 other; 20 % are near none.',
    );
  });
  it('one sample in 2,500 reads "< 1 %", not 0 %', () => {
    expect(modeStory(eight(0, 0, 1), 2500, 50).sentence).toBe(
      '< 1 % of fakes sit near 1 of the 8 modes; > 99 % are near none.',
    );
  });
  it('spread over every mode', () => {
    const s = modeStory([300, 300, 300, 300, 300, 300, 300, 300], 2500, 4000);
    // 7 modes hold 87.5 % of the HQ samples (< 90 %): all 8 are needed.
    expect(s.sentence).toBe('96 % of fakes sit near all 8 modes; 4 % are near none.');
    expect(s.modes).toBe(8);
  });
  it('90 % of the high-quality samples decides how many modes are named', () => {
    // 600 + 300 of 1,000 = 90 %: two modes; the third holds the other 100.
    const s = modeStory(eight(600, 300, 100), 1000, 5);
    expect(s.sentence).toBe('90 % of fakes sit near 2 of the 8 modes, a few near 1 other.');
  });
  it('before training, and with no fake near any mode', () => {
    expect(modeStory(eight(), 2500, 0).state).toBe('untrained');
    expect(modeStory(eight(5), 2500, 0).sentence).toBe('Not trained yet: press Start or a Step.');
    const none = modeStory(eight(), 2500, 300);
    expect(none.state).toBe('none');
    expect(none.sentence).toBe('None of the 2,500 fakes sits near any of the 8 modes yet.');
  });
});
