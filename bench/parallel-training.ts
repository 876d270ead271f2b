/**
 * Measures whether training two models at once, each in its own worker
 * thread with its own wasm backend, beats training them one after another.
 * Prints both throughputs and their ratio, measured in one run; the
 * reproduction's default `--workers` follows from it.
 *
 *   npx tsx bench/parallel-training.ts [--images 3200] [--workers 2] [--batch-size 16]
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { createShapeAutoencoder, generateShapes, trainAutoencoder, useFastestBackend } from 'irmae';
import { integerFlag, parseCommandLine, parseFlags } from '../examples/lib/flags';

interface Job {
  images: number;
  batchSize: number;
}

interface JobResult {
  backend: string;
  /** performance.timeOrigin-based times of the timed part, in ms. */
  start: number;
  end: number;
}

const WARMUP_IMAGES = 64;

/** In a worker: trains IRMAE l=2 on `images` shapes after a warm-up. */
async function trainJob({ images, batchSize }: Job): Promise<JobResult> {
  const { name } = await useFastestBackend();
  const set = generateShapes({ count: images, seed: 1 });
  const xs = tf.tensor4d(set.images, set.shape);
  const { model } = createShapeAutoencoder({ irmLayers: 2, seed: 1 });
  const warmup = xs.slice(0, Math.min(WARMUP_IMAGES, images));
  await trainAutoencoder(model, warmup, { epochs: 1, batchSize, progress: 'none' });
  const start = performance.timeOrigin + performance.now();
  await trainAutoencoder(model, xs, { epochs: 1, batchSize, progress: 'none' });
  const end = performance.timeOrigin + performance.now();
  tf.dispose([xs, warmup]);
  model.dispose();
  return { backend: name, start, end };
}

function spawn(job: Job, running: Worker[]): Promise<JobResult> {
  const worker = new Worker(new URL('../examples/lib/worker-bootstrap.mjs', import.meta.url), {
    workerData: { entry: import.meta.url, job },
  });
  running.push(worker);
  return new Promise((resolve, reject) => {
    worker.once('message', (result: JobResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    // A worker that dies without a message or an error (out of memory, process.exit) would
    // otherwise leave this promise, and the benchmark, waiting forever. After a result, a no-op.
    worker.once('exit', (code) => reject(new Error(`a training worker stopped with exit code ${code} before sending its result`)));
  });
}

/**
 * Images per second of all workers together, from the first timed start to
 * the last end: conservative when the warm-ups end at different times.
 */
async function throughput(workers: number, job: Job): Promise<{ rate: number; backend: string }> {
  const running: Worker[] = [];
  const results = await Promise.all(Array.from({ length: workers }, () => spawn(job, running))).catch(async (error: unknown) => {
    // One failed: stop the others rather than wait for them.
    await Promise.all(running.map((worker) => worker.terminate()));
    throw error;
  });
  const span = Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start));
  return { rate: (workers * job.images) / (span / 1000), backend: results[0].backend };
}

async function main(): Promise<void> {
  const { job, workers } = parseCommandLine('bench/parallel-training.ts', () => {
    const flags = parseFlags(process.argv.slice(2), {
      images: { type: 'string' },
      workers: { type: 'string' },
      'batch-size': { type: 'string' },
    });
    return {
      job: { images: integerFlag(flags, 'images', 3200, 1), batchSize: integerFlag(flags, 'batch-size', 16, 1) },
      workers: integerFlag(flags, 'workers', 2, 1),
    };
  });
  const one = await throughput(1, job);
  const many = await throughput(workers, job);
  console.log(`backend: ${one.backend}, IRMAE l=2, batch ${job.batchSize}, ${job.images} images per worker`);
  console.log(`1 worker:  ${one.rate.toFixed(1)} images/s`);
  console.log(`${workers} workers: ${many.rate.toFixed(1)} images/s in total`);
  console.log(`ratio:     ${(many.rate / one.rate).toFixed(2)}x`);
}

if (isMainThread) {
  try {
    await main();
  } catch (error) {
    process.stderr.write(`bench-parallel-training failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
} else {
  parentPort!.postMessage(await trainJob((workerData as { job: Job }).job));
}
