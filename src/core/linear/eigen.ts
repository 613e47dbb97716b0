/**
 * Eigen-decomposition of a real symmetric n x n matrix by Householder tridiagonalisation followed by the
 * implicit QL algorithm (the EISPACK tred2/tql2 pair, as in JAMA). O(n^3) with a small constant: a
 * 784 x 784 pixel covariance takes about a second in JS, where cyclic Jacobi (../latent/symmetricEigen,
 * fine for small latent covariances) would take tens of seconds.
 *
 * a: n x n row-major (only read; only symmetric input is meaningful). Returns the eigenvalues in
 * descending order and the matching unit eigenvectors as the rows of `vectors` (n x n row-major).
 */
export function symmetricEigenQl(
  a: ArrayLike<number>,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  if (a.length !== n * n) throw new RangeError(`expected an ${n} x ${n} matrix, got ${a.length} values`);
  // V as an array of rows (V[i][j]); its columns end up as the eigenvectors.
  const V: Float64Array[] = [];
  for (let i = 0; i < n; i++) V.push(Float64Array.from({ length: n }, (_, j) => a[i * n + j]!));
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(V, d, e, n);
  // tql2 rotates pairs of V's columns: work on the transpose so that each rotation touches two
  // contiguous rows (several times faster at n = 784 than striding down columns).
  const W: Float64Array[] = [];
  for (let j = 0; j < n; j++) W.push(Float64Array.from({ length: n }, (_, k) => V[k]![j]!));
  tql2(W, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j]! - d[i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src]!;
    vectors.set(W[src]!, dst * n);
  });
  return { values, vectors };
}

/** Householder reduction to tridiagonal form: d the diagonal, e the sub-diagonal, V the transform. */
function tred2(V: Float64Array[], d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[n - 1]![j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = V[i - 1]![j]!;
        V[i]![j] = 0;
        V[j]![i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = d[k]! / scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        V[j]![i] = f;
        g = e[j]! + V[j]![j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k]![j]! * d[k]!;
          e[k] = e[k]! + V[k]![j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = e[j]! / h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[k]![j] = V[k]![j]! - (f * e[k]! + g * d[k]!);
        d[j] = V[i - 1]![j]!;
        V[i]![j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    V[n - 1]![i] = V[i]![i]!;
    V[i]![i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k]![i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k]![i + 1]! * V[k]![j]!;
        for (let k = 0; k <= i; k++) V[k]![j] = V[k]![j]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[k]![i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[n - 1]![j]!;
    V[n - 1]![j] = 0;
  }
  V[n - 1]![n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL iterations on the tridiagonal matrix; eigenvalues into d, eigenvectors into W's rows. */
function tql2(W: Float64Array[], d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 100) throw new Error('symmetricEigenQl: QL iteration did not converge');
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          const wi = W[i]!;
          const wi1 = W[i + 1]!;
          for (let k = 0; k < n; k++) {
            h = wi1[k]!;
            wi1[k] = s * wi[k]! + c * h;
            wi[k] = c * wi[k]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/**
 * Eigen-decomposition of a covariance matrix whose constant coordinates (zero variance, so a zero row and
 * column: MNIST's border pixels) are dropped first. Exact: each such coordinate is an eigenvector with
 * eigenvalue 0. Returns the same layout as symmetricEigenQl for the full dim x dim matrix.
 */
export function covarianceEigen(
  s: ArrayLike<number>,
  dim: number,
): { values: Float64Array; vectors: Float64Array } {
  const keep: number[] = [];
  for (let k = 0; k < dim; k++) {
    let any = false;
    for (let j = 0; j < dim && !any; j++) any = s[k * dim + j] !== 0;
    if (any) keep.push(k);
  }
  const m = keep.length;
  const sub = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) sub[a * m + b] = s[keep[a]! * dim + keep[b]!]!;
  const r = symmetricEigenQl(sub, m);
  const values = new Float64Array(dim);
  const vectors = new Float64Array(dim * dim);
  values.set(r.values);
  for (let i = 0; i < m; i++) for (let a = 0; a < m; a++) vectors[i * dim + keep[a]!] = r.vectors[i * m + a]!;
  const dropped = new Set(keep);
  let row = m;
  for (let k = 0; k < dim; k++) if (!dropped.has(k)) vectors[row++ * dim + k] = 1;
  return { values, vectors };
}
