import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { numberBounds } from '../../src/config/bounds';
import { constraintsConfigSchema } from '../../src/config/constraints';

describe('numberBounds', () => {
  it('reads inclusive bounds and integer-ness, through a default', () => {
    expect(numberBounds(z.number().int().min(1).max(5).default(2))).toEqual({
      min: 1,
      max: 5,
      integer: true,
    });
    expect(numberBounds(z.number().min(-0.5).max(2))).toEqual({ min: -0.5, max: 2, integer: false });
  });
  it('refuses what a form cannot state as min and max', () => {
    expect(() => numberBounds(z.number().gt(0).max(1))).toThrow(/inclusive/);
    expect(() => numberBounds(z.number().min(0))).toThrow(/inclusive/);
    expect(() => numberBounds(z.string())).toThrow(/not a number/);
  });
  it('gives the bounds the validator enforces: the values just outside fail, the bounds pass', () => {
    const steps = constraintsConfigSchema.shape.model.shape.steps;
    const b = numberBounds(steps);
    expect(steps.safeParse(b.min).success).toBe(true);
    expect(steps.safeParse(b.max).success).toBe(true);
    expect(steps.safeParse(b.min - 1).success).toBe(false);
    expect(steps.safeParse(b.max + 1).success).toBe(false);
  });
});
