/**
 * Generates from the latent of the models that examples/reproduce.ts trained
 * (no training here): reconstructions, samples of a Gaussian ("mvg") and of
 * a Gaussian mixture ("gmm") fitted to the evaluation codes, a traversal of
 * the two leading principal components, and how far every decoded image is
 * from the shape data, along Figure 3's interpolations and over the samples.
 *
 *   npm run reproduce && npm run generate          # the quick default
 *   npm run generate -- --paper                    # after npm run reproduce -- --paper
 *   npm run generate -- --help
 */
import { SHAPE_PROFILE } from './lib/args';
import { runReproductionCli } from './lib/cli';
import { generationTable } from './lib/generation-results';
import { runGeneration } from './lib/generation-run';

const argv = process.argv.slice(2);
process.exitCode = await runReproductionCli(argv, {
  script: 'npm run generate --',
  purpose:
    'Loads the models that `npm run reproduce` trained with the same flags (DIR/models/<name>/), fits a Gaussian, ' +
    'a 10-component Gaussian mixture and a PCA to their evaluation codes, and writes per model ' +
    'DIR/generation/<name>/{reconstructions,mvg,gmm,pca}.png, plus DIR/generation/distances.json and .csv: ' +
    'the RMSE of each decoded image to the nearest clean shape image. Nothing is trained; --workers is ignored.',
  profile: SHAPE_PROFILE,
  run: async (options) => {
    const summary = await runGeneration(options, ['npm run reproduce --', ...argv].join(' '), (line) =>
      process.stderr.write(`${line}\n`),
    );
    process.stderr.write(`Wrote ${summary.files.length} files under ${options.out}/generation/\n`);
    return generationTable(summary.models);
  },
});
