/**
 * Runs the model tasks: on `workers` worker threads, planned so that every
 * worker stays busy until the last model is done (see `planLanes`), or one
 * after another in this thread when `workers` is 0.
 */
import { Worker } from 'node:worker_threads';
import { planLanes, type TaskPart } from './lane-plan';
import type { TaskEvent, TrainingOutcome } from './budget-training';
import type { TaskRunner, WorkerJob, WorkerMessage } from './model-worker';

export interface RunTasksOptions {
  /** Parallel worker threads; 0 runs the tasks in this thread. */
  workers: number;
  onEvent: (model: string, event: TaskEvent) => void;
  /** Starts the worker of a job; default a worker thread running model-worker.ts. */
  spawn?: (job: WorkerJob) => Worker;
}

/** What the lane plan needs of a task. */
export interface PlannedTask {
  model: string;
  budget: { epochs: number };
}

/** The shape reproduction's runner module. */
const SHAPE_TASKS = new URL('./model-task.ts', import.meta.url);

/**
 * @param runner URL of the module that runs each task (see `TaskRunner`);
 *   default the shape reproduction's.
 * @returns The results in the order of `tasks`; a model trained in two parts
 *   reports the training seconds of both.
 * @throws The first task's error, naming its model; the other workers are stopped.
 */
export async function runModelTasks<Task extends PlannedTask, Result extends TrainingOutcome>(
  tasks: readonly Task[],
  options: RunTasksOptions,
  runner: URL = SHAPE_TASKS,
): Promise<Result[]> {
  if (options.workers === 0) return runInThread(tasks, options, runner);
  const plan = planLanes(
    tasks.map((task) => task.budget.epochs),
    Math.min(options.workers, tasks.length),
  );
  const results = new Array<Result>(tasks.length);
  const firstParts = firstPartOutcomes(plan);
  const running = new Set<Worker>();
  const spawn = options.spawn ?? modelWorker;
  let stopped = false;
  const runLane = async (parts: readonly TaskPart[]): Promise<void> => {
    for (const part of parts) {
      if (stopped) return;
      const task = tasks[part.task];
      const first = firstParts.get(part.task);
      if (!part.last) {
        const outcome = inWorker<TrainingOutcome>(spawn, { runner: runner.href, task, untilEpoch: part.untilEpoch }, task.model, options.onEvent, running);
        first!.settleWith(outcome);
        await outcome;
      } else {
        // The first part runs at the start of another lane; it has normally ended long before.
        const before = first === undefined ? undefined : await first.promise;
        // Another lane may have failed while this one waited: start nothing after a stop.
        if (stopped) return;
        const result = await inWorker<Result>(spawn, { runner: runner.href, task }, task.model, options.onEvent, running);
        results[part.task] = before === undefined ? result : joinParts(before, result);
      }
    }
  };
  await runLanes(plan.map((parts) => () => runLane(parts)), running, () => {
    stopped = true;
  });
  return results;
}

/**
 * Runs tasks that are never split (each a whole job, not an epoch count):
 * on `workers` worker threads, each taking the next task when its last one
 * ends, or one after another in this thread when `workers` is 0.
 *
 * @param runner URL of the module that runs each task (see `TaskRunner`).
 * @returns The results in the order of `tasks`.
 * @throws The first task's error, naming it; the other workers are stopped.
 */
export async function runQueuedTasks<Task extends { model: string }, Result extends TrainingOutcome>(
  tasks: readonly Task[],
  options: RunTasksOptions,
  runner: URL,
): Promise<Result[]> {
  if (options.workers === 0) return runInThread(tasks, options, runner);
  const results = new Array<Result>(tasks.length);
  const running = new Set<Worker>();
  const spawn = options.spawn ?? modelWorker;
  let next = 0;
  const runLane = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      results[index] = await inWorker<Result>(spawn, { runner: runner.href, task }, task.model, options.onEvent, running);
    }
  };
  const lanes = Math.min(options.workers, tasks.length);
  await runLanes(Array.from({ length: lanes }, () => runLane), running, () => {
    next = tasks.length;
  });
  return results;
}

/** The tasks one after another in this thread. */
async function runInThread<Task extends { model: string }, Result extends TrainingOutcome>(
  tasks: readonly Task[],
  options: RunTasksOptions,
  runner: URL,
): Promise<Result[]> {
  const { runModelTask } = (await import(runner.href)) as TaskRunner<Task, Result>;
  const results: Result[] = [];
  for (const task of tasks) results.push(await runModelTask(task, (event) => options.onEvent(task.model, event)));
  return results;
}

/** Runs the lanes together; on the first failure, `stop` keeps them from starting more and the running workers end. */
async function runLanes(lanes: ReadonlyArray<() => Promise<void>>, running: Set<Worker>, stop: () => void): Promise<void> {
  try {
    await Promise.all(lanes.map((lane) => lane()));
  } catch (error) {
    stop();
    await Promise.all([...running].map((worker) => worker.terminate()));
    throw error;
  }
}

/** A promise per split task for its first part's outcome, settled when that part ends. */
function firstPartOutcomes(plan: readonly TaskPart[][]) {
  const outcomes = new Map<number, { promise: Promise<TrainingOutcome>; settleWith: (outcome: Promise<TrainingOutcome>) => void }>();
  for (const part of plan.flat()) {
    if (part.last) continue;
    let settleWith!: (outcome: Promise<TrainingOutcome>) => void;
    const promise = new Promise<TrainingOutcome>((resolve) => {
      settleWith = resolve;
    });
    // A failed first part is reported by its own lane; nobody else need be waiting.
    promise.catch(() => undefined);
    outcomes.set(part.task, { promise, settleWith });
  }
  return outcomes;
}

/** The result of a model trained in two parts: seconds of both, and how its training began. */
function joinParts<Result extends TrainingOutcome>(first: TrainingOutcome, rest: Result): Result {
  return {
    ...rest,
    origin: first.origin === 'reused' ? rest.origin : first.origin,
    trainSeconds: first.trainSeconds + rest.trainSeconds,
  };
}

/** A worker thread running model-worker.ts on `job`. */
function modelWorker(job: WorkerJob): Worker {
  const entry = new URL('./model-worker.ts', import.meta.url).href;
  return new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry, ...job } });
}

function inWorker<T extends TrainingOutcome>(
  spawn: (job: WorkerJob) => Worker,
  job: WorkerJob,
  model: string,
  onEvent: RunTasksOptions['onEvent'],
  running: Set<Worker>,
): Promise<T> {
  const worker = spawn(job);
  running.add(worker);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      running.delete(worker);
      action();
      void worker.terminate();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'event') onEvent(model, message.event);
      else if (message.type === 'result') settle(() => resolve(message.result as T));
      else if (message.type === 'trained') settle(() => resolve(message.outcome as T));
      else settle(() => reject(new Error(`${model}: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(new Error(`${model}: ${error.message}`))));
    worker.on('exit', (code) => settle(() => reject(new Error(`${model}: worker stopped with exit code ${code}`))));
  });
}
