/**
 * The demo page: one worker per model trains on the same data; the page only
 * draws what they report, so it never waits on training. Two modes: the
 * paper's shapes (AE and IRMAE) and MNIST digits (AE, IRMAE and VAE).
 */
import { drawImages, imageAt } from './draw_images';
import {
  type DemoData,
  type FromWorker,
  INTERPOLATION_STEPS,
  RECONSTRUCTED,
  type TrainerConfig,
  type TrainerReport,
} from './messages';
import { drawSpectra } from './spectrum_chart';

type ModelId = 'ae' | 'irmae' | 'vae';

interface Model {
  id: ModelId;
  color: string;
  worker: Worker;
  ready: boolean;
  label: string;
  report: TrainerReport | undefined;
}

interface Mode {
  models: ModelId[];
  /** The controls' values when the mode is chosen. */
  defaults: Record<'images' | 'initialization' | 'learning-rate' | 'batch-size' | 'layers' | 'latent', string>;
  /** Most training images the mode has. */
  maxImages: number;
  /** The number of factors the data varies in, marked on the chart; unknown for digits. */
  minimalRank?: number;
}

const MODES: Record<DemoData, Mode> = {
  // The paper's recipe, from He's initialisation (see the page's text).
  shapes: {
    models: ['ae', 'irmae'],
    defaults: { images: '6000', initialization: 'he', 'learning-rate': '0.0001', 'batch-size': '32', layers: '2', latent: '32' },
    maxImages: 50_000,
    minimalRank: 7,
  },
  // The reference code's MNIST models, at the rate docs/mnist.md trains them.
  digits: {
    models: ['ae', 'irmae', 'vae'],
    defaults: { images: '9000', initialization: 'he', 'learning-rate': '0.001', 'batch-size': '32', layers: '8', latent: '128' },
    maxImages: 9_000,
  },
};
const COLORS: Record<ModelId, string> = { ae: '#1f77b4', irmae: '#d62728', vae: '#2ca02c' };
/** How long the workers may take to start their backend before the page says so. */
const START_TIMEOUT_MS = 60_000;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const toggle = $<HTMLButtonElement>('#toggle');
const apply = $<HTMLButtonElement>('#apply');
const pcaButton = $<HTMLButtonElement>('#pca');
const status = $('#status');
const slider = $<HTMLInputElement>('#t');
const problem = $('#problem');

let mode: DemoData = 'shapes';
let models: Model[] = [];
let running = false;
let drawPending = false;
/** Models whose panels need redrawing at the next frame (the chart is always redrawn). */
const stale = new Set<Model>();
let startTimer: ReturnType<typeof setTimeout> | undefined;

/** Puts a failure where the visitor sees it (and in the console), and stops training. */
function showProblem(message: string): void {
  problem.textContent = message;
  problem.hidden = false;
  status.textContent = 'stopped';
  console.error(message);
  setRunning(false);
}

/** Hides or shows every element under `root` that matches `selector`. */
function setHidden(selector: string, hidden: boolean, root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>(selector).forEach((element) => {
    element.hidden = hidden;
  });
}

/** Replaces the workers with those of a mode, with the mode's default settings. */
function enterMode(next: DemoData): void {
  for (const model of models) model.worker.terminate();
  mode = next;
  const { defaults, maxImages } = MODES[mode];
  for (const [id, value] of Object.entries(defaults)) $<HTMLInputElement>(`#${id}`).value = value;
  $<HTMLInputElement>('#images').max = String(maxImages);
  setHidden('.digits-only, #digits-note', mode !== 'digits');
  setHidden('.shapes-only', mode !== 'shapes');
  $('.slider').hidden = mode === 'digits';
  $('.models').classList.toggle('digits', mode === 'digits');
  for (const id of ['ae', 'irmae', 'vae'] as const) $(`#${id}`).hidden = !MODES[mode].models.includes(id);
  setHidden('.pca, .pca-title', true);
  toggle.disabled = true;
  apply.disabled = true;
  pcaButton.disabled = true;
  status.textContent = 'starting the workers…';
  models = MODES[mode].models.map(startModel);
  clearTimeout(startTimer);
  startTimer = setTimeout(() => {
    if (models.some((model) => !model.ready)) {
      showProblem(`The training workers have not started after ${START_TIMEOUT_MS / 1000} s; the browser's console may say why.`);
    }
  }, START_TIMEOUT_MS);
  configure();
}

function startModel(id: ModelId): Model {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
  const model: Model = { id, color: COLORS[id], worker, ready: false, label: id.toUpperCase(), report: undefined };
  worker.onmessage = ({ data }: MessageEvent<FromWorker>) => receive(model, data);
  // A worker that fails to load or throws outside its message handler (which reports its own errors).
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
    showProblem(`${model.label}: the training worker failed: ${event.message || 'it could not be loaded'}${where}`);
    toggle.disabled = true;
  };
  return model;
}

function receive(model: Model, data: FromWorker): void {
  if (!models.includes(model)) return; // a message from a worker of the previous mode
  if (data.type === 'ready') {
    model.ready = true;
    if (models.every((each) => each.ready)) {
      clearTimeout(startTimer);
      toggle.disabled = false;
      apply.disabled = false;
      pcaButton.disabled = false;
      status.textContent = `backend: ${data.backend}${data.simd ? ' (SIMD)' : ''}, one worker per model`;
    }
  } else if (data.type === 'report') {
    model.report = data.report;
    scheduleDraw([model]);
  } else if (data.type === 'pca') {
    const panel = $(`#${model.id}`);
    drawImages(panel.querySelector<HTMLCanvasElement>('.pca')!, data.grid, data.steps, 1, data.channels);
    setHidden('.pca, .pca-title', false, panel);
  } else {
    showProblem(`${model.label}: ${data.message}`);
  }
}

function settings(): Omit<TrainerConfig, 'irmLayers' | 'vae'> & { layers: number } {
  const { maxImages } = MODES[mode];
  const images = Math.min(maxImages, Math.max(160, Math.round(Number($<HTMLInputElement>('#images').value) || 6000)));
  return {
    data: mode,
    layers: Number($<HTMLSelectElement>('#layers').value),
    latentDim: Number($<HTMLSelectElement>('#latent').value),
    images,
    initialization: $<HTMLSelectElement>('#initialization').value as TrainerConfig['initialization'],
    learningRate: Number($<HTMLSelectElement>('#learning-rate').value),
    batchSize: Number($<HTMLSelectElement>('#batch-size').value),
    seed: 1,
    evalImages: 512,
    reportEvery: 50,
    pair: Number($<HTMLInputElement>('#pair').value),
  };
}

function configure(): void {
  const { layers, ...config } = settings();
  setRunning(false);
  for (const model of models) {
    const irmLayers = model.id === 'irmae' ? layers : 0;
    model.label = model.id === 'irmae' ? `IRMAE l=${layers}` : model.id.toUpperCase();
    model.report = undefined;
    model.worker.postMessage({ type: 'configure', config: { ...config, irmLayers, vae: model.id === 'vae' } });
  }
  setHidden('.pca, .pca-title', true);
  scheduleDraw(models);
}

function setRunning(value: boolean): void {
  running = value;
  toggle.textContent = running ? 'Pause' : 'Start';
  for (const model of models) model.worker.postMessage({ type: running ? 'run' : 'pause' });
}

toggle.addEventListener('click', () => setRunning(!running));
apply.addEventListener('click', configure);
pcaButton.addEventListener('click', () => {
  for (const model of models) model.worker.postMessage({ type: 'pca' });
});
$<HTMLInputElement>('#pair').addEventListener('change', ({ target }) => {
  const index = Number((target as HTMLInputElement).value);
  for (const model of models) model.worker.postMessage({ type: 'pair', index });
});
document.querySelectorAll<HTMLInputElement>('input[name="mode"]').forEach((radio) => {
  radio.addEventListener('change', () => enterMode(radio.value as DemoData));
});
slider.addEventListener('input', () => scheduleDraw(models));
window.addEventListener('beforeunload', (event) => {
  if (models.some((model) => (model.report?.step ?? 0) > 0)) event.preventDefault();
});

/** Redraws the chart and the given models' panels at the next frame, once however many reports arrive. */
function scheduleDraw(changed: Model[]): void {
  for (const model of changed) stale.add(model);
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    draw();
  });
}

function draw(): void {
  drawSpectra(
    $<HTMLCanvasElement>('#spectrum'),
    models.map(({ label, color, report }) => ({ label, color, spectrum: report?.spectrum })),
    MODES[mode].minimalRank,
  );
  const t = Number(slider.value);
  $('#t-value').textContent = (t / (INTERPOLATION_STEPS - 1)).toFixed(1);
  for (const model of stale) if (models.includes(model)) drawModel(model, t);
  stale.clear();
}

function drawModel({ id, label, report }: Model, t: number): void {
  const panel = $(`#${id}`);
  panel.querySelector('.name')!.textContent = label;
  const stats = panel.querySelector<HTMLElement>('.stats')!;
  if (report === undefined) {
    stats.textContent = 'preparing…';
    return;
  }
  stats.dataset.step = String(report.step);
  stats.dataset.effectiveRank = String(report.effectiveRank);
  stats.dataset.above1e3 = String(report.above1e3);
  stats.dataset.loss = String(report.loss);
  stats.innerHTML =
    `effective rank <b>${report.effectiveRank.toFixed(2)}</b>, values above 1e-3: <b>${report.above1e3}</b><br>` +
    `step ${report.step} (epoch ${report.epoch + 1}), loss ${Number.isNaN(report.loss) ? '–' : report.loss.toFixed(5)}, ` +
    `${report.imagesPerSecond.toFixed(0)} images/s`;
  const { channels } = report;
  drawImages(panel.querySelector<HTMLCanvasElement>('.reconstructions')!, report.reconstructions, RECONSTRUCTED, 2, channels);
  const [a, b] = [imageAt(report.ends, 0, channels), imageAt(report.ends, 1, channels)];
  const title = panel.querySelector('.interpolation-title')!;
  const interpolation = panel.querySelector<HTMLCanvasElement>('.interpolation')!;
  if (mode === 'digits') {
    const first = 2 * Number($<HTMLInputElement>('#pair').value);
    title.textContent = `Interpolation: MNIST test digits #${first} and #${first + 1}, decoded at t = 0, 0.1, …, 1 between them`;
    const row = new Float32Array([...a, ...report.interpolation, ...b]);
    drawImages(interpolation, row, INTERPOLATION_STEPS + 2, 2, channels);
  } else {
    title.textContent = 'Interpolation: first image, decoded at t, second image';
    const row = new Float32Array([...a, ...imageAt(report.interpolation, t, channels), ...b]);
    drawImages(interpolation, row, 3, 3, channels);
  }
}

enterMode('shapes');
