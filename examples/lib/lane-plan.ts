/**
 * Which worker trains which epochs of which model, so that every worker stays
 * busy until the last model is done.
 *
 * One model trains on one core. Five models on two workers taken whole leave
 * one core idle while the fifth trains: 3 models' time instead of 2.5. A
 * model's training can stop after any epoch and continue from its checkpoint
 * in another worker with the same result (the shuffle depends only on the
 * seed and the epoch; Adam's state is in the checkpoint), so the plan splits
 * one model between two workers, as McNaughton's wrap-around rule does for
 * preemptible jobs: the models fill the lanes in order up to an equal share
 * of epochs; the model that overflows a lane trains its first epochs at the
 * start of the next lane, and its last epochs at the end of this one, long
 * after the first ones are done.
 */

/** One stretch of a model's training, run in one worker. */
export interface TaskPart {
  /** Index of the model's task. */
  task: number;
  /** Train up to this epoch (1-based, inclusive), resuming from the checkpoint. */
  untilEpoch: number;
  /** Whether this stretch ends the model's training; the last part also measures the model. */
  last: boolean;
}

/**
 * Splits the tasks' epochs over `lanes` workers, each lane's parts to run in
 * order. Every lane gets at most max(largest task, ceil(total / lanes)) epochs,
 * the least any plan can reach, and at most one task is split per lane
 * boundary. A split task's first part is the first part of its lane and its
 * last part the last of the lane before, so with lanes of equal speed the
 * first part ends before the last one starts.
 *
 * @param epochs Epochs each task trains, in task order; positive integers.
 * @param lanes Number of workers; a positive integer.
 * @returns `lanes` lists of parts (empty lists when there are fewer tasks than lanes).
 *
 * @example
 * ```ts
 * planLanes([4, 4, 4, 4, 4], 2);
 * // => [[{ task: 0, untilEpoch: 4, last: true }, { task: 1, ... }, { task: 2, untilEpoch: 4, last: true }],
 * //     [{ task: 2, untilEpoch: 2, last: false }, { task: 3, ... }, { task: 4, ... }]]
 * ```
 */
export function planLanes(epochs: readonly number[], lanes: number): TaskPart[][] {
  const total = epochs.reduce((sum, e) => sum + e, 0);
  const capacity = Math.max(...epochs, Math.ceil(total / lanes));
  const plan: TaskPart[][] = Array.from({ length: lanes }, () => []);
  let lane = 0;
  let used = 0;
  epochs.forEach((count, task) => {
    const room = capacity - used;
    if (count <= room) {
      plan[lane].push({ task, untilEpoch: count, last: true });
      used += count;
    } else {
      // The first (count - room) epochs open the next lane; the last `room` close this one.
      plan[lane].push({ task, untilEpoch: count, last: true });
      lane += 1;
      plan[lane].push({ task, untilEpoch: count - room, last: false });
      used = count - room;
    }
    if (used === capacity && lane < lanes - 1) {
      lane += 1;
      used = 0;
    }
  });
  return plan;
}
