import * as tf from '@tensorflow/tfjs-core';
import { InvalidOptionError } from '@tfjs-noise/core';
import { describe, expect, it } from 'vitest';
import { NODE_LANES, parseNodeLane, useNodeLane } from './backendLane';

describe('TFJS_BACKEND for the Node lanes', () => {
  it('unset or empty means cpu; each Node lane is accepted as itself', () => {
    expect(parseNodeLane(undefined)).toBe('cpu');
    expect(parseNodeLane('')).toBe('cpu');
    for (const lane of Object.keys(NODE_LANES)) expect(parseNodeLane(lane)).toBe(lane);
  });

  it('an unknown value is an InvalidOptionError naming the variable, the value and the allowed lanes', () => {
    const err = (() => {
      try {
        parseNodeLane('tfjs-node');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidOptionError);
    expect((err as Error).message).toBe('test setup: TFJS_BACKEND must be one of cpu, wasm, tensorflow, webgpu-node; got "tfjs-node".');
  });

  it('a browser lane in Node says where it runs', () => {
    expect(() => parseNodeLane('webgl-f16')).toThrow(/webgl-f16 runs in headless Chromium: vitest\.browser\.config\.ts/);
  });

  it('useNodeLane activates the lane and checks it is the active backend', async () => {
    await expect(useNodeLane('cpu')).resolves.toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(useNodeLane('webgl')).rejects.toThrow(/TFJS_BACKEND/);
  });
});
