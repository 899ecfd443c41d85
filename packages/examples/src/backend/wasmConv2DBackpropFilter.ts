import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

type FilterGradAttrs = {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
};

function kernel(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`The wasm backend has no ${name} kernel, which the Conv2DBackpropFilter kernel needs.`);
  return k.kernelFunc;
}

/**
 * `Conv2DBackpropFilter` for the wasm backend, which lacks it (so CNN training
 * fails there with "Kernel 'Conv2DBackpropFilter' not registered").
 *
 * The filter gradient is itself a convolution:
 * `dW[i,j,c,o] = Σ_{n,y,x} x[n, y·s + i − padTop, x·s + j − padLeft, c] · dy[n,y,x,o]`,
 * i.e. a stride-1 convolution, dilated by the forward stride `s`, of the input
 * with channels and batch swapped (`[C_in, H, W, N]`) by `dy` as the filter
 * (`[H', W', N, C_out]`), padded as the forward pass was. The result,
 * `[C_in, fh', fw', C_out]` with `fh' ≥ fh`, is cropped to the filter size and
 * transposed to `[fh, fw, C_in, C_out]`. Runs entirely on wasm kernels.
 */
export const wasmConv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as FilterGradAttrs;
  if (a.dataFormat !== 'NHWC') throw new Error(`wasm Conv2DBackpropFilter supports dataFormat NHWC only; got ${a.dataFormat}.`);
  const [fh, fw, cin, cout] = a.filterShape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  const transpose = kernel('Transpose');
  const conv2d = kernel('Conv2D');
  const slice = kernel('Slice');
  const temps: TensorInfo[] = [];
  const run = (f: KernelFunc, ins: Record<string, TensorInfo>, at: NamedAttrMap) => {
    const out = f({ inputs: ins, backend, attrs: at }) as TensorInfo;
    temps.push(out);
    return out;
  };
  try {
    const xT = run(transpose, { x }, { perm: [3, 1, 2, 0] }); // [C_in, H, W, N]
    const dyT = run(transpose, { x: dy }, { perm: [1, 2, 0, 3] }); // [H', W', N, C_out]
    const { top, bottom, left, right } = info.padInfo;
    const grad = run(conv2d, { x: xT, filter: dyT }, {
      strides: [1, 1],
      pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [info.strideHeight, info.strideWidth],
      dimRoundingMode: undefined as unknown as string,
    } as unknown as NamedAttrMap); // [C_in, fh', fw', C_out]
    const cropped = run(slice, { x: grad }, { begin: [0, 0, 0, 0], size: [cin, fh, fw, cout] });
    const result = transpose({ inputs: { x: cropped }, backend, attrs: { perm: [1, 2, 0, 3] } }) as TensorInfo;
    return result;
  } finally {
    for (const t of temps) (backend as tf.KernelBackend).disposeData(t.dataId);
  }
};

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: wasmConv2DBackpropFilter,
};

/** Registers the kernel once; a no-op when the wasm backend already has one. */
export function registerWasmConv2DBackpropFilter(): void {
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(wasmConv2DBackpropFilterConfig);
}
