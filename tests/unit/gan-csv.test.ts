import { describe, expect, it } from 'vitest';
import { parsePointsCsv, pointsToCsv } from '../../src/core/gan/csv';

describe('CSV of 2-D points', () => {
  it('reads a header and rows with any of , ; tab or spaces, skipping blanks and comments', () => {
    const r = parsePointsCsv('x,y\n1,2\n# note\n\n-3.5; 4e-1\n.5\t-0\n7 8\r\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.count).toBe(4);
    expect(Array.from(r.points)).toEqual([1, 2, -3.5, Math.fround(0.4), 0.5, -0, 7, 8]);
  });

  it('round-trips what pointsToCsv writes', () => {
    const r = parsePointsCsv(pointsToCsv([0.25, -1, 3, 4]));
    expect(r.ok && Array.from(r.points)).toEqual([0.25, -1, 3, 4]);
  });

  it('rejects a non-numeric value, naming the line', () => {
    const r = parsePointsCsv('x,y\n1,2\n3,abc\n');
    expect(r).toMatchObject({ ok: false, line: 3 });
    expect(!r.ok && r.error).toMatch(/line 3: "abc" is not a number/);
  });

  it('rejects non-finite values (NaN, Infinity, overflow), naming the line', () => {
    for (const [text, line] of [
      ['1,2\nNaN,1', 2],
      ['1,Infinity', 1],
      ['0,0\n0,0\n1e999,0', 3],
    ] as const) {
      const r = parsePointsCsv(text);
      expect(r).toMatchObject({ ok: false, line });
      expect(!r.ok && r.error).toMatch(new RegExp(`line ${line}: .* is not a finite number`));
    }
  });

  it('rejects the wrong number of columns', () => {
    const r = parsePointsCsv('1,2,3');
    expect(!r.ok && r.error).toBe('line 1: expected 2 values (x,y), found 3');
  });

  it('rejects too many rows at the first row past the limit', () => {
    const rows = Array.from({ length: 6 }, (_, i) => `${i},${i}`).join('\n');
    const r = parsePointsCsv(`x,y\n${rows}`, 5);
    expect(r).toMatchObject({ ok: false, line: 7 });
    expect(!r.ok && r.error).toMatch(/more than 5 points/);
    expect(parsePointsCsv(rows.split('\n').slice(0, 5).join('\n'), 5).ok).toBe(true);
  });

  it('accepts 10,000 points by default and refuses 10,001', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i % 7},${i % 5}`).join('\n');
    expect(parsePointsCsv(rows(10_000)).ok).toBe(true);
    expect(parsePointsCsv(rows(10_001)).ok).toBe(false);
  });

  it('rejects an empty file', () => {
    expect(parsePointsCsv('x,y\n\n').ok).toBe(false);
  });
});
