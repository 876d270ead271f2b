import { describe, expect, it } from 'vitest';
import { ProgressBoard, etaSeconds, formatBar, formatDuration, formatStatus, type ModelProgress } from '../../examples/lib/progress';

const training: ModelProgress = {
  state: 'training', epoch: 2, epochs: 4, images: 3000, imagesLeft: 9000, imagesPerSecond: 75, loss: 0.0041234,
};

describe('progress formatting', () => {
  it('formats durations', () => {
    expect([formatDuration(42.4), formatDuration(185), formatDuration(3720), formatDuration(NaN)]).toEqual([
      '42s', '3m05s', '1h02m', '?',
    ]);
  });

  it('estimates the time left from the speed: 9000 images at 75/s = 120 s', () => {
    expect(etaSeconds(training)).toBe(120);
    expect(formatStatus(training)).toBe('epoch 2/4  75 img/s  loss 4.123e-3  ETA 2m00s');
    // After a run's first batch the speed is not known yet.
    expect(formatStatus({ ...training, imagesPerSecond: NaN })).toBe('epoch 2/4  - img/s  loss 4.123e-3  ETA ?');
  });

  it('fills the bar by the done fraction', () => {
    expect(formatBar(0.25, 8)).toBe('[##------]');
    expect(formatBar(1.5, 4)).toBe('[####]');
  });
});

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (text: string) => chunks.push(text) } };
}

describe('ProgressBoard', () => {
  it('prints one plain line per epoch end and state change off a TTY', () => {
    const { chunks, stream } = recorder(false);
    const board = new ProgressBoard(['ae', 'irmae-l2'], stream);
    board.update('ae', training, false);
    board.update('ae', { ...training, imagesPerSecond: 80 }, false);
    board.update('ae', { ...training, epoch: 3 }, true);
    board.update('irmae-l2', { ...training, state: 'done', imagesLeft: 0 }, false);
    expect(chunks).toEqual([
      'ae        epoch 2/4  75 img/s  loss 4.123e-3  ETA 2m00s\n',
      'ae        epoch 3/4  75 img/s  loss 4.123e-3  ETA 2m00s\n',
      'irmae-l2  epoch 2/4  75 img/s  loss 4.123e-3  done\n',
    ]);
  });

  it('redraws one bar per model in place on a TTY', () => {
    const { chunks, stream } = recorder(true);
    const board = new ProgressBoard(['ae', 'irmae-l2'], stream, 0);
    board.update('ae', training);
    expect(chunks).toEqual([
      'ae       [#####---------------] epoch 2/4  75 img/s  loss 4.123e-3  ETA 2m00s\nirmae-l2 [--------------------] waiting\n',
    ]);
    board.update('ae', training);
    // Moves up over the two bars, clears them, draws again.
    expect(chunks[1]).toBe('\x1b[2A\x1b[0J');
    board.log('note');
    expect(chunks.slice(3, 5)).toEqual(['\x1b[2A\x1b[0J', 'note\n']);
  });
});
