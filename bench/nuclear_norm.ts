/**
 * Cost of the nuclear norm penalty per training step, a section of
 * `npm run bench` (bench/training.ts): a model `[n] -> dense n ->
 * implicitRankMinimizer(1, n) -> dense n` (LoRAE's one n x n linear layer
 * between an encoder and a decoder), batch 32, MSE, Adam, trained with
 * `model.trainOnBatch` on the active backend, without the penalty and with
 * `nuclearNormRegularizer` on the linear layer's kernel by each method, at
 * n = 128 and 512. All in one run, so the ratios to the step without the
 * penalty are fair on a busy machine.
 */
import * as tf from '@tensorflow/tfjs';

import { implicitRankMinimizer } from '../src/layers';
import { type NuclearNormMethod, nuclearNormRegularizer } from '../src/regularizers';

const BATCH = 32;

/** One configuration: n, the penalty's method (none for the plain step) and how many steps to time. */
interface Case {
  n: number;
  method?: NuclearNormMethod;
  steps: number;
  /** Whether one untimed step runs first. The costliest case skips it: the smaller n warmed its kernels up. */
  warmup: boolean;
}

/**
 * Timed steps per case: enough for a stable figure where a step is cheap,
 * few where one step takes seconds (the float64 SVD at 512 takes 3 to 10 s
 * here, 30 Newton-Schulz steps at 512 on wasm 7 to 25 s), so that the section
 * adds well under a minute on an idle machine.
 */
const CASES: readonly Case[] = [
  { n: 128, steps: 20, warmup: true },
  { n: 128, method: 'svd', steps: 10, warmup: true },
  { n: 128, method: 'newtonSchulz', steps: 3, warmup: true },
  { n: 512, steps: 5, warmup: true },
  { n: 512, method: 'svd', steps: 2, warmup: true },
  { n: 512, method: 'newtonSchulz', steps: 1, warmup: false },
];

/** The measured cost of one case. */
export interface NuclearNormCost {
  n: number;
  /** The penalty's method, or undefined for the step without it. */
  method?: NuclearNormMethod;
  steps: number;
  /** Milliseconds of wall time per training step. */
  wallMs: number;
  /** Milliseconds of CPU time per training step (the measuring thread). */
  cpuMs: number;
}

function buildModel(n: number, method: NuclearNormMethod | undefined): tf.Sequential {
  const kernelRegularizer = method === undefined ? undefined : nuclearNormRegularizer({ lambda: 1e-3, method });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: n, inputShape: [n], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      implicitRankMinimizer(1, n, { seed: 2, kernelRegularizer }),
      tf.layers.dense({ units: n, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-4), loss: 'meanSquaredError' });
  return model;
}

/**
 * Times each case on the active backend.
 *
 * @param cpuSeconds The CPU clock to read beside the wall clock.
 * @returns One entry per case, in {@link CASES} order.
 */
export async function measureNuclearNormCost(cpuSeconds: () => number): Promise<NuclearNormCost[]> {
  const costs: NuclearNormCost[] = [];
  for (const { n, method, steps, warmup } of CASES) {
    const model = buildModel(n, method);
    const x = tf.randomNormal([BATCH, n], 0, 1, 'float32', n);
    if (warmup) await model.trainOnBatch(x, x);
    const wall = performance.now();
    const cpu = cpuSeconds();
    for (let i = 0; i < steps; i++) await model.trainOnBatch(x, x);
    costs.push({ n, method, steps, wallMs: (performance.now() - wall) / steps, cpuMs: ((cpuSeconds() - cpu) * 1000) / steps });
    x.dispose();
    model.optimizer.dispose();
    model.dispose();
  }
  return costs;
}

/** Prints the costs with their ratios to the step without the penalty at the same n. */
export function printNuclearNormCost(costs: readonly NuclearNormCost[], backend: string): void {
  console.log(
    `\nNuclear norm penalty per training step ([n] -> dense -> implicitRankMinimizer(1, n) -> dense, batch ${BATCH}, Adam, ${backend}, same run):`,
  );
  for (const cost of costs) {
    const plain = costs.find((c) => c.n === cost.n && c.method === undefined);
    const label = `n = ${cost.n}, ${cost.method === undefined ? 'no penalty' : `'${cost.method}'${cost.method === 'newtonSchulz' ? ' (30 steps)' : ''}`}`;
    const ratio =
      cost.method === undefined || plain === undefined
        ? ''
        : `   ${(cost.wallMs / plain.wallMs).toFixed(1)}x the step without (CPU time ${(cost.cpuMs / plain.cpuMs).toFixed(1)}x), the penalty ${(cost.wallMs - plain.wallMs).toFixed(0)} ms`;
    console.log(`  ${label.padEnd(36)} ${cost.wallMs.toFixed(1).padStart(9)} ms (CPU ${cost.cpuMs.toFixed(1)} ms), ${cost.steps} step(s)${ratio}`);
  }
}
