// Where does a lab's JS heap grow? Trains one lab in Chromium on the built app (dist/) and compares two
// heap snapshots (after a forced GC) taken `--from` and `--to` minutes after Start: self size by node
// type and by constructor, the largest differences first, as JSON lines. A diagnostic for the memory
// soak (issue 13): `tsx scripts/heapDiff.ts --lab gan2d --from 1 --to 5`.
import type { CDPSession } from 'playwright-core';
import { defaultGan2dConfig } from '../src/config/gan2d';
import { encodeConfigHash } from '../src/config/url';
import { classicVaeConfig } from '../src/config/vae';
import { openHarness } from '../tests/e2e/browser';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const lab = arg('lab', 'gan2d');
const from = Number(arg('from', '1'));
const to = Number(arg('to', '5'));
const print = (o: object) => console.log(JSON.stringify(o));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Sizes = Map<string, { size: number; count: number }>;

async function snapshot(cdp: CDPSession): Promise<{ byType: Sizes; byName: Sizes; total: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const f = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
  const byType: Sizes = new Map();
  const byName: Sizes = new Map();
  let total = 0;
  const add = (m: Sizes, k: string, s: number) => {
    const v = m.get(k) ?? { size: 0, count: 0 };
    v.size += s;
    v.count++;
    m.set(k, v);
  };
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + iType!]!]!;
    const size = snap.nodes[i + iSize!]!;
    total += size;
    add(byType, type, size);
    const name =
      type === 'object' || type === 'native' ? snap.strings[snap.nodes[i + iName!]!]! : `(${type})`;
    add(byName, name.slice(0, 60), size);
  }
  return { byType, byName, total };
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

async function main(): Promise<void> {
  const h = await openHarness();
  try {
    let page;
    if (lab === 'vae') {
      const vae = structuredClone(classicVaeConfig);
      vae.data.trainSubset = 20000;
      vae.data.testSubset = 200;
      vae.training.epochs = 1000;
      page = await h.newPage(`?tab=vae#${encodeConfigHash(vae)}`);
    } else {
      const gan = structuredClone(defaultGan2dConfig);
      gan.training.maxSteps = 1_000_000;
      page = await h.newPage(`?tab=gan#${encodeConfigHash(gan)}`);
    }
    page.setDefaultTimeout(300_000);
    const store = lab === 'vae' ? '__latentLab' : '__ganLab';
    const status = () => page.evaluate((s) => String((window as any)[s].getState().status), store);
    while ((await status()) !== 'ready') await wait(500);
    await page.getByTestId(lab === 'vae' ? 'btn-run' : 'gan-run').click();
    const cdp = await h.context.newCDPSession(page);
    const t0 = Date.now();
    const usage = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    const untilMin = async (m: number) => {
      while (Date.now() - t0 < m * 60_000) {
        await wait(30_000);
        print({ event: 'heap', lab, minutes: (Date.now() - t0) / 60_000, used: await usage() });
      }
    };
    await untilMin(from);
    const a = await snapshot(cdp);
    await untilMin(to);
    const b = await snapshot(cdp);
    print({ event: 'total', lab, from: a.total, to: b.total, growth: b.total - a.total });
    print({ event: 'byType', lab, diff: diff(a.byType, b.byType, 12) });
    print({ event: 'byName', lab, diff: diff(a.byName, b.byName, 25) });
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
