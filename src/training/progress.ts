/**
 * How {@link trainAutoencoder} reports progress:
 * - `'bar'`: a progress bar redrawn in place (for a terminal),
 * - `'lines'`: one plain line per epoch, plus a line at most every 30 s
 *   within long epochs (for logs and CI),
 * - `'none'`: silent,
 * - `'auto'` (default): `'bar'` when the stream is a TTY, `'lines'`
 *   otherwise, `'none'` outside Node.
 *
 * @category Training
 */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/**
 * The part of a writable stream progress needs (process.stderr by default).
 *
 * @category Training
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Receives training events and renders them. */
export interface ProgressReporter {
  epochStart(epoch: number, batches: number | undefined): void;
  batchEnd(batch: number, loss: number): void;
  epochEnd(epoch: number, loss: number, valLoss: number | undefined): void;
  /** Ends the bar's line, e.g. when training stops early. */
  close(): void;
}

const BAR_WIDTH = 24;
const BAR_REDRAW_MS = 100;
const LINE_INTERVAL_MS = 30_000;

/**
 * Creates the reporter for a mode.
 *
 * @param mode The mode; `'auto'` is resolved against `stream`.
 * @param epochs Total number of epochs, for the `epoch k/N` label.
 * @param stream Where to write; default `process.stderr` in Node.
 * @throws Error when `mode` is not one of the four modes.
 */
export function createProgress(
  mode: ProgressMode,
  epochs: number,
  stream: ProgressStream | undefined = defaultStream(),
): ProgressReporter {
  if (!['auto', 'bar', 'lines', 'none'].includes(mode)) {
    throw new Error(`\`progress\` must be 'auto', 'bar', 'lines' or 'none', but got ${JSON.stringify(mode)}`);
  }
  const resolved = mode === 'auto' ? (stream === undefined ? 'none' : stream.isTTY ? 'bar' : 'lines') : mode;
  if (resolved === 'none' || stream === undefined) return silent;
  return resolved === 'bar' ? barReporter(epochs, stream) : lineReporter(epochs, stream);
}

const silent: ProgressReporter = {
  epochStart() {},
  batchEnd() {},
  epochEnd() {},
  close() {},
};

function defaultStream(): ProgressStream | undefined {
  return typeof process !== 'undefined' && process.stderr ? process.stderr : undefined;
}

function barReporter(epochs: number, stream: ProgressStream): ProgressReporter {
  let label = '';
  let total: number | undefined;
  let started = 0;
  let lastDraw = 0;
  let open = false;
  const draw = (done: number, loss: number) => {
    const elapsed = (Date.now() - started) / 1000;
    const bar =
      total === undefined
        ? ''
        : `[${'='.repeat(Math.round((BAR_WIDTH * done) / total)).padEnd(BAR_WIDTH, ' ')}] `;
    const eta = total === undefined || done === 0 ? '' : ` eta ${formatSeconds((elapsed / done) * (total - done))}`;
    stream.write(`\r${label} ${bar}${done}${total === undefined ? '' : `/${total}`} loss ${formatLoss(loss)}${eta}\x1b[K`);
    open = true;
  };
  return {
    epochStart(epoch, batches) {
      label = `epoch ${epoch + 1}/${epochs}`;
      total = batches;
      started = Date.now();
      lastDraw = 0;
    },
    batchEnd(batch, loss) {
      const now = Date.now();
      if (now - lastDraw < BAR_REDRAW_MS && batch + 1 !== total) return;
      lastDraw = now;
      draw(batch + 1, loss);
    },
    epochEnd(epoch, loss, valLoss) {
      const seconds = (Date.now() - started) / 1000;
      stream.write(`\r${epochLine(epoch, epochs, loss, valLoss, seconds)}\x1b[K\n`);
      open = false;
    },
    close() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

function lineReporter(epochs: number, stream: ProgressStream): ProgressReporter {
  let started = 0;
  let lastLine = 0;
  let total: number | undefined;
  let current = 0;
  return {
    epochStart(epoch, batches) {
      started = Date.now();
      lastLine = started;
      total = batches;
      current = epoch;
    },
    batchEnd(batch, loss) {
      const now = Date.now();
      if (now - lastLine < LINE_INTERVAL_MS) return;
      lastLine = now;
      const of = total === undefined ? '' : `/${total}`;
      stream.write(`epoch ${current + 1}/${epochs} batch ${batch + 1}${of} loss ${formatLoss(loss)}\n`);
    },
    epochEnd(epoch, loss, valLoss) {
      stream.write(`${epochLine(epoch, epochs, loss, valLoss, (Date.now() - started) / 1000)}\n`);
    },
    close() {},
  };
}

function epochLine(epoch: number, epochs: number, loss: number, valLoss: number | undefined, seconds: number) {
  const val = valLoss === undefined ? '' : ` val_loss ${formatLoss(valLoss)}`;
  return `epoch ${epoch + 1}/${epochs} loss ${formatLoss(loss)}${val} (${formatSeconds(seconds)})`;
}

function formatLoss(loss: number): string {
  return loss.toPrecision(5);
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.round(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
