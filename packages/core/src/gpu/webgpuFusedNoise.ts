import * as tf from '@tensorflow/tfjs-core';
import type { FusedNoiseRequest } from '../optimizer/fusedNoiseKernel';
import { deviceNoiseKind, deviceNoiseUniforms, type DeviceNoiseKind } from './deviceNoiseKind';
import { wgslFusedNoiseSource, wgslInvocations } from './wgslNoise';

/** The WebGPUProgram fields tfjs-backend-webgpu 4.x reads (see its ClipProgram), duck-typed so core never imports the backend. */
type WebGPUNoiseProgram = {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size: boolean;
  uniforms: string;
  getUserCode(): string;
};
type ProgramUniform = { type: 'uint32' | 'float32' | 'int32'; data: number[] };
type WebGPUProgramRunner = {
  runWebGPUProgram(program: WebGPUNoiseProgram, inputs: tf.TensorInfo[], dtype: tf.DataType, uniforms?: ProgramUniform[]): tf.TensorInfo;
};

function isWebGPURunner(backend: unknown): backend is WebGPUProgramRunner {
  return typeof (backend as Partial<WebGPUProgramRunner>).runWebGPUProgram === 'function';
}

const WORKGROUP = 64;
const sources = new Map<DeviceNoiseKind, string>();
function sourceFor(kind: DeviceNoiseKind): string {
  let s = sources.get(kind);
  if (!s) sources.set(kind, (s = wgslFusedNoiseSource(kind)));
  return s;
}

/**
 * The fused noise kernel of the webgpu backend: a compute shader draws the
 * counter-hash noise and adds it to the gradient in one pass; nothing is
 * drawn on the host or uploaded but the uniforms. tfjs keys the pipeline on
 * the shader key, ranks and dtypes, so one pipeline per noise kind serves
 * every variable and step. Returns null (the upload path) for what it does
 * not draw (see {@link deviceNoiseKind}) or off webgpu.
 */
export function webgpuFusedNoise(r: FusedNoiseRequest): tf.Tensor | null {
  const kind = deviceNoiseKind(r);
  const backend = tf.backend();
  if (kind === null || !isWebGPURunner(backend)) return null;
  const n = r.gradient.size;
  if (n === 0) return tf.clone(r.gradient);
  const { seed, scale, clip } = deviceNoiseUniforms(r);
  return tf.tidy(() => {
    const flat = tf.reshape(r.gradient, [n]);
    const program: WebGPUNoiseProgram = {
      variableNames: ['G'],
      outputShape: [n],
      shaderKey: `tfjsNoiseFused_${kind}`,
      dispatchLayout: { x: [0] },
      dispatch: [Math.ceil(wgslInvocations(kind, n) / WORKGROUP), 1, 1],
      workgroupSize: [WORKGROUP, 1, 1],
      size: true,
      uniforms: 'seed : u32, scale : f32, clip : f32,',
      getUserCode: () => sourceFor(kind),
    };
    const info = backend.runWebGPUProgram(program, [flat], 'float32', [
      { type: 'uint32', data: [seed] },
      { type: 'float32', data: [scale] },
      { type: 'float32', data: [clip] },
    ]);
    return tf.reshape(tf.engine().makeTensorFromTensorInfo(info), r.gradient.shape);
  });
}
