/** One model's line on the spectrum chart. */
export interface SpectrumSeries {
  label: string;
  color: string;
  /** Normalised singular values, descending; undefined before the first report. */
  spectrum: Float64Array | undefined;
}

/** Lowest decade shown: smaller values sit on the bottom edge. */
const FLOOR_DECADE = -7;
const MARGIN = { left: 56, right: 16, top: 28, bottom: 40 };

/**
 * Draws normalised latent spectra on a log axis (1 down to 1e-7) against
 * the index of the singular value, with the data's minimal rank marked when known.
 *
 * @param canvas The chart's canvas; redrawn entirely.
 * @param series One line per model.
 * @param minimalRank Index to mark: the number of factors the data varies in; undefined marks none.
 */
export function drawSpectra(canvas: HTMLCanvasElement, series: SpectrumSeries[], minimalRank: number | undefined): void {
  const context = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
  const dim = Math.max(2, ...series.map((line) => line.spectrum?.length ?? 0));
  const xOf = (index: number) => plot.x + ((index - 1) / (dim - 1)) * plot.w;
  const yOf = (value: number) => {
    const decade = Math.max(FLOOR_DECADE, Math.log10(Math.max(value, 10 ** FLOOR_DECADE)));
    return plot.y + (-decade / -FLOOR_DECADE) * plot.h;
  };

  context.clearRect(0, 0, width, height);
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.font = '12px system-ui, sans-serif';
  context.lineWidth = 1;

  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (let decade = 0; decade >= FLOOR_DECADE; decade--) {
    const y = yOf(10 ** decade);
    context.strokeStyle = '#e5e5e5';
    line(context, plot.x, y, plot.x + plot.w, y);
    context.fillStyle = '#444';
    context.fillText(decade === 0 ? '1' : `1e${decade}`, plot.x - 6, y);
  }
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const index of xTicks(dim)) context.fillText(String(index), xOf(index), plot.y + plot.h + 6);
  context.fillText('index of singular value', plot.x + plot.w / 2, plot.y + plot.h + 22);

  if (minimalRank !== undefined && minimalRank <= dim) {
    context.strokeStyle = '#888';
    context.setLineDash([5, 4]);
    line(context, xOf(minimalRank), plot.y, xOf(minimalRank), plot.y + plot.h);
    context.setLineDash([]);
    context.fillStyle = '#666';
    context.textAlign = 'left';
    context.fillText(`minimal rank ${minimalRank}`, xOf(minimalRank) + 4, plot.y + 4);
  }

  context.lineWidth = 2;
  series.forEach(({ spectrum, color, label }, i) => {
    context.fillStyle = color;
    context.textAlign = 'left';
    context.textBaseline = 'middle';
    context.fillRect(plot.x + 8 + i * 150, 10, 14, 3);
    context.fillText(label, plot.x + 28 + i * 150, 12);
    if (spectrum === undefined) return;
    context.strokeStyle = color;
    context.beginPath();
    spectrum.forEach((value, k) => (k === 0 ? context.moveTo(xOf(1), yOf(value)) : context.lineTo(xOf(k + 1), yOf(value))));
    context.stroke();
  });
}

function line(context: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  context.beginPath();
  context.moveTo(x0, y0);
  context.lineTo(x1, y1);
  context.stroke();
}

function xTicks(dim: number): number[] {
  const step = Math.max(1, Math.round(dim / 8));
  const ticks = [1];
  for (let index = step; index <= dim; index += step) if (index > 1) ticks.push(index);
  if (ticks[ticks.length - 1] !== dim) ticks.push(dim);
  return ticks;
}
