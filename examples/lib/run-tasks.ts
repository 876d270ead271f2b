/**
 * Runs the model tasks: `workers` at a time, each in its own worker thread,
 * or one after another in this thread when `workers` is 0.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './model-worker';
import { runModelTask, type ModelTask, type ModelTaskResult, type TaskEvent } from './model-task';

export interface RunTasksOptions {
  /** Parallel worker threads; 0 runs the tasks in this thread. */
  workers: number;
  onEvent: (model: string, event: TaskEvent) => void;
}

/**
 * @returns The results in the order of `tasks`.
 * @throws The first task's error, naming its model; the other workers are stopped.
 */
export async function runModelTasks(tasks: readonly ModelTask[], options: RunTasksOptions): Promise<ModelTaskResult[]> {
  if (options.workers === 0) {
    const results: ModelTaskResult[] = [];
    for (const task of tasks) results.push(await runModelTask(task, (event) => options.onEvent(task.model, event)));
    return results;
  }
  const results = new Array<ModelTaskResult>(tasks.length);
  const running = new Set<Worker>();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await inWorker(tasks[index], options.onEvent, running);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.workers, tasks.length) }, lane));
  } catch (error) {
    next = tasks.length;
    await Promise.all([...running].map((worker) => worker.terminate()));
    throw error;
  }
  return results;
}

function inWorker(task: ModelTask, onEvent: RunTasksOptions['onEvent'], running: Set<Worker>): Promise<ModelTaskResult> {
  const entry = new URL('./model-worker.ts', import.meta.url).href;
  const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry, task } });
  running.add(worker);
  return new Promise<ModelTaskResult>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      running.delete(worker);
      action();
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'event') onEvent(task.model, message.event);
      else if (message.type === 'result') settle(() => resolve(message.result));
      else settle(() => reject(new Error(`${task.model}: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(new Error(`${task.model}: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(new Error(`${task.model}: worker stopped with exit code ${code}`))));
  });
}
