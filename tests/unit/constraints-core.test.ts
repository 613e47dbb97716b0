import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gaussian, ring } from '../../src/core/gan/datasets';
import { normalCdf } from '../../src/core/gan/density';
import { mmdToTarget, targetModesCaptured } from '../../src/core/constraints/metrics';
import { langevin, rejectionSample } from '../../src/core/constraints/samplers';
import {
  distance,
  feasibilityRate,
  project,
  type Constraint,
  type Shape,
} from '../../src/core/constraints/shapes';
import {
  constrainedTarget,
  modeShares,
  sampleTarget,
  type ConstrainedTarget,
} from '../../src/core/constraints/target';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Mass of the grid target over cells whose centre satisfies `pred`. */
function massWhere(t: ConstrainedTarget, pred: (x: number, y: number) => boolean): number {
  const w = (t.grid.extent.max - t.grid.extent.min) / t.grid.size;
  let s = 0;
  for (let iy = 0; iy < t.grid.size; iy++)
    for (let ix = 0; ix < t.grid.size; ix++)
      if (pred(t.grid.extent.min + (ix + 0.5) * w, t.grid.extent.min + (iy + 0.5) * w))
        s += t.mass[iy * t.grid.size + ix]!;
  return s;
}

describe('constrained target pi (eq. 21) on the grid', () => {
  const right: Shape = { kind: 'halfPlane', nx: 1, ny: 0, offset: 0 };

  it('hard half-plane x >= 0 on N(0, 0.5^2 I): normalised, keeps half of p, and matches the truncated normal', () => {
    const t = constrainedTarget(gaussian(), { shape: right, mode: 'hard', lambda: 0 });
    expect(t.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(t.keptMass).toBeCloseTo(0.5, 4);
    expect(massWhere(t, (x) => x < 0)).toBe(0);
    // Truncated normal: P(0 <= x <= 0.5 | x >= 0) = (Phi(1) - 1/2) / (1/2).
    expect(massWhere(t, (x) => x <= 0.5)).toBeCloseTo((normalCdf(1) - 0.5) / 0.5, 4);
  });

  it('soft half-plane: kept mass is 1/2 + exp(lambda^2 s^2 / 2) Phi(-lambda s) (closed form)', () => {
    const lambda = 2;
    const s = 0.5;
    const t = constrainedTarget(gaussian(), { shape: right, mode: 'soft', lambda });
    const kept = 0.5 + Math.exp((lambda * lambda * s * s) / 2) * normalCdf(-lambda * s);
    expect(t.keptMass).toBeCloseTo(kept, 3);
    expect(t.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(massWhere(t, (x) => x < 0)).toBeCloseTo((kept - 0.5) / kept, 3);
  });

  it('ring with y >= 0.5: the three upper modes share pi equally, the other five get nothing', () => {
    const ds = ring();
    const c: Constraint = {
      shape: { kind: 'halfPlane', nx: 0, ny: 1, offset: 0.5 },
      mode: 'hard',
      lambda: 0,
    };
    const t = constrainedTarget(ds, c);
    const shares = modeShares(ds.mixture!, t.grid, c);
    // Modes i = 1, 2, 3 sit at 45, 90, 135 degrees (y = 1.41, 2, 1.41).
    expect(Array.from(shares, (v) => Number(v.toFixed(4)))).toEqual([0, 0.3333, 0.3333, 0.3333, 0, 0, 0, 0]);
    expect(t.keptMass).toBeCloseTo(3 / 8, 4);
  });
});

describe('shapes: projection is the nearest point of the set', () => {
  const shapes: Shape[] = [
    { kind: 'disc', cx: 0.5, cy: -0.2, r: 1 },
    { kind: 'annulusSector', cx: 0, cy: 0, r0: 1, r1: 2, a0: 0.3, a1: 2.2 },
    {
      kind: 'boxes',
      boxes: [
        [-2, -2, -1, 0],
        [0.5, 0.5, 2, 1],
      ],
    },
    { kind: 'curve', cx: 0, cy: 0, r: 1.5, width: 0.1 },
    { kind: 'halfPlane', nx: 1, ny: 2, offset: 0.7 },
  ];
  it.each(shapes)('$kind: distance agrees with a brute-force search over a fine grid of the set', (s) => {
    // Independent: the set as the grid points the projection leaves in place would be circular, so use
    // each shape's own membership written out here.
    const inside = (x: number, y: number): boolean => {
      switch (s.kind) {
        case 'disc':
          return Math.hypot(x - s.cx, y - s.cy) <= s.r;
        case 'annulusSector': {
          const r = Math.hypot(x, y);
          let a = Math.atan2(y, x);
          if (a < 0) a += 2 * Math.PI;
          return r >= s.r0 && r <= s.r1 && a >= s.a0 && a <= s.a1;
        }
        case 'boxes':
          return s.boxes.some(([x0, y0, x1, y1]) => x >= x0 && x <= x1 && y >= y0 && y <= y1);
        case 'curve':
          return Math.abs(Math.hypot(x, y) - s.r) <= s.width;
        case 'halfPlane':
          return s.nx * x + s.ny * y >= s.offset;
      }
    };
    const pts: [number, number][] = [];
    for (let i = 0; i <= 600; i++) {
      for (let j = 0; j <= 600; j++) {
        const x = -3 + i / 100;
        const y = -3 + j / 100;
        if (inside(x, y)) pts.push([x, y]);
      }
    }
    const rng = new Rng(3);
    for (let k = 0; k < 25; k++) {
      const qx = -2.5 + 5 * rng.next();
      const qy = -2.5 + 5 * rng.next();
      let best = Infinity;
      for (const [x, y] of pts) best = Math.min(best, Math.hypot(x - qx, y - qy));
      // The search points lie in the set, so the true distance is never above theirs; they are 0.01 apart,
      // so it is at most a little below (more near sharp corners than the half diagonal 0.0071).
      const d = distance(s, qx, qy);
      expect(d).toBeLessThanOrEqual(best + 1e-9);
      expect(best - d).toBeLessThan(0.015);
      const [px, py] = project(s, qx, qy);
      expect(Math.abs(Math.hypot(px - qx, py - qy) - distance(s, qx, qy))).toBeLessThan(1e-12);
    }
  });
});

describe('metrics on synthetic samples', () => {
  it('feasibility rate counts the points inside', () => {
    const disc: Shape = { kind: 'disc', cx: 0, cy: 0, r: 1 };
    // Inside: (0, 0), (0.5, 0.5), (1, 0) on the boundary; outside: (2, 0), (0.8, 0.8).
    const pts = new Float32Array([0, 0, 0.5, 0.5, 1, 0, 2, 0, 0.8, 0.8]);
    expect(feasibilityRate(disc, pts)).toBeCloseTo(3 / 5, 12);
  });

  it('MMD between a point mass and a one-atom target is sqrt(2 - 2 k(a, b)) (closed form)', () => {
    const grid = { extent: { min: 0, max: 4 }, size: 4 };
    const mass = new Float64Array(16);
    mass[1 * 4 + 2] = 1; // cell centre (2.5, 1.5)
    const t: ConstrainedTarget = { grid, mass, keptMass: 1, exact: true };
    const samples = new Float32Array(200).fill(0).map((_, i) => (i % 2 ? 1.5 : 2.2)); // all at (2.2, 1.5)
    const h = 0.2;
    const k = Math.exp(-(0.3 * 0.3) / (2 * h * h));
    expect(mmdToTarget(samples, t, h)).toBeCloseTo(Math.sqrt(2 - 2 * k), 5);
  });

  it('MMD is small for samples of pi itself and large for the unconstrained data', () => {
    const ds = ring();
    const c: Constraint = {
      shape: { kind: 'halfPlane', nx: 0, ny: 1, offset: 0.5 },
      mode: 'hard',
      lambda: 0,
    };
    const t = constrainedTarget(ds, c);
    const rng = new Rng(5);
    const fromPi = mmdToTarget(sampleTarget(t, 1000, rng), t);
    const fromP = mmdToTarget(ds.sample(1000, rng), t);
    expect(fromPi).toBeLessThan(0.05);
    expect(fromP).toBeGreaterThan(0.3);
  });

  it('target modes captured: samples near modes 1 and 2 only capture 2 of the 3 target modes', () => {
    const ds = ring();
    const c: Constraint = {
      shape: { kind: 'halfPlane', nx: 0, ny: 1, offset: 0.5 },
      mode: 'hard',
      lambda: 0,
    };
    const t = constrainedTarget(ds, c);
    const shares = modeShares(ds.mixture!, t.grid, c);
    const m = ds.mixture!.centres;
    // Near modes 1, 2 (feasible) and 5 (infeasible, must not count).
    const pts = new Float32Array([m[2]! + 0.01, m[3]!, m[4]!, m[5]! - 0.01, m[10]!, m[11]!]);
    // hq: two of the three samples sit on target modes.
    expect(targetModesCaptured(pts, ds.mixture!, shares)).toEqual({ captured: 2, total: 3, hq: 2 / 3 });
  });
});

describe('samplers', () => {
  it('rejection sampling of density 2x on [0, 1] (uniform proposals, accept x) passes a chi-square test', () => {
    const rng = new Rng(11);
    const propose = (k: number) => Float32Array.from({ length: 2 * k }, () => rng.next());
    const r = rejectionSample(propose, (x) => x, 5000, new Rng(12));
    expect(r.accepted).toBe(5000);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < r.accepted; i++) bins[Math.min(9, Math.floor(r.points[2 * i]! * 10))]!++;
    let chi2 = 0;
    for (let b = 0; b < 10; b++) {
      const e = 5000 * (((b + 1) / 10) ** 2 - (b / 10) ** 2);
      chi2 += (bins[b]! - e) ** 2 / e;
    }
    expect(chi2).toBeLessThan(27.88); // chi-square, 9 degrees of freedom, p = 0.001
    // Acceptance 1/2: about two proposals (forward passes) per accepted sample.
    expect(r.forwardPasses / r.accepted).toBeGreaterThan(1.9);
    expect(r.forwardPasses / r.accepted).toBeLessThan(2.1);
    // Proposals come in batches; only those examined count (here 3 of a batch of 10 suffice).
    const all = rejectionSample(
      (k) => new Float32Array(2 * k).fill(0.5),
      () => 1,
      3,
      new Rng(1),
      100,
      10,
    );
    expect(all.forwardPasses).toBe(3);
  });

  it('Langevin on a Gaussian converges to its mean and its (step-size-biased) variance', () => {
    const mu = tf.tensor2d([[1, -2]]);
    const s2 = 0.25;
    const eta = 0.01;
    const z0 = tf.zeros([4000, 2]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const z = langevin((x) => tf.div(tf.sub(x, mu), s2) as tf.Tensor2D, z0, 600, eta, 1);
    expect(tf.memory().numTensors).toBe(before + 1);
    const data = z.dataSync();
    let m0 = 0;
    let m1 = 0;
    for (let i = 0; i < 4000; i++) {
      m0 += data[2 * i]! / 4000;
      m1 += data[2 * i + 1]! / 4000;
    }
    let v0 = 0;
    for (let i = 0; i < 4000; i++) v0 += (data[2 * i]! - m0) ** 2 / 3999;
    expect(m0).toBeCloseTo(1, 1);
    expect(m1).toBeCloseTo(-2, 1);
    // ULA's stationary variance for this Gaussian: s^2 / (1 - eta / (2 s^2)) = 0.2551.
    expect(Math.abs(v0 - s2 / (1 - eta / (2 * s2)))).toBeLessThan(0.02);
    tf.dispose([mu, z0, z]);
  });
});
