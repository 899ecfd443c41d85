import type { DeviceNoiseKind } from './deviceNoiseKind';
import { shaderConstantDeclarations } from './shaderConstants';

/**
 * GLSL ES 3.00 twin of the host noise stream (`random/hostNoiseReference.ts`):
 * draw k of seed s is `mix32(mix32(s) + (k+1)·0x9e3779b9)` in uint arithmetic
 * (wraps mod 2^32 as in JavaScript), uniforms `(d >> 8)·2^-24`, signs one bit
 * of draw ⌊i/32⌋, normals Box–Muller with the module's Cephes polynomials in
 * the same operation order. Integer steps are exact, so uniforms and signs are
 * the host's bit for bit; the float steps of the normals may be contracted to
 * fused multiply-adds or use a GPU square root, so normals may differ in the
 * last bits.
 */
const STREAM = `
uint mix32(uint x) {
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}
uint drawAt(uint s0, uint k) { return mix32(s0 + (k + 1u) * 0x9e3779b9u); }
`;

const GAUSSIAN = `
float log32(float x) {
  uint bits = floatBitsToUint(x);
  int e = int(bits >> 23u) - 126;
  float m = uintBitsToFloat((bits & 0x807fffffu) | 0x3f000000u);
  float t;
  if (m < SQRTHF) {
    e -= 1;
    t = (m + m) - 1.0;
  } else {
    t = m - 1.0;
  }
  float z = t * t;
  float y = LOG_P0;
  y = y * t + LOG_P1; y = y * t + LOG_P2; y = y * t + LOG_P3; y = y * t + LOG_P4;
  y = y * t + LOG_P5; y = y * t + LOG_P6; y = y * t + LOG_P7; y = y * t + LOG_P8;
  y = (y * t) * z;
  float fe = float(e);
  y = y + fe * LOG_Q1;
  y = y - z * 0.5;
  t = t + y;
  return t + fe * LOG_Q2;
}
// Element i of the Box–Muller stream: pair i/2 takes its radius from draw i-(i&1) and its angle from the next;
// even elements are r·cos, odd r·sin.
float unitNormal(uint s0, uint i) {
  uint j2 = i & ~1u;
  float u1 = float((drawAt(s0, j2) >> 8u) + 1u) * TWO_POW_M24;
  float r = sqrt(log32(u1) * -2.0);
  uint m = drawAt(s0, j2 + 1u) >> 8u;
  uint q = (m + 2097152u) >> 22u;
  float t = float(int(m) - int(q << 22u)) * ANGLE_STEP;
  float z = t * t;
  // Quadrant k: sin(t + kπ/2) is ±sin t or ±cos t; this element needs only one of sin and cos of the angle.
  uint k = q & 3u;
  bool wantSin = (i & 1u) == 1u;
  bool useCosPoly = wantSin == ((k & 1u) == 1u);
  float v;
  if (useCosPoly) {
    float pc = ((COS_P0 * z) + COS_P1) * z + COS_P2;
    v = (((pc * z) * z) - (z * 0.5)) + 1.0;
  } else {
    float ps = ((SIN_P0 * z) + SIN_P1) * z + SIN_P2;
    v = ((ps * z) * t) + t;
  }
  bool negate = wantSin ? (k & 2u) == 2u : ((k ^ (k >> 1u)) & 1u) == 1u;
  return r * (negate ? -v : v);
}
`;

const DRAW: Record<DeviceNoiseKind, string> = {
  gaussian: 'unitNormal(s0, i)',
  uniform: 'float(drawAt(s0, i) >> 8u) * TWO_POW_M24 * 2.0 - 1.0',
  rademacher: '((drawAt(s0, i >> 5u) >> (i & 31u)) & 1u) == 1u ? 1.0 : -1.0',
};

/**
 * The `userCode` of the webgl fused program `out = G + scale·clip(ε, ±clip)`
 * over a rank-1 output, with `seed` (as int: WebGL has no uint uniform setter
 * in tfjs), `scale` and `clip` as custom uniforms.
 */
export function glslFusedNoiseSource(kind: DeviceNoiseKind): string {
  return `
${shaderConstantDeclarations('glsl')}
${STREAM}
${kind === 'gaussian' ? GAUSSIAN : ''}
void main() {
  int index = getOutputCoords();
  uint i = uint(index);
  uint s0 = mix32(uint(seed));
  float e = ${DRAW[kind]};
  e = e < -clip ? -clip : e;
  e = clip < e ? clip : e;
  setOutput(getG(index) + scale * e);
}
`;
}
