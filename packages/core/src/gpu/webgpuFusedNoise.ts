import * as tf from '@tensorflow/tfjs-core';
import type { FusedNoiseRequest } from '../optimizer/fusedNoiseKernel';
import { deviceFusedNoise, sourcePerKind } from './deviceFusedNoise';
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
const sourceFor = sourcePerKind(wgslFusedNoiseSource);

/**
 * The fused noise kernel of the webgpu backend: a compute shader draws the
 * counter-hash noise and adds it to the gradient in one pass; nothing is
 * drawn on the host or uploaded but the uniforms. tfjs keys the pipeline on
 * the shader key, ranks and dtypes, so one pipeline per noise kind serves
 * every variable and step. Returns null (the upload path) for what it does
 * not draw (see {@link deviceNoiseKind}) or off webgpu.
 */
export function webgpuFusedNoise(r: FusedNoiseRequest): tf.Tensor | null {
  return deviceFusedNoise(r, isWebGPURunner, (backend, flat, kind, { seed, scale, clip }) => {
    const program: WebGPUNoiseProgram = {
      variableNames: ['G'],
      outputShape: flat.shape,
      shaderKey: `tfjsNoiseFused_${kind}`,
      dispatchLayout: { x: [0] },
      dispatch: [Math.ceil(wgslInvocations(kind, flat.size) / WORKGROUP), 1, 1],
      workgroupSize: [WORKGROUP, 1, 1],
      size: true,
      uniforms: 'seed : u32, scale : f32, clip : f32,',
      getUserCode: () => sourceFor(kind),
    };
    return backend.runWebGPUProgram(program, [flat], 'float32', [
      { type: 'uint32', data: [seed] },
      { type: 'float32', data: [scale] },
      { type: 'float32', data: [clip] },
    ]);
  });
}
