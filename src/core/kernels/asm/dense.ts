// AssemblyScript: the two passes around a dense layer's product that tfjs would run as separate ops.
//   biasAct:   c[i, j] = act(c[i, j] + bias[j]) in place, act = ReLU or identity (forward, after the GEMM);
//   reluGradSums: dz[i, j] = dy[i, j] if y[i, j] > 0 else 0, and db[j] = sum_i dz[i, j] (backward: the
//   ReLU's gradient and the bias gradient in one pass, instead of Step, Multiply and a column sum).

export function biasAct(c: usize, bias: usize, m: i32, n: i32, relu: bool): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < m; i++) {
    const row = c + ((i * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const p = row + (j << 2);
      const v = f32x4.add(v128.load(p), v128.load(bias + (j << 2)));
      v128.store(p, relu ? f32x4.max(v, zero) : v);
    }
    for (; j < n; j++) {
      const p = row + (j << 2);
      const v = load<f32>(p) + load<f32>(bias + (j << 2));
      store<f32>(p, relu && !(v > 0) ? (v != v ? v : 0) : v);
    }
  }
}

export function reluGradSums(dy: usize, y: usize, dz: usize, db: usize, m: i32, n: i32): void {
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    let s = zero;
    for (let i = 0; i < m; i++) {
      const o = ((i * n + j) << 2) as usize;
      const d = v128.and(v128.load(dy + o), f32x4.gt(v128.load(y + o), zero));
      v128.store(dz + o, d);
      s = f32x4.add(s, d);
    }
    v128.store(db + (j << 2), s);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    for (let i = 0; i < m; i++) {
      const o = ((i * n + j) << 2) as usize;
      const d: f32 = load<f32>(y + o) > 0 ? load<f32>(dy + o) : 0;
      store<f32>(dz + o, d);
      s += d;
    }
    store<f32>(db + (j << 2), s);
  }
}
