/**
 * What the bench sections that price one piece of a model in a training step
 * share (bench/rank_reduction.ts, bench/nuclear_norm.ts): training steps of
 * several models on one batch, timed in turns, and the CPU time of the piece
 * alone. The models take turns round by round, so a load that comes and goes
 * on a shared machine falls on all of them, and their ratios come from one
 * run.
 */
import * as tf from '@tensorflow/tfjs';

/** Seconds per training step, of wall time and of the clock's CPU time. */
export interface StepSeconds {
  wall: number;
  cpu: number;
}

/**
 * Times `rounds` x `stepsPerRound` training steps (`model.trainOnBatch(x, x)`)
 * of each model, after one untimed warm-up step each: in every round each
 * model runs its `stepsPerRound` steps, in the order given.
 *
 * @param models Compiled autoencoders taking `x`, by name.
 * @param x The batch, input and target.
 * @param clock CPU seconds (of the measuring thread or process).
 * @returns Seconds per step of each model, by the same names.
 */
export async function timeStepsInTurns<Name extends string>(
  models: Readonly<Record<Name, tf.LayersModel>>,
  x: tf.Tensor,
  rounds: number,
  stepsPerRound: number,
  clock: () => number,
): Promise<Record<Name, StepSeconds>> {
  const entries = Object.entries(models) as [Name, tf.LayersModel][];
  const totals = Object.fromEntries(entries.map(([name]) => [name, { wall: 0, cpu: 0 }])) as Record<Name, StepSeconds>;
  for (const [, model] of entries) await model.trainOnBatch(x, x);
  for (let round = 0; round < rounds; round++) {
    for (const [name, model] of entries) {
      const wall = performance.now();
      const cpu = clock();
      for (let step = 0; step < stepsPerRound; step++) await model.trainOnBatch(x, x);
      totals[name].wall += (performance.now() - wall) / 1000;
      totals[name].cpu += clock() - cpu;
    }
  }
  const steps = rounds * stepsPerRound;
  for (const [name] of entries) {
    totals[name].wall /= steps;
    totals[name].cpu /= steps;
  }
  return totals;
}

/**
 * CPU seconds per call of `pass`, the mean of `count` calls after one
 * untimed call.
 *
 * @param clock CPU seconds (of the measuring thread or process).
 */
export function cpuSecondsPerPass(pass: () => void, count: number, clock: () => number): number {
  pass();
  const cpu = clock();
  for (let i = 0; i < count; i++) pass();
  return (clock() - cpu) / count;
}

/** Disposes each model and its optimizer. */
export function disposeModels(models: Iterable<tf.LayersModel>): void {
  for (const model of models) {
    model.optimizer?.dispose();
    model.dispose();
  }
}

/** Seconds as milliseconds with one decimal, `'12.3 ms'`. */
export function milliseconds(seconds: number): string {
  return `${(1000 * seconds).toFixed(1)} ms`;
}

/** A difference of seconds as signed milliseconds, `'+12.3 ms'` or `'-0.9 ms'`. */
export function signedMilliseconds(seconds: number): string {
  return `${seconds < 0 ? '-' : '+'}${milliseconds(Math.abs(seconds))}`;
}
