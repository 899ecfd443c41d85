import * as tf from '@tensorflow/tfjs-core';
import type { FusedNoiseRequest } from '../optimizer/fusedNoiseKernel';
import { deviceNoiseKind, deviceNoiseUniforms, type DeviceNoiseKind } from './deviceNoiseKind';
import { glslFusedNoiseSource } from './glslNoise';

/** What this kernel needs of tfjs-backend-webgl's `MathBackendWebGL`, duck-typed so core never imports the backend. */
type WebGLProgramRunner = {
  runWebGLProgram(
    program: { variableNames: string[]; outputShape: number[]; userCode: string; customUniforms: { name: string; type: string }[]; enableShapeUniforms?: boolean },
    inputs: tf.TensorInfo[],
    dtype: tf.DataType,
    customUniformValues?: number[][],
  ): tf.TensorInfo;
};

function isWebGLRunner(backend: unknown): backend is WebGLProgramRunner {
  return typeof (backend as Partial<WebGLProgramRunner>).runWebGLProgram === 'function';
}

const CUSTOM_UNIFORMS = [
  { name: 'seed', type: 'int' },
  { name: 'scale', type: 'float' },
  { name: 'clip', type: 'float' },
];

// One source per kind, built once: tfjs-webgl caches compiled programs by source and input layout,
// and with shape uniforms the layout of a rank-1 tensor does not depend on its length.
const sources = new Map<DeviceNoiseKind, string>();
function sourceFor(kind: DeviceNoiseKind): string {
  let s = sources.get(kind);
  if (!s) sources.set(kind, (s = glslFusedNoiseSource(kind)));
  return s;
}

/**
 * The fused noise kernel of the webgl backend: draws the counter-hash noise in
 * a fragment shader and adds it to the gradient in the same pass, so no noise
 * is made on the host or uploaded; the seed, scale and clip travel as
 * uniforms. Returns null (the upload path) for what it does not draw (see
 * {@link deviceNoiseKind}) or when the active backend is not webgl-like.
 */
export function webglFusedNoise(r: FusedNoiseRequest): tf.Tensor | null {
  const kind = deviceNoiseKind(r);
  const backend = tf.backend();
  if (kind === null || !isWebGLRunner(backend)) return null;
  const n = r.gradient.size;
  if (n === 0) return tf.clone(r.gradient);
  const { seed, scale, clip } = deviceNoiseUniforms(r);
  return tf.tidy(() => {
    const flat = tf.reshape(r.gradient, [n]);
    const program = { variableNames: ['G'], outputShape: [n], userCode: sourceFor(kind), customUniforms: CUSTOM_UNIFORMS, enableShapeUniforms: true };
    // int uniform: the seed's bits as a signed int32; the shader reads them back with uint().
    const info = backend.runWebGLProgram(program, [flat], 'float32', [[seed | 0], [scale], [clip]]);
    return tf.reshape(tf.engine().makeTensorFromTensorInfo(info), r.gradient.shape);
  });
}
