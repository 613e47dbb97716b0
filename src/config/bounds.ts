import { z } from 'zod';

/**
 * A number field's inclusive bounds as its schema states them (through `.default()`), so that a form
 * edits a config field with the limits the validator enforces, stated once. Throws for a schema that is
 * not a number with both bounds inclusive: such a field needs bounds of its own in the form.
 */
export function numberBounds(schema: z.ZodType): { min: number; max: number; integer: boolean } {
  const inner = schema instanceof z.ZodDefault ? schema.unwrap() : schema;
  if (!(inner instanceof z.ZodNumber)) throw new Error('numberBounds: not a number schema');
  const checks = (inner.def.checks ?? []).map((c) => c._zod.def as { check: string; inclusive?: boolean });
  const { minValue: min, maxValue: max } = inner;
  if (
    checks.some((c) => c.inclusive === false) ||
    min === null ||
    max === null ||
    !isFinite(min) ||
    !isFinite(max)
  )
    throw new Error('numberBounds: needs inclusive min and max');
  return { min, max, integer: inner.isInt };
}
