/** Parsing user-supplied 2-D points (an uploaded CSV): validated, size-limited, errors name the line. */

export const MAX_POINTS = 10_000;

export type CsvResult =
  { ok: true; points: Float32Array; count: number } | { ok: false; error: string; line: number };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads "x,y" rows (comma, semicolon, tab or spaces between the two values). Blank lines and lines
 * starting with # are skipped; a first line that is not numeric (such as "x,y") is taken as a header.
 * Every value must be a finite decimal number; at most `maxRows` points.
 */
export function parsePointsCsv(text: string, maxRows = MAX_POINTS): CsvResult {
  const lines = text.split(/\r\n|\n|\r/);
  const out: number[] = [];
  let seenData = false;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/\s*[,;\t]\s*|\s+/);
    if (!seenData && fields.length === 2 && !fields.some((f) => NUMBER.test(f))) {
      seenData = true; // header row
      continue;
    }
    seenData = true;
    if (fields.length !== 2) {
      return fail(lineNo, `expected 2 values (x,y), found ${fields.length}`);
    }
    for (const f of fields) {
      if (!NUMBER.test(f)) {
        const what = /^[+-]?(inf(inity)?|nan)$/i.test(f) ? 'is not a finite number' : 'is not a number';
        return fail(lineNo, `"${f.slice(0, 20)}" ${what}`);
      }
      const v = Number(f);
      if (!Number.isFinite(v)) return fail(lineNo, `"${f.slice(0, 20)}" is not a finite number`);
    }
    if (out.length / 2 >= maxRows) return fail(lineNo, `more than ${maxRows} points (the limit)`);
    out.push(Number(fields[0]), Number(fields[1]));
  }
  if (out.length === 0) return { ok: false, line: 0, error: 'no points found (expected rows of "x,y")' };
  return { ok: true, points: Float32Array.from(out), count: out.length / 2 };
}

function fail(line: number, why: string): CsvResult {
  return { ok: false, line, error: `line ${line}: ${why}` };
}

/** Points as CSV text with an "x,y" header, one row per point. */
export function pointsToCsv(points: ArrayLike<number>): string {
  const rows = ['x,y'];
  for (let i = 0; i + 1 < points.length; i += 2) rows.push(`${points[i]},${points[i + 1]}`);
  return rows.join('\n') + '\n';
}
