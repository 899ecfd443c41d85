import type { DeviceNoiseKind } from './deviceNoiseKind';
import { shaderConstantDeclarations } from './shaderConstants';

/**
 * WGSL twin of the host noise stream, as {@link glslFusedNoiseSource}: u32
 * arithmetic wraps mod 2^32, so uniforms and signs are the host's bit for
 * bit; normals follow the module's polynomial Box–Muller in the same
 * operation order, but WGSL lets the compiler fuse multiply-adds and its sqrt
 * need not be correctly rounded, so they may differ in the last bits.
 */
const STREAM = `
fn mix32(x0 : u32) -> u32 {
  var x = x0;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}
fn drawAt(s0 : u32, k : u32) -> u32 { return mix32(s0 + (k + 1u) * 0x9e3779b9u); }
`;

const GAUSSIAN = `
fn log32(x : f32) -> f32 {
  let bits = bitcast<u32>(x);
  var e = i32(bits >> 23u) - 126;
  let m = bitcast<f32>((bits & 0x807fffffu) | 0x3f000000u);
  var t : f32;
  if (m < SQRTHF) {
    e -= 1;
    t = (m + m) - 1.0;
  } else {
    t = m - 1.0;
  }
  let z = t * t;
  var y = LOG_P0;
  y = y * t + LOG_P1; y = y * t + LOG_P2; y = y * t + LOG_P3; y = y * t + LOG_P4;
  y = y * t + LOG_P5; y = y * t + LOG_P6; y = y * t + LOG_P7; y = y * t + LOG_P8;
  y = (y * t) * z;
  let fe = f32(e);
  y = y + fe * LOG_Q1;
  y = y - z * 0.5;
  t = t + y;
  return t + fe * LOG_Q2;
}
// Pair j of the Box–Muller stream: radius from draw 2j, angle from draw 2j + 1; (r·cos, r·sin).
fn unitNormalPair(s0 : u32, j : u32) -> vec2<f32> {
  let u1 = f32((drawAt(s0, 2u * j) >> 8u) + 1u) * TWO_POW_M24;
  let r = sqrt(log32(u1) * -2.0);
  let m = drawAt(s0, 2u * j + 1u) >> 8u;
  let q = (m + 2097152u) >> 22u;
  let t = f32(i32(m) - i32(q << 22u)) * ANGLE_STEP;
  let z = t * t;
  let ps = ((SIN_P0 * z) + SIN_P1) * z + SIN_P2;
  let s = ((ps * z) * t) + t;
  let pc = ((COS_P0 * z) + COS_P1) * z + COS_P2;
  let c = (((pc * z) * z) - (z * 0.5)) + 1.0;
  let k = q & 3u;
  let sq = select(s, c, (k & 1u) == 1u);
  let cq = select(c, s, (k & 1u) == 1u);
  let sinv = select(sq, -sq, (k & 2u) == 2u);
  let cosv = select(cq, -cq, ((k ^ (k >> 1u)) & 1u) == 1u);
  return vec2<f32>(r * cosv, r * sinv);
}
`;

const HELPERS = `
fn clipTo(e : f32) -> f32 {
  return select(select(e, -uniforms.clip, e < -uniforms.clip), uniforms.clip, uniforms.clip < e);
}
fn addNoise(index : i32, e : f32) {
  setOutputAtIndex(index, getGByOutputIndex(index) + uniforms.scale * clipTo(e));
}
`;

/** One invocation per element; Gaussian: one per Box–Muller pair, writing both elements (half the hashing and logs). */
const MAIN: Record<DeviceNoiseKind, string> = {
  gaussian: `
fn main(index : i32) {
  let first = 2 * index;
  if (first < uniforms.size) {
    let e = unitNormalPair(mix32(uniforms.seed), u32(index));
    addNoise(first, e.x);
    if (first + 1 < uniforms.size) {
      addNoise(first + 1, e.y);
    }
  }
}`,
  uniform: `
fn main(index : i32) {
  if (index < uniforms.size) {
    addNoise(index, f32(drawAt(mix32(uniforms.seed), u32(index)) >> 8u) * TWO_POW_M24 * 2.0 - 1.0);
  }
}`,
  rademacher: `
fn main(index : i32) {
  if (index < uniforms.size) {
    let i = u32(index);
    addNoise(index, select(-1.0, 1.0, ((drawAt(mix32(uniforms.seed), i >> 5u) >> (i & 31u)) & 1u) == 1u));
  }
}`,
};

/** Invocations the program needs for `n` elements (see MAIN). */
export function wgslInvocations(kind: DeviceNoiseKind, n: number): number {
  return kind === 'gaussian' ? Math.ceil(n / 2) : n;
}

/**
 * The user code of the webgpu fused program `out = G + scale·clip(ε, ±clip)`
 * over a flat dispatch of {@link wgslInvocations}; `seed : u32, scale : f32,
 * clip : f32` are program uniforms, `uniforms.size` is the element count.
 * `main` is tfjs's flat-index header (`getMainHeaderString('index')`).
 */
export function wgslFusedNoiseSource(kind: DeviceNoiseKind): string {
  return `
${shaderConstantDeclarations('wgsl')}
${STREAM}
${kind === 'gaussian' ? GAUSSIAN : ''}
${HELPERS}
${MAIN[kind]}
`;
}
