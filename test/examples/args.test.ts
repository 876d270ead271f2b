import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAPER_BUDGET, QUICK_BUDGET, STANDARD_BUDGET, UsageError, parseReproductionArgs, usage } from '../../examples/lib/args';
import { MNIST_PROFILE } from '../../examples/lib/mnist/mnist-args';
import { prepareOutputDir } from '../../examples/lib/output-dir';
import { trainingBudget } from '../../examples/lib/trained-model';

describe('parseReproductionArgs', () => {
  it('gives the quick budget, all five models and out/ without flags', () => {
    const options = parseReproductionArgs([]);
    expect(options).toMatchObject({ ...QUICK_BUDGET, out: 'out', seed: 1, pairs: 1, paper: false, help: false });
    expect(options.workers).toBe(availableParallelism());
    expect(options.models).toEqual(['ae', 'ae-l1', 'ae-l2', 'irmae-l2', 'irmae-l4']);
  });

  it('gives the paper budget with --paper', () => {
    const options = parseReproductionArgs(['--paper']);
    expect(options).toMatchObject({
      trainSize: 50_000,
      evalSize: 10_000,
      epochs: 100,
      learningRate: 1e-4,
      latentDim: 32,
      batchSize: 32,
      paper: true,
    });
    expect(PAPER_BUDGET.epochs).toBe(100);
  });

  it('gives the paper recipe for 3 epochs with He initialisation with --standard', () => {
    const options = parseReproductionArgs(['--standard']);
    expect(options).toMatchObject({
      trainSize: 50_000,
      evalSize: 10_000,
      epochs: 3,
      learningRate: 1e-4,
      batchSize: 32,
      initialisation: 'he',
      standard: true,
      paper: false,
    });
    expect(STANDARD_BUDGET.initialisation).toBe('he');
    expect(QUICK_BUDGET.initialisation).toBe('pytorch');
    expect(PAPER_BUDGET.initialisation).toBe('pytorch');
    expect(parseReproductionArgs(['--standard', '--init', 'pytorch']).initialisation).toBe('pytorch');
  });

  it('lets explicit flags override the --paper budget', () => {
    const options = parseReproductionArgs(['--epochs', '3', '--paper', '--lr=0.002']);
    expect(options.epochs).toBe(3);
    expect(options.learningRate).toBe(0.002);
    expect(options.trainSize).toBe(50_000);
  });

  it('reads every flag', () => {
    const options = parseReproductionArgs([
      '--train-size', '16', '--eval-size', '40', '--epochs', '2', '--lr', '3e-4',
      '--batch-size', '8', '--latent-dim', '12', '--out', '/tmp/x', '--models', 'irmae-l4,ae',
      '--seed', '0', '--pairs', '3', '--workers', '1', '--schedule', 'cosine', '--warmup', '640', '--init', 'he',
    ]);
    expect(options).toEqual({
      trainSize: 16, evalSize: 40, epochs: 2, learningRate: 3e-4, schedule: 'cosine', warmup: 640, batchSize: 8, latentDim: 12,
      initialisation: 'he', out: '/tmp/x', models: ['ae', 'irmae-l4'], seed: 0, pairs: 3, workers: 1, paper: false, standard: false, recomputeBaseline: false, variant: 'paper', help: false,
    });
  });

  it('keeps the paper order of models and drops repeats', () => {
    expect(parseReproductionArgs(['--models', 'irmae-l2, ae-l1,irmae-l2']).models).toEqual(['ae-l1', 'irmae-l2']);
  });

  it('trains LoRAE and RRAE only when --models names them, on every budget', () => {
    const five = ['ae', 'ae-l1', 'ae-l2', 'irmae-l2', 'irmae-l4'];
    expect(parseReproductionArgs(['--standard']).models).toEqual(five);
    expect(parseReproductionArgs(['--paper']).models).toEqual(five);
    expect(parseReproductionArgs(['--models', 'rrae,lorae,ae']).models).toEqual(['ae', 'lorae', 'rrae']);
    expect(usage('npm run reproduce --', 'P.')).toContain('(default: ae, ae-l1, ae-l2, irmae-l2, irmae-l4)');
  });

  it('reads --variant on the shapes only, and keeps the paper data set out of the training budget', () => {
    const half = parseReproductionArgs(['--standard', '--variant', 'half-squares']);
    expect(half.variant).toBe('half-squares');
    expect(trainingBudget(half)).toEqual({ ...trainingBudget(parseReproductionArgs(['--standard'])), variant: 'half-squares' });
    expect(trainingBudget(parseReproductionArgs(['--standard']))).not.toHaveProperty('variant');
    expect(() => parseReproductionArgs(['--variant', 'two-shapes'])).toThrow(
      new UsageError('--variant must be one of paper, half-squares, but got "two-shapes"'),
    );
    expect(() => parseReproductionArgs(['--variant', 'half-squares'], MNIST_PROFILE)).toThrow(
      new UsageError('--variant applies to the shape reproductions (npm run reproduce), not to this one'),
    );
    expect(usage('npm run reproduce --', 'P.')).toContain('--variant KIND');
    expect(usage('npm run reproduce:mnist --', 'P.', MNIST_PROFILE)).not.toContain('--variant');
  });

  it('reads --help and -h', () => {
    expect(parseReproductionArgs(['--help']).help).toBe(true);
    expect(parseReproductionArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--train-size', '-5'], '--train-size must be a positive integer, but got "-5"'],
    [['--train-size', '2.5'], '--train-size must be a positive integer, but got "2.5"'],
    [['--train-size', '0'], '--train-size must be a positive integer, but got "0"'],
    [['--eval-size', '1'], '--eval-size must be an integer >= 2, but got "1"'],
    [['--epochs', 'ten'], '--epochs must be a positive integer, but got "ten"'],
    [['--batch-size', ''], '--batch-size must be a positive integer, but got ""'],
    [['--seed', '-1'], '--seed must be a non-negative integer, but got "-1"'],
    [['--lr', '0'], '--lr must be a positive number, but got "0"'],
    [['--lr', 'NaN'], '--lr must be a positive number, but got "NaN"'],
    [['--schedule', 'step'], '--schedule must be one of constant, cosine, linear, but got "step"'],
    [['--warmup', '-1'], '--warmup must be a non-negative integer, but got "-1"'],
    [['--models', 'ae,vae'], '--models accepts ae, ae-l1, ae-l2, irmae-l2, irmae-l4, lorae, rrae, but got unknown "vae"'],
    [['--models', ','], '--models must list at least one of ae, ae-l1, ae-l2, irmae-l2, irmae-l4, lorae, rrae, but got ","'],
    [['--out', ''], '--out must be a directory path, but got an empty string'],
    [['--init', 'glorot'], '--init must be one of pytorch, he, but got "glorot"'],
    [['--paper', '--standard'], '--paper and --standard are two budgets; give one of them'],
    [['--eval-size', '10', '--pairs', '6'], '--pairs needs 2 distinct evaluation images per pair, so at most 5 with --eval-size 10, but got 6'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseReproductionArgs(argv)).toThrow(new UsageError(message));
  });

  it('refuses unknown flags, missing values and positionals', () => {
    expect(() => parseReproductionArgs(['--epoch', '3'])).toThrow(/Unknown option '--epoch'/);
    expect(() => parseReproductionArgs(['--epochs'])).toThrow(/Option '--epochs <value>' argument missing/);
    expect(() => parseReproductionArgs(['extra'])).toThrow(/Unexpected argument 'extra'/);
    expect(() => parseReproductionArgs(['--bogus'])).toThrow(UsageError);
  });
});

describe('usage', () => {
  it('documents every flag with both budgets', () => {
    const text = usage('npm run reproduce --', 'Draws both figures.');
    for (const flag of ['--train-size', '--eval-size', '--epochs', '--lr', '--schedule', '--warmup', '--batch-size', '--latent-dim', '--init', '--paper', '--standard',
      '--models', '--seed', '--pairs', '--workers', '--out', '--help']) {
      expect(text).toContain(flag);
    }
    expect(text).toContain(`(${QUICK_BUDGET.trainSize}; paper 50000)`);
    expect(text).toContain('ae, ae-l1, ae-l2, irmae-l2, irmae-l4');
  });

  it('gives the run time of the quick default and of --paper, as measured on 2 cores', () => {
    // A fresh clone on a 2-core machine: 6 min 36 s for the quick default;
    // the paper's budget, 25,000,000 images at the 225 images/s per core of
    // the paper-recipe runs in research/results/sweep, about 15 hours.
    const text = usage('npm run reproduce --', 'Draws both figures.');
    expect(text).toContain('quick default, about 7 minutes on 2 cores');
    expect(text).toMatch(/--paper +use the paper's budget \(about 15 hours on 2 cores\)/);
  });

  it('wraps the purpose at 78 columns', () => {
    const purpose = `${'word '.repeat(30)}end.`;
    const lines = usage('s', purpose).split('\n').slice(2, 6);
    // 15 four-letter words and 14 spaces fill 74 columns; one more word would make 79.
    const fifteen = 'word '.repeat(15).trimEnd();
    expect(lines).toEqual([fifteen, fifteen, 'end.', '']);
  });
});

describe('prepareOutputDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'irmae-out-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates nested directories and returns the absolute path', () => {
    const dir = prepareOutputDir(join(root, 'a', 'b'));
    expect(dir).toBe(join(root, 'a', 'b'));
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('refuses a path below a regular file', () => {
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    const out = join(file, 'sub');
    expect(() => prepareOutputDir(out)).toThrow(
      new UsageError(`--out must be a writable directory, but ${JSON.stringify(out)} is not (ENOTDIR)`),
    );
  });
});
