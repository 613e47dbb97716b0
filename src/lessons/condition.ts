/**
 * Lesson conditions: comparisons of live values with numbers, joined by "and" / "or" ("and" binds
 * tighter), e.g. "step >= 2000", "kl < 5", "gan.gradNorm < 1e-4 and gan.dFake < 0.05".
 * Names are live values (live.ts); an unqualified name ("kl") means the step's lab's ("vae.kl").
 * A value that is not known yet (null: nothing trained) makes its comparison false.
 */

export type Op = '<' | '<=' | '>' | '>=' | '==' | '!=';
export interface Comparison {
  name: string;
  op: Op;
  value: number;
}
/** Disjunction of conjunctions. */
export type Condition = Comparison[][];

export type Values = Readonly<Record<string, number | null | undefined>>;

const TOKEN = /\s*(?:(<=|>=|==|!=|<|>)|([A-Za-z_][A-Za-z0-9_.]*)|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))/y;

/** Parse a condition; throws an Error naming the problem (lessons are checked by a unit test). */
export function parseCondition(text: string): Condition {
  const tokens: { kind: 'op' | 'name' | 'num'; text: string }[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`condition "${text}": cannot read "${text.slice(at).trim()}"`);
    tokens.push(
      m[1] ? { kind: 'op', text: m[1] } : m[2] ? { kind: 'name', text: m[2] } : { kind: 'num', text: m[3]! },
    );
    at = TOKEN.lastIndex;
  }
  const out: Condition = [[]];
  for (let i = 0; i < tokens.length;) {
    const [a, b, c] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (a?.kind !== 'name' || b?.kind !== 'op' || c?.kind !== 'num')
      throw new Error(`condition "${text}": expected "name op number" at token ${i + 1}`);
    out[out.length - 1]!.push({ name: a.text, op: b.text as Op, value: Number(c.text) });
    i += 3;
    const join = tokens[i];
    if (!join) break;
    if (join.kind !== 'name' || (join.text !== 'and' && join.text !== 'or') || !tokens[i + 1])
      throw new Error(`condition "${text}": expected "and" or "or" after a comparison`);
    if (join.text === 'or') out.push([]);
    i++;
  }
  if (out[0]!.length === 0) throw new Error('empty condition');
  return out;
}

/** Look a name up: exact, then under the lab's prefix; case-insensitive. */
export function lookup(values: Values, name: string, lab?: string): number | null {
  const want = [name, lab ? `${lab}.${name}` : null]
    .filter((n): n is string => !!n)
    .map((n) => n.toLowerCase());
  for (const w of want) {
    for (const [k, v] of Object.entries(values)) {
      if (k.toLowerCase() === w) return typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
  }
  return null;
}

/** The names a condition reads (for checking lessons against the live values that exist). */
export function conditionNames(c: Condition): string[] {
  return c.flat().map((x) => x.name);
}

function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

export function evaluate(c: Condition, values: Values, lab?: string): boolean {
  return c.some((all) =>
    all.every((x) => {
      const v = lookup(values, x.name, lab);
      return v !== null && compare(v, x.op, x.value);
    }),
  );
}

const cache = new Map<string, Condition>();
/** Parse once, evaluate many times (a condition is checked at every live update). */
export function holds(text: string, values: Values, lab?: string): boolean {
  let c = cache.get(text);
  if (!c) cache.set(text, (c = parseCondition(text)));
  return evaluate(c, values, lab);
}
