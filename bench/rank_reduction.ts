/**
 * The cost of the RRAE bottleneck (`RankReduction`, the rank-k truncated SVD
 * of the batch of codes in float64 on the CPU, forward and gradient) in a
 * training step: the reference code's MNIST encoder and decoder with codes
 * n = 128, with and without the layer between them, at batch 32 and 100, on
 * the backend that is current (the bench runs it on wasm with the library's
 * kernels). Steps with and without the layer alternate in rounds
 * (bench/step_cost.ts), so a load that comes and goes on a shared machine
 * falls on both; ratios come from this one run.
 */
import * as tf from '@tensorflow/tfjs';
import { rankReduction } from '../src/layers';
import { fusedAdam } from '../src/optimizers';
import { mnistDecoder, mnistEncoder } from '../src/presets';
import { cpuSecondsPerPass, disposeModels, milliseconds, signedMilliseconds, timeStepsInTurns } from './step_cost';

const CODE_WIDTH = 128;
const RANK = 8;
const BATCHES = [32, 100] as const;

/** Seconds per training step, wall and CPU, with and without the layer, at one batch size. */
export interface RankReductionCost {
  batch: number;
  rank: number;
  plainWall: number;
  plainCpu: number;
  reducedWall: number;
  reducedCpu: number;
  /** CPU seconds of the layer alone, forward and gradient, on random codes `[batch, 128]`. */
  layerCpu: number;
}

function autoencoder(withLayer: boolean): tf.Sequential {
  const model = tf.sequential();
  model.add(mnistEncoder(CODE_WIDTH, { seed: 1 }));
  if (withLayer) model.add(rankReduction({ rank: RANK }));
  model.add(mnistDecoder(CODE_WIDTH, { seed: 2 }));
  model.compile({ optimizer: fusedAdam(1e-4), loss: 'meanSquaredError' });
  return model;
}

/**
 * Times `rounds` x `stepsPerRound` training steps of each model at each
 * batch size, after one warm-up step each, the two models in turns.
 *
 * @param clock CPU seconds (of the measuring thread or process).
 */
export async function measureRankReductionCost(
  rounds: number,
  stepsPerRound: number,
  clock: () => number,
): Promise<RankReductionCost[]> {
  const costs: RankReductionCost[] = [];
  for (const batch of BATCHES) {
    const x = tf.randomUniform([batch, 32, 32, 1], 0, 1, 'float32', batch);
    const models = { plain: autoencoder(false), reduced: autoencoder(true) };
    const { plain, reduced } = await timeStepsInTurns(models, x, rounds, stepsPerRound, clock);
    costs.push({
      batch,
      rank: RANK,
      plainWall: plain.wall,
      plainCpu: plain.cpu,
      reducedWall: reduced.wall,
      reducedCpu: reduced.cpu,
      layerCpu: layerAlone(batch, 10, clock),
    });
    disposeModels(Object.values(models));
    x.dispose();
  }
  return costs;
}

/** CPU seconds per forward and gradient pass of the layer alone, mean of `count` after a warm-up. */
function layerAlone(batch: number, count: number, clock: () => number): number {
  const layer = rankReduction({ rank: RANK });
  const codes = tf.randomNormal([batch, CODE_WIDTH], 0, 1, 'float32', 7);
  const weights = tf.randomNormal([batch, CODE_WIDTH], 0, 1, 'float32', 8);
  const seconds = cpuSecondsPerPass(
    () =>
      tf.tidy(() => {
        const grad = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(layer.apply(z, { training: true }) as tf.Tensor, weights)));
        grad(codes).dataSync();
      }),
    count,
    clock,
  );
  tf.dispose([codes, weights]);
  layer.dispose();
  return seconds;
}

/** One line per batch size: ms per step without and with the layer, their ratio and the difference. */
export function formatRankReductionCost(costs: readonly RankReductionCost[]): string {
  const ms = milliseconds;
  const lines = costs.map(
    (c) =>
      `  batch ${String(c.batch).padStart(3)}: without ${ms(c.plainWall).padStart(9)}, with ${ms(c.reducedWall).padStart(9)} ` +
      `per step: ${(c.reducedWall / c.plainWall).toFixed(2)}x (${signedMilliseconds(c.reducedWall - c.plainWall)}); ` +
      `CPU time ${ms(c.plainCpu)} and ${ms(c.reducedCpu)}: ${(c.reducedCpu / c.plainCpu).toFixed(2)}x (${signedMilliseconds(c.reducedCpu - c.plainCpu)}); ` +
      `the layer alone, forward and gradient: ${ms(c.layerCpu)} CPU`,
  );
  return [
    `\nRRAE bottleneck (RankReduction, rank ${costs[0]?.rank}, codes n = ${CODE_WIDTH}) in a training step of the MNIST encoder and decoder, same run:`,
    ...lines,
  ].join('\n');
}
