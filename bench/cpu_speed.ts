import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * The clock of the first CPU in MHz, for the benchmark's header: the current
 * "cpu MHz" of /proc/cpuinfo on Linux (it follows frequency scaling), else
 * what `os.cpus()` reports (macOS, Windows), else NaN.
 *
 * @param readCpuinfo Reads /proc/cpuinfo; throws where there is none.
 */
export function cpuMegahertz(readCpuinfo: () => string = () => readFileSync('/proc/cpuinfo', 'utf8')): number {
  let cpuinfo = '';
  try {
    cpuinfo = readCpuinfo();
  } catch {
    // No /proc (macOS, Windows): fall back to os.cpus().
  }
  const fromProc = /cpu MHz\s*:\s*([\d.]+)/.exec(cpuinfo)?.[1];
  if (fromProc !== undefined) return Number(fromProc);
  const speed = cpus()[0]?.speed;
  return typeof speed === 'number' && speed > 0 ? speed : Number.NaN;
}
