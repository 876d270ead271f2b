/**
 * Runs one model task, or one part of its training, in a worker thread: its
 * own tfjs instance and backend, so two models train at the same time on two
 * cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  runModelTask,
  trainModelPart,
  type ModelTask,
  type ModelTaskResult,
  type TaskEvent,
  type TrainingOutcome,
} from './model-task';

/** What a model worker is asked to do: the whole task, or its training up to `untilEpoch` only. */
export interface WorkerJob {
  task: ModelTask;
  untilEpoch?: number;
}

/** Messages from a model worker to the main thread. */
export type WorkerMessage =
  | { type: 'event'; event: TaskEvent }
  | { type: 'result'; result: ModelTaskResult }
  | { type: 'trained'; outcome: TrainingOutcome }
  | { type: 'error'; message: string; stack?: string };

const port = parentPort!;
const { task, untilEpoch } = workerData as WorkerJob;
const report = (event: TaskEvent) => port.postMessage({ type: 'event', event } satisfies WorkerMessage);
try {
  if (untilEpoch !== undefined) {
    port.postMessage({ type: 'trained', outcome: await trainModelPart(task, untilEpoch, report) } satisfies WorkerMessage);
  } else {
    const result = await runModelTask(task, report);
    // Hand the large arrays over instead of copying them.
    const transfer = [result.codes.buffer, ...result.interpolations.flat().map((image) => image.buffer)];
    port.postMessage({ type: 'result', result } satisfies WorkerMessage, transfer as ArrayBuffer[]);
  }
} catch (error) {
  const { message, stack } = error as Error;
  port.postMessage({ type: 'error', message, stack } satisfies WorkerMessage);
}
