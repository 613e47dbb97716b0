import { formatShare } from '../views/format';

/**
 * A minimal, safe Markdown for lesson text, parsed to plain data (the view turns it into React
 * elements; no text ever becomes HTML). Blocks: paragraphs, "#"-headings, "- " and "1. " lists,
 * "> " notes and $$display math$$. Inline: **bold**, *emphasis*, `code`, $math$ and {{live values}}.
 * A backslash escapes the next character ("\$5" is a dollar sign).
 */

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'strong'; children: Inline[] }
  | { t: 'em'; children: Inline[] }
  | { t: 'code'; text: string }
  | { t: 'math'; tex: string }
  | { t: 'live'; name: string; format: string };

export type Block =
  | { t: 'p'; children: Inline[] }
  | { t: 'h'; level: number; children: Inline[] }
  | { t: 'ul' | 'ol'; items: Inline[][] }
  | { t: 'note'; children: Inline[] }
  | { t: 'math'; tex: string };

/** `{{name}}` or `{{name:fmt}}`: a live value. A fresh RegExp per use: a shared /g one keeps state. */
const LIVE_SOURCE = String.raw`\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(?::\s*([A-Za-z0-9]+)\s*)?\}\}`;
const live = (flags: string) => new RegExp(LIVE_SOURCE, flags);

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', text });
    text = '';
  };
  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '{' && src[i + 1] === '{') {
      const re = live('y');
      re.lastIndex = i;
      const m = re.exec(src);
      if (m) {
        flush();
        out.push({ t: 'live', name: m[1]!, format: m[2] ?? '' });
        i += m[0].length;
        continue;
      }
    }
    const close = (delim: string, from: number) => {
      for (let j = from; j <= src.length - delim.length; j++) {
        if (src[j] === '\\') {
          j++;
          continue;
        }
        if (src.startsWith(delim, j)) return j;
      }
      return -1;
    };
    if (c === '$') {
      const end = close('$', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ t: 'math', tex: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ t: 'code', text: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (c === '*') {
      const strong = src[i + 1] === '*';
      const d = strong ? '**' : '*';
      const end = close(d, i + d.length);
      if (end > i + d.length) {
        flush();
        const children = parseInline(src.slice(i + d.length, end));
        out.push(strong ? { t: 'strong', children } : { t: 'em', children });
        i = end + d.length;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

export function parseMarkdown(src: string): Block[] {
  const blocks: Block[] = [];
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  let list: { t: 'ul' | 'ol'; items: string[] } | null = null;
  const endPara = () => {
    if (para.length) blocks.push({ t: 'p', children: parseInline(para.join(' ')) });
    para = [];
  };
  const endList = () => {
    if (list) blocks.push({ t: list.t, items: list.items.map(parseInline) });
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('$$')) {
      endPara();
      endList();
      // Display math runs to the next "$$" (same line or later).
      let body = line.slice(2);
      let end = body.indexOf('$$');
      while (end < 0 && i + 1 < lines.length) {
        body += '\n' + lines[++i]!;
        end = body.indexOf('$$');
      }
      blocks.push({ t: 'math', tex: (end < 0 ? body : body.slice(0, end)).trim() });
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    if (line === '') {
      endPara();
      endList();
    } else if (heading) {
      endPara();
      endList();
      blocks.push({ t: 'h', level: heading[1]!.length, children: parseInline(heading[2]!) });
    } else if (bullet || numbered) {
      endPara();
      const t = bullet ? 'ul' : 'ol';
      if (list && list.t !== t) endList();
      list ??= { t, items: [] };
      list.items.push((bullet ?? numbered)![1]!);
    } else if (line.startsWith('> ')) {
      endPara();
      endList();
      blocks.push({ t: 'note', children: parseInline(line.slice(2)) });
    } else if (list) {
      // A continuation line of the last list item.
      list.items[list.items.length - 1] += ` ${line}`;
    } else para.push(line);
  }
  endPara();
  endList();
  return blocks;
}

/** Every live-value name a text uses, inside formulas too (lessons are checked against live.ts's). */
export function liveNames(src: string): string[] {
  return [...src.matchAll(live('g'))].map((m) => m[1]!);
}

/**
 * A live value as text: `fmt` is a number of decimals ("2"), "e" for exponent form, "p" for a
 * percentage in the lab's one wording ("< 1 %", "93 %"), "i" for a whole number with separators; "–" when unknown.
 */
export function formatLive(v: number | null | undefined, fmt: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (fmt === 'e') return v === 0 ? '0' : v.toExponential(1);
  if (fmt === 'p') return formatShare(v);
  if (fmt === 'i') return Math.round(v).toLocaleString('en-US');
  const d = /^\d$/.test(fmt) ? Number(fmt) : Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
  return v.toFixed(d);
}

/** TeX with its {{live}} values filled in ("–" shows as text in math). */
export function fillTex(tex: string, value: (name: string) => number | null | undefined): string {
  return tex.replace(live('g'), (_, name: string, fmt?: string) => {
    const s = formatLive(value(name), fmt ?? '');
    if (s === '–') return '\\text{–}';
    // 1.2e-5 in TeX: 1.2 \times 10^{-5}
    const m = /^(-?[\d.]+)e([-+]\d+)$/.exec(s);
    return m ? `${m[1]}\\times 10^{${Number(m[2])}}` : s.replace(/,/g, '{,}').replace(' %', '\\,\\%');
  });
}
