// Where does a lab's JS heap grow? Trains the labs in Chromium on the built app (dist/), driven the way
// the memory soak drives them (scripts/soakLabs.ts; `--idle` to leave the controls alone), and compares
// two heap snapshots (after forced GCs) taken `--from` and `--to` minutes after Start. Prints JSON lines:
// - byType / byName: self size by node type and by constructor, the largest differences first;
// - grown: objects alive in both snapshots whose number of outgoing references grew (an array, Map or
//   Set that only ever gets longer), with the reference that holds each;
// - newByOwner: objects made after the first snapshot and still alive at the second, grouped by the
//   older object that holds them (churn shows here too: compare with byName's net change).
// A diagnostic for the memory soak (issue 13): `tsx scripts/heapDiff.ts --lab vae,gan2d --from 2 --to 12`.
import { readFileSync, writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { openHarness } from '../tests/e2e/browser';
import { drive, labPath, startLab, wait, type Lab } from './soakLabs';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const labs = arg('lab', 'gan2d').split(',') as Lab[];
const from = Number(arg('from', '1'));
const to = Number(arg('to', '5'));
const idle = process.argv.includes('--idle');
const dist = arg('dist', 'dist'); // a copy of a build, so that rebuilding dist/ meanwhile changes nothing
// `--save DIR`: keep both snapshots (LAB-from.heapsnapshot, LAB-to.heapsnapshot); `--load A B`: analyse
// two saved snapshots instead of running anything.
const save = process.argv.includes('--save') ? arg('save', '.') : null;
const loadAt = process.argv.indexOf('--load');
const print = (o: object) => console.log(JSON.stringify(o));

interface Snap {
  fields: number;
  nodes: Uint32Array | number[];
  edges: number[];
  strings: string[];
  types: string[];
  edgeTypes: string[];
  edgeFields: number;
  iType: number;
  iName: number;
  iId: number;
  iSize: number;
  iEdges: number;
  firstEdge: Uint32Array;
  total: number;
}

async function takeSnapshot(cdp: CDPSession, file: string | null): Promise<Snap> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const text = chunks.join('');
  if (file) writeFileSync(file, text); // DevTools' Memory panel loads it too
  return parseSnapshot(text);
}

function parseSnapshot(text: string): Snap {
  const s = JSON.parse(text) as {
    snapshot: {
      meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
    };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const f = s.snapshot.meta.node_fields;
  const fields = f.length;
  const iEdges = f.indexOf('edge_count');
  const n = s.nodes.length / fields;
  const firstEdge = new Uint32Array(n + 1);
  const edgeFields = s.snapshot.meta.edge_fields.length;
  let total = 0;
  const iSize = f.indexOf('self_size');
  for (let k = 0; k < n; k++) {
    firstEdge[k + 1] = firstEdge[k]! + s.nodes[k * fields + iEdges]! * edgeFields;
    total += s.nodes[k * fields + iSize]!;
  }
  return {
    fields,
    nodes: s.nodes,
    edges: s.edges,
    strings: s.strings,
    types: s.snapshot.meta.node_types[0],
    edgeTypes: s.snapshot.meta.edge_types[0],
    edgeFields,
    iType: f.indexOf('type'),
    iName: f.indexOf('name'),
    iId: f.indexOf('id'),
    iSize,
    iEdges,
    firstEdge,
    total,
  };
}

const count = (s: Snap) => s.nodes.length / s.fields;
const typeOf = (s: Snap, k: number) => s.types[s.nodes[k * s.fields + s.iType]!]!;
const idOf = (s: Snap, k: number) => s.nodes[k * s.fields + s.iId]!;
const sizeOf = (s: Snap, k: number) => s.nodes[k * s.fields + s.iSize]!;
const edgesOf = (s: Snap, k: number) => s.nodes[k * s.fields + s.iEdges]!;
function nameOf(s: Snap, k: number): string {
  const t = typeOf(s, k);
  const name = s.strings[s.nodes[k * s.fields + s.iName]!]!;
  if (t === 'object' || t === 'native') return name.slice(0, 60);
  if (t === 'closure') return `(closure ${name.slice(0, 40)})`;
  return `(${t})`;
}
function edgeName(s: Snap, e: number): string {
  const t = s.edgeTypes[s.edges[e]!]!;
  const v = s.edges[e + 1]!;
  return t === 'element' || t === 'hidden' ? `[${t === 'hidden' ? 'h' : ''}${v}]` : String(s.strings[v]);
}
const toNode = (s: Snap, e: number) => s.edges[e + 2]! / s.fields;
const strong = (s: Snap, e: number) => s.edgeTypes[s.edges[e]!] !== 'weak';

/** For each node, one strong retainer (node index and edge offset), the first found. */
function retainers(s: Snap): { from: Int32Array; edge: Int32Array } {
  const from = new Int32Array(count(s)).fill(-1);
  const edge = new Int32Array(count(s)).fill(-1);
  for (let k = 0; k < count(s); k++)
    for (let e = s.firstEdge[k]!; e < s.firstEdge[k + 1]!; e += s.edgeFields) {
      const t = toNode(s, e);
      if (strong(s, e) && from[t] === -1 && t !== k) {
        from[t] = k;
        edge[t] = e;
      }
    }
  return { from, edge };
}

/** A short path of retainers up from node k: "Owner.field <- Owner2.field2 ...". */
function path(s: Snap, r: { from: Int32Array; edge: Int32Array }, k: number, depth = 4): string {
  const out: string[] = [];
  for (let d = 0, cur = k; d < depth && r.from[cur]! >= 0; d++) {
    const p = r.from[cur]!;
    out.push(`${nameOf(s, p)}.${edgeName(s, r.edge[cur]!)}`);
    cur = p;
  }
  return out.join(' <- ');
}

type Sizes = Map<string, { size: number; count: number }>;
function add(m: Sizes, k: string, size: number) {
  const v = m.get(k) ?? { size: 0, count: 0 };
  v.size += size;
  v.count++;
  m.set(k, v);
}
function tally(s: Snap, key: (k: number) => string): Sizes {
  const m: Sizes = new Map();
  for (let k = 0; k < count(s); k++) add(m, key(k), sizeOf(s, k));
  return m;
}
function diff(a: Sizes, b: Sizes, top: number) {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .map((k) => ({
      key: k,
      bytes: (b.get(k)?.size ?? 0) - (a.get(k)?.size ?? 0),
      count: (b.get(k)?.count ?? 0) - (a.get(k)?.count ?? 0),
    }))
    .sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes))
    .slice(0, top);
}

function analyse(lab: Lab, a: Snap, b: Snap): void {
  print({ event: 'total', lab, from: a.total, to: b.total, growth: b.total - a.total });
  print({
    event: 'byType',
    lab,
    diff: diff(
      tally(a, (k) => typeOf(a, k)),
      tally(b, (k) => typeOf(b, k)),
      12,
    ),
  });
  print({
    event: 'byName',
    lab,
    diff: diff(
      tally(a, (k) => nameOf(a, k)),
      tally(b, (k) => nameOf(b, k)),
      30,
    ),
  });
  const rb = retainers(b);
  const ra = retainers(a);
  // Net change by what holds each object (its constructor and the retaining reference, indices folded).
  const held = (s: Snap, r: { from: Int32Array; edge: Int32Array }) => (k: number) =>
    r.from[k]! < 0
      ? `${nameOf(s, k)} <- (root)`
      : `${nameOf(s, k)} <- ${nameOf(s, r.from[k]!)}.${edgeName(s, r.edge[k]!).replace(/^\[h?\d+\]$/, '[i]')}`;
  print({ event: 'byHolder', lab, diff: diff(tally(a, held(a, ra)), tally(b, held(b, rb)), 40) });
  // Objects in both snapshots with more outgoing references at the second.
  const edgesA = new Map<number, number>();
  let maxIdA = 0;
  for (let k = 0; k < count(a); k++) {
    edgesA.set(idOf(a, k), edgesOf(a, k));
    maxIdA = Math.max(maxIdA, idOf(a, k));
  }
  const grown: Array<{ name: string; edges_from: number; edges_to: number; held_by: string }> = [];
  for (let k = 0; k < count(b); k++) {
    const before = edgesA.get(idOf(b, k));
    if (before !== undefined && edgesOf(b, k) - before >= 20)
      grown.push({
        name: nameOf(b, k),
        edges_from: before,
        edges_to: edgesOf(b, k),
        held_by: path(b, rb, k),
      });
  }
  grown.sort((x, y) => y.edges_to - y.edges_from - (x.edges_to - x.edges_from));
  print({ event: 'grown', lab, objects: grown.slice(0, 25) });
  // New objects (made after snapshot a), charged to the nearest older object that holds them.
  const owner: Sizes = new Map();
  const seen = new Uint8Array(count(b));
  for (let k = 0; k < count(b); k++) {
    if (idOf(b, k) > maxIdA) continue;
    for (let e = b.firstEdge[k]!; e < b.firstEdge[k + 1]!; e += b.edgeFields) {
      const t0 = toNode(b, e);
      if (!strong(b, e) || seen[t0] || idOf(b, t0) <= maxIdA) continue;
      const key = `${nameOf(b, k)}.${edgeName(b, e).replace(/^\[h?\d+\]$/, '[i]')} (held by ${path(b, rb, k, 3)})`;
      const stack = [t0];
      seen[t0] = 1;
      while (stack.length) {
        const n = stack.pop()!;
        add(owner, key, sizeOf(b, n));
        for (let f = b.firstEdge[n]!; f < b.firstEdge[n + 1]!; f += b.edgeFields) {
          const t = toNode(b, f);
          if (strong(b, f) && !seen[t] && idOf(b, t) > maxIdA) {
            seen[t] = 1;
            stack.push(t);
          }
        }
      }
    }
  }
  const owners = [...owner.entries()]
    .map(([key, v]) => ({ key, bytes: v.size, count: v.count }))
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, 30);
  print({ event: 'newByOwner', lab, owners });
}

async function main(): Promise<void> {
  if (loadAt >= 0) {
    const [fa, fb] = [process.argv[loadAt + 1]!, process.argv[loadAt + 2]!];
    return analyse(
      labs[0]!,
      parseSnapshot(readFileSync(fa, 'utf8')),
      parseSnapshot(readFileSync(fb, 'utf8')),
    );
  }
  const h = await openHarness(dist);
  try {
    const pages: Array<{ lab: Lab; page: Page; cdp: CDPSession; snap?: Snap }> = [];
    for (const lab of labs) {
      const page = await h.newPage(labPath(lab));
      pages.push({ lab, page, cdp: await h.context.newCDPSession(page) });
    }
    for (const p of pages) await startLab(p.lab, p.page);
    const t0 = Date.now();
    const usage = async (cdp: CDPSession) => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    let round = 0;
    const untilMin = async (m: number) => {
      while (Date.now() - t0 < m * 60_000) {
        const tRound = Date.now();
        if (!idle) for (const p of pages) await drive(p.lab, p.page, round);
        round++;
        for (const p of pages)
          print({ event: 'heap', lab: p.lab, minutes: (Date.now() - t0) / 60_000, used: await usage(p.cdp) });
        await wait(Math.max(0, 30_000 - (Date.now() - tRound)));
      }
    };
    await untilMin(from);
    for (const p of pages) p.snap = await takeSnapshot(p.cdp, save && `${save}/${p.lab}-from.heapsnapshot`);
    await untilMin(to);
    for (const p of pages)
      analyse(p.lab, p.snap!, await takeSnapshot(p.cdp, save && `${save}/${p.lab}-to.heapsnapshot`));
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
