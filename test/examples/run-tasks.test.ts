import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../examples/lib/budget-training';
import type { ModelTask, ModelTaskResult } from '../../examples/lib/model-task';
import type { WorkerJob, WorkerMessage } from '../../examples/lib/model-worker';
import { planLanes } from '../../examples/lib/lane-plan';
import { runModelTasks, runQueuedTasks } from '../../examples/lib/run-tasks';
import type { Worker } from 'node:worker_threads';

const root = mkdtempSync(join(tmpdir(), 'irmae-workers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const task = (model: 'ae' | 'irmae-l2'): ModelTask => ({
  model,
  dir: join(root, model),
  budget: { trainSize: 8, epochs: 1, learningRate: 1e-3, schedule: 'constant', warmup: 0, batchSize: 8, latentDim: 32, seed: 5, initialisation: 'pytorch' },
  evalSize: 6,
  pairs: [[0, 5]],
  ts: [0, 0.5, 1],
});

describe('runModelTasks', () => {
  // The worker loads the package by name, as users do, so it runs the built
  // dist/ (npm install builds it), not the sources the other tests alias.
  it('gives the same results in a worker thread as in this thread', async () => {
    const events: string[] = [];
    const onEvent = (model: string, event: TaskEvent) => {
      if (event.kind === 'progress') events.push(`${model}:${event.progress.state}`);
    };
    const [inWorker] = await runModelTasks<ModelTask, ModelTaskResult>([task('irmae-l2')], { workers: 1, onEvent });
    rmSync(join(root, 'irmae-l2'), { recursive: true });
    const [inThread] = await runModelTasks<ModelTask, ModelTaskResult>([task('irmae-l2')], { workers: 0, onEvent: () => {} });
    expect(inWorker.backend).toBe(inThread.backend);
    expect(inWorker.codes).toHaveLength(6 * 32);
    expect(Array.from(inWorker.codes)).toEqual(Array.from(inThread.codes));
    expect(inWorker.interpolations[0]).toHaveLength(3);
    expect(inWorker.interpolations[0][2]).toHaveLength(32 * 32 * 3);
    expect(events.at(-1)).toBe('irmae-l2:done');
  });

  it('splits a model between two workers with the results of training it in one go', async () => {
    // 3 models x 2 epochs on 2 workers: ae-l1 trains epoch 1 in the second worker, epoch 2 in the first.
    // A warm-up and cosine decay over both epochs: the second part must go on with the first part's step count.
    const models = ['ae', 'ae-l1', 'irmae-l2'] as const;
    const budget = { ...task('ae').budget, epochs: 2, schedule: 'cosine' as const, warmup: 8 };
    const tasks = (under: string) => models.map((model) => ({ ...task(model as 'ae'), dir: join(root, under, model), budget }));
    expect(planLanes([2, 2, 2], 2)[1][0]).toEqual({ task: 1, untilEpoch: 1, last: false });
    const epochEnds: string[] = [];
    const onEvent = (model: string, event: TaskEvent) => {
      if (event.kind === 'progress' && event.epochEnd) epochEnds.push(model);
    };
    const split = await runModelTasks<ModelTask, ModelTaskResult>(tasks('split'), { workers: 2, onEvent });
    // Each model ends epoch 1 once: the second part resumed from the first part's checkpoint.
    expect(epochEnds.sort()).toEqual([...models]);
    const whole = await runModelTasks<ModelTask, ModelTaskResult>(tasks('whole'), { workers: 0, onEvent: () => {} });
    expect(split.map((r) => r.model)).toEqual([...models]);
    expect(split.map((r) => r.origin)).toEqual(['trained', 'trained', 'trained']);
    for (const [i, result] of split.entries()) {
      expect(Array.from(result.codes)).toEqual(Array.from(whole[i].codes));
      expect(result.finalLoss).toBe(whole[i].finalLoss);
    }
  });

  it('names the model whose task failed', async () => {
    const bad = { ...task('ae'), model: 'vae' as 'ae' };
    await expect(runModelTasks([bad], { workers: 1, onEvent: () => {} })).rejects.toThrow(/^vae: `name` must be one of/);
  });

  it('names a split model whose first part failed in the second worker', async () => {
    const budget = { ...task('ae').budget, epochs: 2 };
    const tasks = ['ae', 'vae', 'irmae-l2'].map((model) => ({ ...task(model as 'ae'), dir: join(root, 'failing', model), budget }));
    // vae is split: its first part opens the second worker and fails there.
    await expect(runModelTasks(tasks, { workers: 2, onEvent: () => {} })).rejects.toThrow(/^vae: `name` must be one of/);
  });
});

/**
 * A stand-in for a model worker: posts `message` after `delay` ms. Like a
 * real worker whose message is already on its way, terminate() does not
 * stop that message.
 */
class ScriptedWorker extends EventEmitter {
  constructor(delay: number, message: WorkerMessage) {
    super();
    setTimeout(() => this.emit('message', message), delay);
  }

  terminate(): Promise<number> {
    return Promise.resolve(1);
  }
}

describe('runModelTasks stopping', () => {
  it('starts no worker after another lane failed, even when a first part ends after the stop', async () => {
    // 4 models x 2 epochs on 3 workers: lane 0 runs ae, then the last part of
    // ae-l1, which waits for ae-l1's first part in lane 1; lane 2 runs
    // irmae-l2, which fails at 40 ms; ae-l1's first part reports at 80 ms.
    const models = ['ae', 'ae-l1', 'ae-l2', 'irmae-l2'] as const;
    const budget = { ...task('ae').budget, epochs: 2 };
    const tasks = models.map((model) => ({ ...task(model as 'ae'), dir: join(root, 'stop', model), budget }));
    expect(planLanes([2, 2, 2, 2], 3).map((lane) => lane.map((part) => `${part.task}${part.last ? '' : ' first'}`))).toEqual([
      ['0', '1'],
      ['1 first', '2'],
      ['3'],
    ]);
    const started: string[] = [];
    const outcome = { origin: 'trained', finalLoss: 0.5, trainSeconds: 1 };
    const spawn = ({ task: { model }, untilEpoch }: WorkerJob) => {
      started.push(untilEpoch === undefined ? model : `${model} first`);
      if (model === 'irmae-l2') return new ScriptedWorker(40, { type: 'error', message: 'out of memory' }) as unknown as Worker;
      if (untilEpoch !== undefined) return new ScriptedWorker(80, { type: 'trained', outcome } as WorkerMessage) as unknown as Worker;
      return new ScriptedWorker(10, { type: 'result', result: { model } } as unknown as WorkerMessage) as unknown as Worker;
    };
    await expect(runModelTasks(tasks, { workers: 3, onEvent: () => {}, spawn })).rejects.toThrow('irmae-l2: out of memory');
    await new Promise((resolve) => setTimeout(resolve, 150)); // past the first part's late report
    expect(started.sort()).toEqual(['ae', 'ae-l1 first', 'irmae-l2']);
  });
});

describe('runQueuedTasks', () => {
  const runner = new URL('file:///unused-runner.ts');
  const outcome = { origin: 'trained' as const, finalLoss: 0, trainSeconds: 0 };

  it('gives each worker the next task when its last one ends, and keeps the order of the results', async () => {
    // Two workers, tasks of 60, 10, 10 and 10 ms: the second worker takes b, c and d while a runs.
    const delays: Record<string, number> = { a: 60, b: 10, c: 10, d: 10 };
    const started: string[] = [];
    const spawn = ({ task: { model } }: WorkerJob) => {
      started.push(model);
      return new ScriptedWorker(delays[model], { type: 'result', result: { ...outcome, model } } as unknown as WorkerMessage) as unknown as Worker;
    };
    const tasks = ['a', 'b', 'c', 'd'].map((model) => ({ model }));
    const results = await runQueuedTasks<{ model: string }, typeof outcome & { model: string }>(tasks, { workers: 2, onEvent: () => {}, spawn }, runner);
    expect(results.map((r) => r.model)).toEqual(['a', 'b', 'c', 'd']);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('starts no task after one failed, and names the failed one', async () => {
    const started: string[] = [];
    const spawn = ({ task: { model } }: WorkerJob) => {
      started.push(model);
      const message = model === 'b' ? { type: 'error', message: 'no memory' } : { type: 'result', result: { ...outcome, model } };
      return new ScriptedWorker(model === 'a' ? 50 : 10, message as WorkerMessage) as unknown as Worker;
    };
    const tasks = ['a', 'b', 'c', 'd'].map((model) => ({ model }));
    await expect(runQueuedTasks(tasks, { workers: 2, onEvent: () => {}, spawn }, runner)).rejects.toThrow('b: no memory');
    await new Promise((resolve) => setTimeout(resolve, 80)); // past a's report
    expect(started).toEqual(['a', 'b']);
  });
});

describe('runModelTask', () => {
  it('leaves no tensors behind', async () => {
    const tf = await import('@tensorflow/tfjs');
    const { runModelTask } = await import('../../examples/lib/model-task');
    const first = { ...task('ae'), dir: join(root, 'leak-warmup') };
    await runModelTask(first, () => {});
    const before = tf.memory().numTensors;
    await runModelTask({ ...task('irmae-l2'), dir: join(root, 'leak') }, () => {});
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('checkpointUsable', () => {
  it('continues a checkpoint only to the same budget with as many or more epochs', async () => {
    const { checkpointUsable } = await import('../../examples/lib/budget-training');
    const saved = task('ae').budget;
    expect(checkpointUsable(saved, saved)).toBe(true);
    expect(checkpointUsable(saved, { ...saved, epochs: 3 })).toBe(true);
    expect(checkpointUsable({ ...saved, epochs: 3 }, saved)).toBe(false);
    expect(checkpointUsable(saved, { ...saved, learningRate: 2e-3 })).toBe(false);
    expect(checkpointUsable(saved, { ...saved, seed: 6 })).toBe(false);
    expect(checkpointUsable(saved, { ...saved, warmup: 8 })).toBe(false);
    expect(checkpointUsable(saved, { ...saved, initialisation: 'he' })).toBe(false);
  });

  it('continues a decaying schedule only to the same number of epochs, which its decay spans', async () => {
    const { checkpointUsable } = await import('../../examples/lib/budget-training');
    const saved = { ...task('ae').budget, schedule: 'cosine' as const };
    expect(checkpointUsable(saved, saved)).toBe(true);
    expect(checkpointUsable(saved, { ...saved, epochs: 3 })).toBe(false);
    expect(checkpointUsable(saved, { ...saved, schedule: 'linear' })).toBe(false);
  });
});
