// AssemblyScript: one pass of Adam over a parameter (tfjs's AdamOptimizer, fused). In place on m and v;
// the new weights go to wOut (which may be w itself). tfjs's formula
//   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,  w -= lr (m / bc1) / (sqrt(v / bc2) + eps),
// with the bias corrections folded into two constants, lr / bc1 and 1 / bc2: one division and one square
// root per value instead of three divisions and a square root (the pass is bound by them, not by
// memory). The results differ from tfjs's order of operations by float32 rounding only.

export function adam(
  w: usize,
  g: usize,
  m: usize,
  v: usize,
  wOut: usize,
  n: i32,
  lr: f32,
  b1: f32,
  b2: f32,
  bc1: f32,
  bc2: f32,
  eps: f32,
): void {
  const vb1 = f32x4.splat(b1);
  const vb2 = f32x4.splat(b2);
  const v1b1 = f32x4.splat(1 - b1);
  const v1b2 = f32x4.splat(1 - b2);
  const rate = lr / bc1;
  const inv2 = (1 as f32) / bc2;
  const vrate = f32x4.splat(rate);
  const vinv2 = f32x4.splat(inv2);
  const veps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (i << 2) as usize;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gi, v1b1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gi, gi), v1b2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.mul(mi, vrate), f32x4.add(f32x4.sqrt(f32x4.mul(vi, vinv2)), veps));
    v128.store(wOut + o, f32x4.sub(v128.load(w + o), step));
  }
  for (; i < n; i++) {
    const o = (i << 2) as usize;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * (1 - b1);
    const vi = load<f32>(v + o) * b2 + gi * gi * (1 - b2);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(wOut + o, load<f32>(w + o) - (mi * rate) / (Mathf.sqrt(vi * inv2) + eps));
  }
}
