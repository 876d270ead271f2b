/**
 * Cost of the nuclear norm penalty per training step, a section of
 * `npm run bench` (bench/training.ts), in two parts, each on the active
 * backend and in one run, so the ratios are fair on a busy machine:
 *
 * - the penalty on a toy model `[n] -> dense n -> implicitRankMinimizer(1, n)
 *   -> dense n` (LoRAE's one n x n linear layer between an encoder and a
 *   decoder), batch 32, MSE, Adam, without the penalty and with
 *   `nuclearNormRegularizer` on the linear layer's kernel by each method, at
 *   n = 128 and 512: how it grows with n;
 * - LoRAE in a real training step: `createLorae` (n = 128, lambda 1e-5, the
 *   SVD) beside the plain AE (`createMnistAutoencoder`) and IRMAE l = 8 on
 *   the reference code's MNIST networks, batch 32, the models in turns
 *   (bench/step_cost.ts, as bench/rank_reduction.ts times RRAE's layer), and
 *   the penalty alone by each method.
 */
import * as tf from '@tensorflow/tfjs';

import { implicitRankMinimizer } from '../src/layers';
import { fusedAdam } from '../src/optimizers';
import { createLorae, createMnistAutoencoder, DEFAULT_LORAE_LAMBDA } from '../src/presets';
import { type NuclearNormMethod, nuclearNormRegularizer } from '../src/regularizers';
import { cpuSecondsPerPass, disposeModels, milliseconds, signedMilliseconds, type StepSeconds, timeStepsInTurns } from './step_cost';

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

/** Code size of the MNIST models, the reference README's. */
const MNIST_LATENT = 128;
/** The reference README's number of linear layers of IRMAE on MNIST. */
const MNIST_IRM_LAYERS = 8;

/** The MNIST models' steps, and the penalty alone. */
export interface LoraeStepCost {
  batch: number;
  /** Seconds per training step of the plain AE, LoRAE and IRMAE l = 8. */
  ae: StepSeconds;
  lorae: StepSeconds;
  irmae: StepSeconds;
  /** CPU seconds of the penalty alone on a 128 x 128 kernel, value and gradient, by method. */
  penaltyCpu: Record<NuclearNormMethod, number>;
}

/**
 * Times training steps of the reference code's MNIST autoencoder (n = 128)
 * as the plain AE, as LoRAE (`createLorae`, lambda 1e-5, `method: 'svd'`)
 * and as IRMAE l = 8, batch 32, Adam (`fusedAdam`) and MSE, on uniform noise
 * of the digits' size (the speed does not depend on the pixels): `rounds` x
 * `stepsPerRound` steps each, in turns, after one warm-up step each.
 *
 * @param clock CPU seconds (of the measuring thread or process).
 */
export async function measureLoraeStepCost(rounds: number, stepsPerRound: number, clock: () => number): Promise<LoraeStepCost> {
  const x = tf.randomUniform([BATCH, 32, 32, 1], 0, 1, 'float32', 1);
  const models = {
    ae: createMnistAutoencoder({ latentDim: MNIST_LATENT, seed: 1 }).model,
    lorae: createLorae({ latentDim: MNIST_LATENT, seed: 1 }).model,
    irmae: createMnistAutoencoder({ latentDim: MNIST_LATENT, irmLayers: MNIST_IRM_LAYERS, seed: 1 }).model,
  };
  for (const model of Object.values(models)) model.compile({ optimizer: fusedAdam(1e-4), loss: 'meanSquaredError' });
  const steps = await timeStepsInTurns(models, x, rounds, stepsPerRound, clock);
  disposeModels(Object.values(models));
  x.dispose();
  return {
    batch: BATCH,
    ...steps,
    penaltyCpu: { svd: penaltyAlone('svd', 10, clock), newtonSchulz: penaltyAlone('newtonSchulz', 5, clock) },
  };
}

/** CPU seconds of LoRAE's penalty on a 128 x 128 kernel, value and gradient, mean of `count` after a warm-up. */
function penaltyAlone(method: NuclearNormMethod, count: number, clock: () => number): number {
  const penalty = nuclearNormRegularizer({ lambda: DEFAULT_LORAE_LAMBDA, method });
  const kernel = tf.randomUniform([MNIST_LATENT, MNIST_LATENT], -1 / Math.sqrt(MNIST_LATENT), 1 / Math.sqrt(MNIST_LATENT), 'float32', 3);
  const seconds = cpuSecondsPerPass(
    () =>
      tf.tidy(() => {
        tf.grad((w: tf.Tensor) => penalty.apply(w))(kernel).dataSync();
      }),
    count,
    clock,
  );
  kernel.dispose();
  return seconds;
}

/** The MNIST models' steps with their ratios to the AE's, and the penalty alone. */
export function formatLoraeStepCost(cost: LoraeStepCost, backend: string): string {
  const { ae } = cost;
  const row = (label: string, step: StepSeconds) => {
    const ratio =
      step === ae
        ? ''
        : `: ${(step.wall / ae.wall).toFixed(2)}x the AE's (${signedMilliseconds(step.wall - ae.wall)}), ` +
          `CPU time ${(step.cpu / ae.cpu).toFixed(2)}x (${signedMilliseconds(step.cpu - ae.cpu)})`;
    return `  ${label.padEnd(44)} ${milliseconds(step.wall).padStart(9)} per step (CPU ${milliseconds(step.cpu)})${ratio}`;
  };
  return [
    `\nLoRAE in a training step of the MNIST reference networks (n = ${MNIST_LATENT}, batch ${cost.batch}, Adam, ${backend}, models in turns, same run):`,
    row('AE (createMnistAutoencoder)', ae),
    row(`LoRAE (createLorae, lambda ${DEFAULT_LORAE_LAMBDA.toExponential()}, 'svd')`, cost.lorae),
    row(`IRMAE l = ${MNIST_IRM_LAYERS} (createMnistAutoencoder)`, cost.irmae),
    `  the penalty alone, value and gradient of the ${MNIST_LATENT} x ${MNIST_LATENT} kernel: ` +
      `'svd' ${milliseconds(cost.penaltyCpu.svd)} CPU, 'newtonSchulz' (30 steps) ${milliseconds(cost.penaltyCpu.newtonSchulz)} CPU`,
  ].join('\n');
}
