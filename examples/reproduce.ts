/**
 * Reproduces Figures 2 and 3 of "Implicit Rank-Minimizing Autoencoder"
 * (Jing, Zbontar and LeCun, NeurIPS 2020) with one training of each model.
 *
 *   npm run reproduce                 # quick default, about 7 minutes on 2 cores
 *   npm run reproduce -- --paper      # the paper's budget, about 15 hours on 2 cores
 *   npm run reproduce -- --help
 *
 * tsx maps the package name 'irmae' to src/index.ts (tsconfig.json's paths),
 * here and in the worker threads, so this runs the sources as they are: no
 * build needed, never a stale dist/.
 */
import { runCli } from './lib/cli';

process.exitCode = await runCli(process.argv.slice(2), {
  script: 'npm run reproduce --',
  purpose:
    'Trains AE, AE+L1, AE+L2, IRMAE l=2 and IRMAE l=4 on the synthetic shapes once, then writes ' +
    'Figure 2 (figure2.png/.svg/.json/.csv: singular values of the latent covariance) and ' +
    'Figure 3 (figure3.png: linear interpolations) to the output directory. ' +
    '`--models lorae,rrae` trains the two other rank regularizers, LoRAE (nuclear norm, lambda 1e-5) and RRAE ' +
    '(truncated SVD, k = 7), and draws their spectra beside those of the paper\'s models in rank-family.png. ' +
    "figure2.json keeps the models that an earlier run of the same budget measured in the same directory.",
  figures: { figure2: true, figure3: true },
});
