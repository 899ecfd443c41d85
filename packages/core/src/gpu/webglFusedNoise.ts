import * as tf from '@tensorflow/tfjs-core';
import type { FusedNoiseRequest } from '../optimizer/fusedNoiseKernel';
import { deviceFusedNoise, sourcePerKind } from './deviceFusedNoise';
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

// tfjs-webgl caches compiled programs by source and input layout, and with shape uniforms the
// layout of a rank-1 tensor does not depend on its length: one source per kind serves every variable.
const sourceFor = sourcePerKind(glslFusedNoiseSource);

/**
 * The fused noise kernel of the webgl backend: draws the counter-hash noise in
 * a fragment shader and adds it to the gradient in the same pass, so no noise
 * is made on the host or uploaded; the seed, scale and clip travel as
 * uniforms. Returns null (the upload path) for what it does not draw (see
 * {@link deviceNoiseKind}) or when the active backend is not webgl-like.
 */
export function webglFusedNoise(r: FusedNoiseRequest): tf.Tensor | null {
  return deviceFusedNoise(r, isWebGLRunner, (backend, flat, kind, { seed, scale, clip }) => {
    const program = { variableNames: ['G'], outputShape: flat.shape, userCode: sourceFor(kind), customUniforms: CUSTOM_UNIFORMS, enableShapeUniforms: true };
    // int uniform: the seed's bits as a signed int32; the shader reads them back with uint().
    return backend.runWebGLProgram(program, [flat], 'float32', [[seed | 0], [scale], [clip]]);
  });
}
