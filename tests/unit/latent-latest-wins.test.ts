import { describe, expect, it } from 'vitest';
import { latestWins } from '../../src/core/latent/latestWins';

/** A fake slow service whose calls the test resolves by hand. */
function service() {
  const calls: { arg: number; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const run = (arg: number) => new Promise<string>((resolve, reject) => calls.push({ arg, resolve, reject }));
  return { calls, run };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('latest-wins requests', () => {
  it('keeps one call in flight and runs only the newest waiting request next', async () => {
    const s = service();
    const got: string[] = [];
    const lw = latestWins(s.run, (r) => got.push(r));
    lw.request(1);
    for (let i = 2; i <= 50; i++) lw.request(i); // a drag: 49 positions while the first decode runs
    expect(s.calls.map((c) => c.arg)).toEqual([1]);
    expect(lw.busy).toBe(true);
    s.calls[0]!.resolve('r1');
    await tick();
    expect(got).toEqual(['r1']);
    expect(s.calls.map((c) => c.arg)).toEqual([1, 50]);
    s.calls[1]!.resolve('r50');
    await tick();
    expect(got).toEqual(['r1', 'r50']);
    expect(lw.busy).toBe(false);
    lw.request(51);
    expect(s.calls.map((c) => c.arg)).toEqual([1, 50, 51]);
  });

  it('reports errors and carries on; cancelPending drops the waiting request', async () => {
    const s = service();
    const errors: number[] = [];
    const got: string[] = [];
    const lw = latestWins(
      s.run,
      (r) => got.push(r),
      (_e, arg) => errors.push(arg),
    );
    lw.request(1);
    lw.request(2);
    s.calls[0]!.reject(new Error('boom'));
    await tick();
    expect(errors).toEqual([1]);
    expect(s.calls.map((c) => c.arg)).toEqual([1, 2]);
    lw.request(3);
    lw.cancelPending();
    s.calls[1]!.resolve('r2');
    await tick();
    expect(got).toEqual(['r2']);
    expect(s.calls.length).toBe(2);
  });
});
