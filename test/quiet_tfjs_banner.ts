/**
 * Test setup: drops the one warning tfjs-backend-cpu prints the first time
 * each process writes a tensor in Node ("Hi, looks like you are running
 * TensorFlow.js in Node.js ... install our node backend"), which every test
 * file would otherwise print and which buries real warnings. Every other
 * warning passes through unchanged. (tfjs's own switches, the IS_TEST and
 * PROD flags, would silence all of its warnings, not just this one.)
 */
const BANNER = 'Hi, looks like you are running TensorFlow.js in Node.js';

/** `warn` without tfjs's node-backend banner. */
export function withoutTfjsBanner(warn: (...args: unknown[]) => void): (...args: unknown[]) => void {
  return (...args) => {
    if (typeof args[0] === 'string' && args[0].includes(BANNER)) return;
    warn(...args);
  };
}

console.warn = withoutTfjsBanner(console.warn.bind(console));
