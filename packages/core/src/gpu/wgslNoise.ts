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
// Element i of the Box–Muller stream: pair i/2 takes its radius from draw i-(i&1) and its angle from the next;
// even elements are r·cos, odd r·sin.
fn unitNormal(s0 : u32, i : u32) -> f32 {
  let j2 = i & ~1u;
  let u1 = f32((drawAt(s0, j2) >> 8u) + 1u) * TWO_POW_M24;
  let r = sqrt(log32(u1) * -2.0);
  let m = drawAt(s0, j2 + 1u) >> 8u;
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
  return r * select(cosv, sinv, (i & 1u) == 1u);
}
`;

const DRAW: Record<DeviceNoiseKind, string> = {
  gaussian: 'unitNormal(s0, i)',
  uniform: 'f32(drawAt(s0, i) >> 8u) * TWO_POW_M24 * 2.0 - 1.0',
  rademacher: 'select(-1.0, 1.0, ((drawAt(s0, i >> 5u) >> (i & 31u)) & 1u) == 1u)',
};

/**
 * The user code of the webgpu fused program `out = G + scale·clip(ε, ±clip)`
 * over a flat dispatch; `seed : u32, scale : f32, clip : f32` are program
 * uniforms. `main` is tfjs's flat-index header (`getMainHeaderString('index')`).
 */
export function wgslFusedNoiseSource(kind: DeviceNoiseKind): string {
  return `
${shaderConstantDeclarations('wgsl')}
${STREAM}
${kind === 'gaussian' ? GAUSSIAN : ''}
fn main(index : i32) {
  if (index < uniforms.size) {
    let i = u32(index);
    let s0 = mix32(uniforms.seed);
    var e : f32 = ${DRAW[kind]};
    e = select(e, -uniforms.clip, e < -uniforms.clip);
    e = select(e, uniforms.clip, uniforms.clip < e);
    setOutputAtIndex(index, getGByOutputIndex(index) + uniforms.scale * e);
  }
}
`;
}
