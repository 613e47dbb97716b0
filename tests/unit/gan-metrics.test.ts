import { describe, expect, it } from 'vitest';
import {
  grid,
  gridCentres,
  ring,
  ringCentres,
  spiral,
  moons,
  gaussian,
  pointsDataset,
} from '../../src/core/gan/datasets';
import { dataCellMass, gaussianCellMass, normalCdf, type Grid2d } from '../../src/core/gan/density';
import { optimumValues } from '../../src/core/gan/optimum';
import { gridJs, histogram2d, jsDivergence, klToUniform, modeCoverage } from '../../src/core/gan/metrics';
import { Rng } from '../../src/core/rng';

describe('datasets', () => {
  it('ring centres are 8 distinct points at radius 2, 45 degrees apart, starting at (2, 0)', () => {
    const c = ringCentres(8, 2);
    expect(c.length).toBe(16);
    expect(c[0]).toBeCloseTo(2, 12);
    expect(c[1]).toBeCloseTo(0, 12);
    for (let i = 0; i < 8; i++) {
      expect(Math.hypot(c[2 * i]!, c[2 * i + 1]!)).toBeCloseTo(2, 12);
      for (let j = 0; j < i; j++) {
        // Neighbours on the ring are 2 * 2 * sin(pi / 8) = 1.53 apart; linspace(0, 2 pi, 8) would give a 0.
        expect(Math.hypot(c[2 * i]! - c[2 * j]!, c[2 * i + 1]! - c[2 * j + 1]!)).toBeGreaterThan(1.5);
      }
    }
  });

  it('grid centres: 25 points from -4 to 4 in steps of 2', () => {
    const c = gridCentres(5, 2);
    expect(c.length).toBe(50);
    const xs = new Set<number>();
    for (let i = 0; i < 25; i++) xs.add(c[2 * i]!);
    expect([...xs].sort((a, b) => a - b)).toEqual([-4, -2, 0, 2, 4]);
  });

  it('ring samples sit on their modes (all high quality) and cover all 8 about equally', () => {
    const d = ring();
    const s = d.sample(8000, new Rng(1));
    const m = modeCoverage(s, d.mixture!);
    expect(m.captured).toBe(8);
    expect(m.hqFraction).toBeGreaterThan(0.97);
    expect(m.klUniform).toBeLessThan(0.01);
    expect(d.mixture!.sigma).toBe(0.02);
  });

  it('grid, spiral, moons, gaussian and user points sample inside their windows', () => {
    for (const d of [grid(), spiral(), moons(), gaussian(), pointsDataset([0, 0, 1, 1, -1, 0.5], 0.02)]) {
      const s = d.sample(500, new Rng(2));
      expect(s.length).toBe(1000);
      let inside = 0;
      for (const v of s) if (v > d.extent.min && v < d.extent.max) inside++;
      expect(inside / s.length, d.name).toBeGreaterThan(0.99);
    }
    expect(grid().mixture!.centres.length).toBe(50);
    expect(spiral().mixture).toBeNull();
  });
});

describe('mode coverage (VEEGAN / PacGAN rule)', () => {
  const mix = { centres: ringCentres(8, 2), sigma: 0.02 };

  it('all samples at one centre: 1 mode, 100% high quality, KL = log 8', () => {
    const s = new Float32Array(2 * 2500);
    for (let i = 0; i < 2500; i++) {
      s[2 * i] = 2;
      s[2 * i + 1] = 0;
    }
    const m = modeCoverage(s, mix);
    expect(m.captured).toBe(1);
    expect(m.hqFraction).toBe(1);
    expect(m.klUniform).toBeCloseTo(Math.log(8), 9);
    expect(Array.from(m.counts)).toEqual([2500, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('no high-quality sample: nothing captured and KL to uniform undefined (null), not log K', () => {
    const s = new Float32Array(2 * 100).fill(40);
    const m = modeCoverage(s, mix);
    expect(m.captured).toBe(0);
    expect(m.hqFraction).toBe(0);
    expect(m.klUniform).toBeNull();
  });

  it('samples spread evenly over the 8 centres: 8 modes, KL 0', () => {
    const s = new Float32Array(2 * 800);
    for (let i = 0; i < 800; i++) {
      s[2 * i] = mix.centres[2 * (i % 8)]!;
      s[2 * i + 1] = mix.centres[2 * (i % 8) + 1]!;
    }
    const m = modeCoverage(s, mix);
    expect(m.captured).toBe(8);
    expect(m.klUniform).toBeCloseTo(0, 9);
    expect(Array.from(m.counts)).toEqual(Array(8).fill(100));
  });

  it('uniform noise over a big box: few high-quality samples', () => {
    const rng = new Rng(3);
    const s = Float32Array.from({ length: 5000 }, () => -5 + 10 * rng.next());
    const m = modeCoverage(s, mix);
    expect(m.hqFraction).toBeLessThan(0.01);
  });

  it('the 3-sigma boundary: 2.9 sigma counts, 3.1 sigma does not', () => {
    const at = (r: number) => modeCoverage(new Float32Array([2 + r * 0.02, 0]), mix);
    expect(at(2.9).hqFraction).toBe(1);
    expect(at(3.1).hqFraction).toBe(0);
    expect(at(3.1).captured).toBe(0);
  });

  it('KL to uniform of a histogram', () => {
    expect(klToUniform([1, 1])).toBeCloseTo(0, 12);
    expect(klToUniform([1, 0])).toBeCloseTo(Math.log(2), 12);
    expect(klToUniform([3, 1])).toBeCloseTo(0.75 * Math.log(1.5) + 0.25 * Math.log(0.5), 12);
    expect(klToUniform([0, 0, 0, 0])).toBeNull();
  });
});

describe('grid JS divergence', () => {
  const ext = { min: -1, max: 1 };
  it('is 0 for identical samples and log 2 for disjoint ones', () => {
    const a = new Float32Array([-0.5, -0.5, 0.5, 0.5]);
    const b = new Float32Array([-0.5, 0.5, 0.5, -0.5]);
    expect(gridJs(a, a, ext, 10)).toBeCloseTo(0, 12);
    expect(gridJs(a, b, ext, 10)).toBeCloseTo(Math.log(2), 12);
  });
  it('histogram is normalised, with points outside the window in a last cell, and JS is symmetric', () => {
    const h = histogram2d(new Float32Array([0.1, 0.1, 0.9, -0.9, 5, 5]), ext, 4);
    expect(h.length).toBe(17);
    expect(h.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(h[16]).toBeCloseTo(1 / 3, 12);
    // all fakes off the window: as far from the data as it gets
    expect(gridJs(new Float32Array([0, 0]), new Float32Array([9, 9]), ext, 4)).toBeCloseTo(Math.log(2), 12);
    expect(jsDivergence([0.2, 0.8], [0.6, 0.4])).toBeCloseTo(jsDivergence([0.6, 0.4], [0.2, 0.8]), 12);
  });
});

describe('optimal discriminator D* = p_data / (p_data + p_g)', () => {
  const g: Grid2d = { extent: { min: -3, max: 3 }, size: 24 };

  it('normal CDF is accurate', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });

  it('Gaussian cell masses sum to 1 inside the window and peak at the centre', () => {
    const m = gaussianCellMass([0.1, -0.2], 0.3, g);
    expect(m.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    const maxAt = m.indexOf(Math.max(...m));
    expect(maxAt).toBe(11 * 24 + 12); // x = 0.1 is in column 12, y = -0.2 in row 11
  });

  /** Mass of an equal-weight isotropic Gaussian mixture in each cell, by the midpoint rule on 16 x 16 sub-cells. */
  function quadratureCellMass(centres: ArrayLike<number>, sd: number, grid: Grid2d): Float64Array {
    const k = centres.length / 2;
    const w = (grid.extent.max - grid.extent.min) / grid.size;
    const sub = 16;
    const out = new Float64Array(grid.size * grid.size);
    for (let iy = 0; iy < grid.size; iy++)
      for (let ix = 0; ix < grid.size; ix++) {
        let m = 0;
        for (let a = 0; a < sub; a++)
          for (let b = 0; b < sub; b++) {
            const x = grid.extent.min + (ix + (a + 0.5) / sub) * w;
            const y = grid.extent.min + (iy + (b + 0.5) / sub) * w;
            for (let c = 0; c < k; c++) {
              const r2 = (x - centres[2 * c]!) ** 2 + (y - centres[2 * c + 1]!) ** 2;
              m += Math.exp(-r2 / (2 * sd * sd)) / (2 * Math.PI * sd * sd * k);
            }
          }
        out[iy * grid.size + ix] = (m * w * w) / (sub * sub);
      }
    return out;
  }

  it('p_data per cell of a mixture equals its density integrated over the cell (smoothed by the KDE bandwidth)', () => {
    const mix = { centres: ringCentres(8, 2), sigma: 0.02 };
    const h = 0.25;
    const pData = dataCellMass(mix, [], h, g);
    const want = quadratureCellMass(mix.centres, Math.hypot(0.02, h), g);
    let maxErr = 0;
    for (let i = 0; i < want.length; i++) maxErr = Math.max(maxErr, Math.abs(pData[i]! - want[i]!));
    expect(maxErr).toBeLessThan(2e-4); // cell masses up to ~0.02; midpoint rule error ~1e-5
    expect(Math.max(...pData)).toBeGreaterThan(0.01);
  });

  it('equals 1/2 everywhere when p_g = p_data (fakes spread exactly like the smoothed data)', () => {
    const mix = { centres: ringCentres(8, 2), sigma: 0.02 };
    const pData = dataCellMass(mix, [], 0.25, g);
    const pG = quadratureCellMass(mix.centres, Math.hypot(0.02, 0.25), g);
    const d = optimumValues('nonSaturating', 'js', pData, pG)!;
    for (let i = 0; i < d.length; i++) if (pData[i]! > 1e-6) expect(d[i]!).toBeCloseTo(0.5, 2);
  });

  it('is near 1 on modes the generator misses and near 0 where only fakes are', () => {
    const mix = { centres: ringCentres(8, 2), sigma: 0.02 };
    const pData = dataCellMass(mix, [], 0.25, g);
    const pG = gaussianCellMass([2, 0, 0, 0], 0.25, g); // fakes on mode 0 and at the origin
    const d = optimumValues('nonSaturating', 'js', pData, pG)!;
    const cell = (x: number, y: number) => Math.floor((y + 3) / 0.25) * 24 + Math.floor((x + 3) / 0.25);
    expect(d[cell(-2, 0.01)]!).toBeGreaterThan(0.99); // a missed mode
    expect(d[cell(0.01, 0.01)]!).toBeLessThan(0.01); // fakes, no data
    expect(d[cell(2.01, 0.01)]!).toBeGreaterThan(0.05); // mode 0: shared
    expect(d[cell(2.01, 0.01)]!).toBeLessThan(0.5);
  });
});
