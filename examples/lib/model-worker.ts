/**
 * Runs one model task in a worker thread: its own tfjs instance and backend,
 * so two models train at the same time on two cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runModelTask, type ModelTask, type ModelTaskResult, type TaskEvent } from './model-task';

/** Messages from a model worker to the main thread. */
export type WorkerMessage =
  | { type: 'event'; event: TaskEvent }
  | { type: 'result'; result: ModelTaskResult }
  | { type: 'error'; message: string; stack?: string };

const port = parentPort!;
const { task } = workerData as { task: ModelTask };
try {
  const result = await runModelTask(task, (event) => port.postMessage({ type: 'event', event } satisfies WorkerMessage));
  // Hand the large arrays over instead of copying them.
  const transfer = [result.codes.buffer, ...result.interpolations.flat().map((image) => image.buffer)];
  port.postMessage({ type: 'result', result } satisfies WorkerMessage, transfer as ArrayBuffer[]);
} catch (error) {
  const { message, stack } = error as Error;
  port.postMessage({ type: 'error', message, stack } satisfies WorkerMessage);
}
