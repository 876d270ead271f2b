/**
 * The demo page: two workers train AE and IRMAE on the same data; the page
 * only draws what they report, so it never waits on training.
 */
import { drawImages, imageAt } from './draw_images';
import { INTERPOLATION_STEPS, RECONSTRUCTED, type FromWorker, type TrainerConfig, type TrainerReport } from './messages';
import { drawSpectra } from './spectrum_chart';

/** The shape data's generative factors: the rank an ideal code needs. */
const MINIMAL_RANK = 7;

interface Model {
  id: 'ae' | 'irmae';
  color: string;
  worker: Worker;
  ready: boolean;
  label: string;
  report: TrainerReport | undefined;
}

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const toggle = $<HTMLButtonElement>('#toggle');
const apply = $<HTMLButtonElement>('#apply');
const status = $('#status');
const slider = $<HTMLInputElement>('#t');
const problem = $('#problem');
/** How long the workers may take to start their backend before the page says so. */
const START_TIMEOUT_MS = 60_000;

const models: Model[] = (['ae', 'irmae'] as const).map((id) => ({
  id,
  color: id === 'ae' ? '#1f77b4' : '#d62728',
  worker: new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' }),
  ready: false,
  label: id === 'ae' ? 'AE' : 'IRMAE',
  report: undefined,
}));
let running = false;
let drawPending = false;
const startTimer = setTimeout(() => {
  if (models.some((model) => !model.ready)) {
    showProblem(`The training workers have not started after ${START_TIMEOUT_MS / 1000} s; the browser's console may say why.`);
  }
}, START_TIMEOUT_MS);

/** Puts a failure where the visitor sees it (and in the console), and stops training. */
function showProblem(message: string): void {
  problem.textContent = message;
  problem.hidden = false;
  status.textContent = 'stopped';
  console.error(message);
  setRunning(false);
}

function settings(): Omit<TrainerConfig, 'irmLayers'> & { layers: number } {
  const images = Math.max(160, Math.round(Number($<HTMLInputElement>('#images').value) || 6000));
  return {
    layers: Number($<HTMLSelectElement>('#layers').value),
    latentDim: Number($<HTMLSelectElement>('#latent').value),
    images,
    initialization: $<HTMLSelectElement>('#initialization').value as TrainerConfig['initialization'],
    learningRate: Number($<HTMLSelectElement>('#learning-rate').value),
    batchSize: Number($<HTMLSelectElement>('#batch-size').value),
    seed: 1,
    evalImages: 512,
    reportEvery: 50,
  };
}

function configure(): void {
  const { layers, ...config } = settings();
  setRunning(false);
  for (const model of models) {
    const irmLayers = model.id === 'ae' ? 0 : layers;
    model.label = model.id === 'ae' ? 'AE' : `IRMAE l=${layers}`;
    model.report = undefined;
    model.worker.postMessage({ type: 'configure', config: { ...config, irmLayers } });
  }
  scheduleDraw();
}

function setRunning(value: boolean): void {
  running = value;
  toggle.textContent = running ? 'Pause' : 'Start';
  for (const model of models) model.worker.postMessage({ type: running ? 'run' : 'pause' });
}

for (const model of models) {
  model.worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
    if (data.type === 'ready') {
      model.ready = true;
      if (models.every((each) => each.ready)) {
        clearTimeout(startTimer);
        toggle.disabled = false;
        apply.disabled = false;
        status.textContent = `backend: ${data.backend}${data.simd ? ' (SIMD)' : ''}, one worker per model`;
      }
    } else if (data.type === 'report') {
      model.report = data.report;
      scheduleDraw();
    } else {
      showProblem(`${model.label}: ${data.message}`);
    }
  };
  // A worker that fails to load or throws outside its message handler (which reports its own errors).
  model.worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    const where = event.filename ? ` (${event.filename}:${event.lineno})` : '';
    showProblem(`${model.label}: the training worker failed: ${event.message || 'it could not be loaded'}${where}`);
    toggle.disabled = true;
  };
}

toggle.addEventListener('click', () => setRunning(!running));
apply.addEventListener('click', configure);
slider.addEventListener('input', scheduleDraw);
window.addEventListener('beforeunload', (event) => {
  if (models.some((model) => (model.report?.step ?? 0) > 0)) event.preventDefault();
});

function scheduleDraw(): void {
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
    MINIMAL_RANK,
  );
  const t = Number(slider.value);
  $('#t-value').textContent = (t / (INTERPOLATION_STEPS - 1)).toFixed(1);
  for (const model of models) drawModel(model, t);
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
  drawImages(panel.querySelector<HTMLCanvasElement>('.reconstructions')!, report.reconstructions, RECONSTRUCTED, 2);
  const [a, b] = [imageAt(report.ends, 0), imageAt(report.ends, 1)];
  const row = new Float32Array([...a, ...imageAt(report.interpolation, t), ...b]);
  drawImages(panel.querySelector<HTMLCanvasElement>('.interpolation')!, row, 3, 3);
}

configure();
