/**
 * Runs one model task, or one part of its training, in a worker thread: its
 * own tfjs instance and backend, so two models train at the same time on two
 * cores. The task's code comes from a runner module (see `TaskRunner`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskEvent, TrainingOutcome } from './budget-training';

/**
 * What a runner module exports: the shape reproduction's `model-task.ts`,
 * the MNIST reproduction's `mnist/mnist-task.ts`.
 */
export interface TaskRunner<Task, Result extends TrainingOutcome> {
  /** Trains or reuses the model, then measures it. */
  runModelTask(task: Task, report: (event: TaskEvent) => void): Promise<Result>;
  /** Trains the model up to `untilEpoch` only, leaving the rest to a later `runModelTask`. */
  trainModelPart(task: Task, untilEpoch: number, report: (event: TaskEvent) => void): Promise<TrainingOutcome>;
}

/** What a model worker is asked to do: the whole task, or its training up to `untilEpoch` only. */
export interface WorkerJob {
  /** URL of the runner module. */
  runner: string;
  /** The runner's task, named by its model. */
  task: { model: string };
  untilEpoch?: number;
}

/** Messages from a model worker to the main thread. */
export type WorkerMessage =
  | { type: 'event'; event: TaskEvent }
  | { type: 'result'; result: TrainingOutcome }
  | { type: 'trained'; outcome: TrainingOutcome }
  | { type: 'error'; message: string; stack?: string };

/** The buffers of every typed array in `value`, to hand over instead of copying them. */
function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) found.add(value.buffer as ArrayBuffer);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) transferables(item, found);
  return [...found];
}

const port = parentPort!;
const { runner, task, untilEpoch } = workerData as WorkerJob;
const report = (event: TaskEvent) => port.postMessage({ type: 'event', event } satisfies WorkerMessage);
try {
  const tasks = (await import(runner)) as TaskRunner<WorkerJob['task'], TrainingOutcome>;
  if (untilEpoch !== undefined) {
    port.postMessage({ type: 'trained', outcome: await tasks.trainModelPart(task, untilEpoch, report) } satisfies WorkerMessage);
  } else {
    const result = await tasks.runModelTask(task, report);
    port.postMessage({ type: 'result', result } satisfies WorkerMessage, transferables(result));
  }
} catch (error) {
  const { message, stack } = error as Error;
  port.postMessage({ type: 'error', message, stack } satisfies WorkerMessage);
}
