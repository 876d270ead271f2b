/**
 * Figure 2 of "Implicit Rank-Minimizing Autoencoder" (Jing, Zbontar and
 * LeCun, NeurIPS 2020): normalised singular values of the covariance of the
 * latent codes of the evaluation shapes, one line per model.
 *
 *   npx tsx examples/figure2-singular-values.ts [--help]
 */
import { runCli } from './lib/cli';

process.exitCode = await runCli(process.argv.slice(2), {
  script: 'tsx examples/figure2-singular-values.ts',
  purpose:
    'Trains (or reuses) the selected models and writes figure2.png, figure2.svg, figure2.json and ' +
    'figure2.csv: the normalised singular values of the latent covariance and rank measures per model.',
  figures: { figure2: true, figure3: false },
});
