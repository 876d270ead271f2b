import { describe, expect, it } from 'vitest';
import { planLanes, type TaskPart } from '../../examples/lib/lane-plan';

const whole = (task: number, epochs: number): TaskPart => ({ task, untilEpoch: epochs, last: true });
/** Epochs each part trains: from the end of the task's earlier part (or 0) to its own end. */
function partEpochs(plan: readonly TaskPart[][]): number[] {
  const firstEnds = new Map(plan.flat().filter((p) => !p.last).map((p) => [p.task, p.untilEpoch]));
  return plan.map((lane) =>
    lane.reduce((sum, part) => sum + part.untilEpoch - (part.last ? (firstEnds.get(part.task) ?? 0) : 0), 0),
  );
}

describe('planLanes', () => {
  it('splits the third of five 4-epoch models between two workers: 10 epochs each', () => {
    // McNaughton by hand: 20 epochs, 10 per lane; lane 0 holds models 0, 1 and the last 2 epochs of model 2.
    expect(planLanes([4, 4, 4, 4, 4], 2)).toEqual([
      [whole(0, 4), whole(1, 4), whole(2, 4)],
      [{ task: 2, untilEpoch: 2, last: false }, whole(3, 4), whole(4, 4)],
    ]);
  });

  it('gives lanes at most one epoch more than their share when the total does not divide', () => {
    // 25 epochs: lanes of 13 and 12; model 2 trains epochs 1-2 in lane 1, 3-5 in lane 0.
    const plan = planLanes([5, 5, 5, 5, 5], 2);
    expect(plan[0].at(-1)).toEqual(whole(2, 5));
    expect(plan[1][0]).toEqual({ task: 2, untilEpoch: 2, last: false });
    expect(partEpochs(plan)).toEqual([13, 12]);
  });

  it('keeps models whole when they fill the lanes evenly, or are single epochs', () => {
    expect(planLanes([3, 3, 3, 3], 2)).toEqual([[whole(0, 3), whole(1, 3)], [whole(2, 3), whole(3, 3)]]);
    expect(planLanes([1, 1, 1, 1, 1], 2)).toEqual([[whole(0, 1), whole(1, 1), whole(2, 1)], [whole(3, 1), whole(4, 1)]]);
  });

  it('gives one model per lane when there are as many lanes as models, and leaves extra lanes empty', () => {
    expect(planLanes([2, 2], 2)).toEqual([[whole(0, 2)], [whole(1, 2)]]);
    expect(planLanes([2, 2], 3)).toEqual([[whole(0, 2)], [whole(1, 2)], []]);
  });

  it('covers every epoch of every model once, in order, within the least makespan', () => {
    for (const [epochs, lanes] of [
      [[7, 3, 5, 2, 6], 2],
      [[4, 4, 4, 4, 4, 4, 4], 3],
      [[10, 1, 1], 2],
      [[2, 9, 4, 4], 3],
    ] as Array<[number[], number]>) {
      const plan = planLanes(epochs, lanes);
      const bound = Math.max(...epochs, Math.ceil(epochs.reduce((a, b) => a + b) / lanes));
      expect(Math.max(...partEpochs(plan))).toBeLessThanOrEqual(bound);
      expect(partEpochs(plan).reduce((a, b) => a + b)).toBe(epochs.reduce((a, b) => a + b));
      epochs.forEach((count, task) => {
        const parts = plan.flat().filter((p) => p.task === task);
        const last = parts.filter((p) => p.last);
        expect(last).toEqual([whole(task, count)]);
        for (const first of parts.filter((p) => !p.last)) {
          // The first part opens its lane, the last part closes the lane before.
          const firstLane = plan.findIndex((lane) => lane.includes(first));
          expect(plan[firstLane][0]).toBe(first);
          expect(plan[firstLane - 1].at(-1)).toBe(last[0]);
          expect(first.untilEpoch).toBeGreaterThan(0);
          expect(first.untilEpoch).toBeLessThan(count);
        }
      });
    }
  });
});
