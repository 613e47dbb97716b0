/**
 * The inverse of the standard normal CDF, Phi^-1(p): the z with P(Z <= z) = p for Z ~ N(0, 1).
 *
 * Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988): three rational approximations
 * (central region, near tails, far tails), relative accuracy about 1e-16 over (0, 1). The manifold grid
 * uses it to place tiles at equal-probability steps of the prior, as in Kingma & Welling's figure 4.
 * Coefficients are the published 20-digit values written as their shortest exact doubles.
 *
 * Returns -Infinity for p = 0, +Infinity for p = 1 and NaN outside [0, 1].
 */

// Each list is c0, c1, ..., c7 of c0 + c1 r + ... + c7 r^7.
const CENTRAL_NUM = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const CENTRAL_DEN = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
];
const NEAR_NUM = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const NEAR_DEN = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const FAR_NUM = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const FAR_DEN = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** c0 + c1 x + ... by Horner's rule. */
function poly(c: readonly number[], x: number): number {
  let acc = 0;
  for (let i = c.length - 1; i >= 0; i--) acc = acc * x + c[i]!;
  return acc;
}

export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    // Central region: a rational function of r = 0.425^2 - q^2.
    const r = 0.180625 - q * q;
    return (q * poly(CENTRAL_NUM, r)) / poly(CENTRAL_DEN, r);
  }
  // Tails: a rational function of r = sqrt(-log(min(p, 1 - p))).
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = poly(NEAR_NUM, r) / poly(NEAR_DEN, r);
  } else {
    r -= 5;
    z = poly(FAR_NUM, r) / poly(FAR_DEN, r);
  }
  return q < 0 ? -z : z;
}
