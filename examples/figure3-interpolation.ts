/**
 * Figure 3 of "Implicit Rank-Minimizing Autoencoder" (Jing, Zbontar and
 * LeCun, NeurIPS 2020): decoded linear interpolations between the codes of
 * two evaluation images, one row per model.
 *
 *   npx tsx examples/figure3-interpolation.ts [--pairs 3] [--help]
 */
import { runCli } from './lib/cli';

process.exitCode = await runCli(process.argv.slice(2), {
  script: 'tsx examples/figure3-interpolation.ts',
  purpose:
    'Trains (or reuses) the selected models and writes figure3.png: for each image pair, the decoded ' +
    'codes (1 - t) z1 + t z2 at t = 0, 0.1, ..., 1 between the two real images, one row per model.',
  figures: { figure2: false, figure3: true },
});
