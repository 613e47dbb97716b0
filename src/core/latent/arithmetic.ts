import { classMean, type ClassMeans } from './classMeans';

/**
 * Latent arithmetic as data: an expression like z(A) - mean(7) + mean(1) is a short list of signed
 * terms, built one click at a time and evaluated to a single z for the decoder.
 */
export type LatentOperand =
  /** A concrete code: a test digit's posterior mean, a drawn digit's, or the sliders' z. */
  | { kind: 'vector'; name: string; z: Float32Array }
  /** The mean posterior mean of one class. */
  | { kind: 'classMean'; digit: number };

export interface LatentTerm {
  sign: 1 | -1;
  operand: LatentOperand;
}

export function operandVector(op: LatentOperand, means: ClassMeans | null, d: number): Float32Array {
  if (op.kind === 'vector') {
    if (op.z.length !== d) throw new RangeError(`${op.name} has ${op.z.length} dimensions, expected ${d}`);
    return op.z;
  }
  if (!means) throw new Error('class means are not available yet');
  if (means.dim !== d) throw new RangeError(`class means have ${means.dim} dimensions, expected ${d}`);
  return classMean(means, op.digit);
}

/** Sum of sign * operand over the terms; an empty expression is the zero vector (the prior's mean). */
export function evaluateLatentExpression(
  terms: readonly LatentTerm[],
  means: ClassMeans | null,
  d: number,
): Float32Array {
  const out = new Float32Array(d);
  for (const t of terms) {
    const v = operandVector(t.operand, means, d);
    for (let k = 0; k < d; k++) out[k]! += t.sign * v[k]!;
  }
  return out;
}

function operandText(op: LatentOperand): string {
  return op.kind === 'vector' ? `z(${op.name})` : `mean(${op.digit})`;
}

/** "z(A) - mean(7) + mean(1)"; a leading minus is kept ("-mean(3) + ..."). */
export function formatLatentExpression(terms: readonly LatentTerm[]): string {
  if (terms.length === 0) return '0';
  return terms
    .map((t, i) => {
      const s = operandText(t.operand);
      if (i === 0) return t.sign < 0 ? `-${s}` : s;
      return `${t.sign < 0 ? '-' : '+'} ${s}`;
    })
    .join(' ');
}
