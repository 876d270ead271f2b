import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';

import { withoutTfjsBanner } from './quiet_tfjs_banner';

describe('withoutTfjsBanner', () => {
  it("drops the CPU backend's node-backend banner and passes every other warning through", () => {
    const seen: unknown[][] = [];
    const warn = withoutTfjsBanner((...args) => seen.push(args));
    const original = console.warn;
    console.warn = warn;
    try {
      // A fresh backend's first write prints the banner through console.warn.
      const backend = new MathBackendCPU();
      backend.write(new Float32Array([1]), [1], 'float32');
      backend.dispose();
    } finally {
      console.warn = original;
    }
    warn('a real warning', 2);
    warn({ not: 'text' });
    expect(seen).toEqual([['a real warning', 2], [{ not: 'text' }]]);
  });

  it('lets the banner through without the filter, so the test above sees it', () => {
    const seen: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => seen.push(args);
    try {
      new MathBackendCPU().write(new Float32Array([1]), [1], 'float32');
    } finally {
      console.warn = original;
    }
    expect(String(seen[0]?.[0])).toContain('install our node backend');
  });
});
