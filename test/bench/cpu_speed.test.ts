import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';

import { cpuMegahertz } from '../../bench/cpu_speed';

describe('cpuMegahertz', () => {
  it('reads "cpu MHz" from /proc/cpuinfo where there is one', () => {
    expect(cpuMegahertz(() => 'processor\t: 0\ncpu MHz\t\t: 2893.204\ncache size\t: 512 KB\n')).toBe(2893.204);
  });

  it('falls back to os.cpus() where /proc/cpuinfo does not exist (macOS), instead of throwing', () => {
    const missing = () => {
      throw Object.assign(new Error("ENOENT: no such file or directory, open '/proc/cpuinfo'"), { code: 'ENOENT' });
    };
    const speed = cpus()[0]?.speed;
    const expected = typeof speed === 'number' && speed > 0 ? speed : Number.NaN;
    expect(cpuMegahertz(missing)).toBe(expected);
  });
});
