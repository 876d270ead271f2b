/**
 * Training progress of several models at once: one bar per model redrawn in
 * place on a terminal, plain lines (one per epoch) otherwise, e.g. in CI logs
 * or when piped to a file.
 */

/** What a model's trainer last reported. */
export interface ModelProgress {
  state: 'waiting' | 'training' | 'done' | 'reused';
  epoch: number;
  epochs: number;
  /** Images processed since this run started training the model. */
  images: number;
  /** Images left until the last epoch ends. */
  imagesLeft: number;
  /** Training images per second over this run, after its first batch; NaN until known. */
  imagesPerSecond: number;
  /** Mean training loss of the current (or last finished) epoch. */
  loss: number;
}

/** Where progress goes: a TTY stream gets bars, anything else lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** "1h02m", "3m05s", "42s" or "?" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Seconds until the model is done at its current speed. */
export function etaSeconds(progress: ModelProgress): number {
  return progress.imagesPerSecond > 0 ? progress.imagesLeft / progress.imagesPerSecond : Number.NaN;
}

/** The numbers of a model's progress: epoch, speed, loss, ETA. */
export function formatStatus(progress: ModelProgress): string {
  switch (progress.state) {
    case 'waiting':
      return 'waiting';
    case 'reused':
      return `reused finished checkpoint (${progress.epochs} epochs)`;
    default: {
      const loss = Number.isFinite(progress.loss) ? progress.loss.toExponential(3) : '-';
      const speed = Number.isFinite(progress.imagesPerSecond) ? progress.imagesPerSecond.toFixed(0) : '-';
      const eta = progress.state === 'done' ? 'done' : `ETA ${formatDuration(etaSeconds(progress))}`;
      return `epoch ${progress.epoch}/${progress.epochs}  ${speed} img/s  loss ${loss}  ${eta}`;
    }
  }
}

/** A bar of `width` cells filled by the done fraction, e.g. "[#####-----]". */
export function formatBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function doneFraction(progress: ModelProgress): number {
  if (progress.state === 'done' || progress.state === 'reused') return 1;
  const total = progress.images + progress.imagesLeft;
  return total > 0 ? progress.images / total : 0;
}

/** Shows the progress of every model of a run. */
export class ProgressBoard {
  private readonly rows = new Map<string, ModelProgress>();
  private readonly labelWidth: number;
  private drawnLines = 0;
  private lastDraw = 0;

  /**
   * @param names The models, in display order.
   * @param stream Defaults to stderr, so that stdout stays for results.
   * @param redrawIntervalMs Least time between two redraws of the bars.
   */
  constructor(
    names: readonly string[],
    private readonly stream: ProgressStream = process.stderr,
    private readonly redrawIntervalMs = 200,
  ) {
    this.labelWidth = Math.max(...names.map((name) => name.length));
    for (const name of names) {
      this.rows.set(name, { state: 'waiting', epoch: 0, epochs: 0, images: 0, imagesLeft: 0, imagesPerSecond: 0, loss: NaN });
    }
  }

  /** Records a model's progress; `epochEnd` marks the lines printed off a TTY. */
  update(name: string, progress: ModelProgress, epochEnd = false): void {
    const previous = this.rows.get(name);
    this.rows.set(name, progress);
    if (this.stream.isTTY) {
      const stateChanged = previous?.state !== progress.state;
      if (stateChanged || epochEnd || Date.now() - this.lastDraw >= this.redrawIntervalMs) this.redraw();
    } else if (epochEnd || previous?.state !== progress.state) {
      this.stream.write(`${name.padEnd(this.labelWidth)}  ${formatStatus(progress)}\n`);
    }
  }

  /** Prints a message above the bars. */
  log(message: string): void {
    if (this.stream.isTTY) {
      this.clear();
      this.stream.write(`${message}\n`);
      this.redraw();
    } else {
      this.stream.write(`${message}\n`);
    }
  }

  private clear(): void {
    if (this.drawnLines > 0) this.stream.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private redraw(): void {
    this.clear();
    const columns = this.stream.columns ?? 100;
    const lines = [...this.rows].map(([name, progress]) => {
      const line = `${name.padEnd(this.labelWidth)} ${formatBar(doneFraction(progress), 20)} ${formatStatus(progress)}`;
      return line.slice(0, Math.max(columns - 1, 20));
    });
    this.stream.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
    this.lastDraw = Date.now();
  }
}

/** Wall-clock seconds, to the millisecond, since the last lap (or since the timer was made). */
export function stageTimer(): { lap(): number } {
  let last = performance.now();
  return {
    lap() {
      const now = performance.now();
      const seconds = Math.round(now - last) / 1000;
      last = now;
      return seconds;
    },
  };
}
