import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chooseBackend, isSoftwareRenderer, selfCheck } from '../../src/engine/backend';

describe('backend choice', () => {
  it('recognises software renderers', () => {
    expect(
      isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'),
    ).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0)')).toBe(
      false,
    );
  });

  it('skips a software GPU when choosing automatically, and says why', async () => {
    const c = await chooseBackend(['webgl', 'cpu'], {
      gpu: async () => ({ kind: 'software', detail: 'SwiftShader' }),
    });
    expect(c.name).toBe('cpu');
    expect(c.attempts[0]).toMatchObject({ name: 'webgl', ok: false });
    expect(c.attempts[0]!.reason).toMatch(/software-emulated.*SwiftShader/);
    expect(c.notice).toBeUndefined();
  });

  it('falls back with a notice when the requested backend cannot start', async () => {
    const c = await chooseBackend(
      ['webgpu', 'cpu'],
      { gpu: async () => ({ kind: 'missing', detail: 'no WebGPU adapter' }) },
      'webgpu',
    );
    expect(c.name).toBe('cpu');
    expect(c.notice).toMatch(/"webgpu" is unavailable.*no WebGPU adapter/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('the self-check passes on cpu and catches a wrong kernel', async () => {
    await tf.setBackend('cpu');
    expect(await selfCheck()).toBeNull();
    // A backend whose matMul is off by one must fail the check.
    const kernel = tf.getKernel('BatchMatMul', 'cpu')!;
    tf.unregisterKernel('BatchMatMul', 'cpu');
    tf.registerKernel({
      ...kernel,
      kernelFunc: (a: any) => {
        const out = kernel.kernelFunc(a) as tf.TensorInfo;
        const be = a.backend as any;
        const vals = be.readSync(out.dataId) as Float32Array;
        for (let i = 0; i < vals.length; i++) vals[i] += 1;
        return out;
      },
    });
    try {
      expect(await selfCheck()).toMatch(/self-check failed/);
    } finally {
      tf.unregisterKernel('BatchMatMul', 'cpu');
      tf.registerKernel(kernel);
    }
    expect(await selfCheck()).toBeNull();
  });
});
