/**
 * The float32 constants of the host noise module (`wasm/noise.c`,
 * `random/hostNoiseReference.ts`: Cephes logf and sinf/cosf polynomials, the
 * Box–Muller angle step), written into shaders by bit pattern so that no
 * shader compiler's decimal parsing can round them differently.
 */
const f = Math.fround;

export const SHADER_CONSTANTS = {
  SQRTHF: f(0.707106781186547524),
  LOG_P0: f(7.0376836292e-2),
  LOG_P1: f(-1.151461031e-1),
  LOG_P2: f(1.167699874e-1),
  LOG_P3: f(-1.2420140846e-1),
  LOG_P4: f(1.4249322787e-1),
  LOG_P5: f(-1.6668057665e-1),
  LOG_P6: f(2.0000714765e-1),
  LOG_P7: f(-2.4999993993e-1),
  LOG_P8: f(3.3333331174e-1),
  LOG_Q1: f(-2.1219444e-4),
  LOG_Q2: f(0.693359375),
  SIN_P0: f(-1.9515295891e-4),
  SIN_P1: f(8.3321608736e-3),
  SIN_P2: f(-1.6666654611e-1),
  COS_P0: f(2.443315711809948e-5),
  COS_P1: f(-1.388731625493765e-3),
  COS_P2: f(4.166664568298827e-2),
  ANGLE_STEP: f(Math.PI / 8388608),
  TWO_POW_M24: 5.9604644775390625e-8,
} as const;

export type ShaderConstantName = keyof typeof SHADER_CONSTANTS;

const scratch = new DataView(new ArrayBuffer(4));
/** The float32 bit pattern of `x` as an 8-digit hex literal body. */
export function float32Hex(x: number): string {
  scratch.setFloat32(0, x);
  return scratch.getUint32(0).toString(16).padStart(8, '0');
}

/** One declaration per constant from its bits: a GLSL macro (ES 3.00 const initializers may not call built-ins everywhere), a WGSL const. */
export function shaderConstantDeclarations(language: 'glsl' | 'wgsl'): string {
  return Object.entries(SHADER_CONSTANTS)
    .map(([name, value]) =>
      language === 'glsl'
        ? `#define ${name} uintBitsToFloat(0x${float32Hex(value)}u)`
        : `const ${name} : f32 = bitcast<f32>(0x${float32Hex(value)}u);`,
    )
    .join('\n');
}
