/**
 * Moving or fading: along Figure 3's interpolation paths of the models that
 * examples/reproduce.ts trained (no training here), fits the nearest clean
 * shape to every decoded frame and measures how its brightness dips and how
 * its centre travels: one shape moving, or one shape replaced by another.
 *
 *   npm run reproduce -- --standard && npx tsx examples/shape-paths.ts --standard --pairs 20
 *   npx tsx examples/shape-paths.ts --help
 */
import { SHAPE_PROFILE } from './lib/args';
import { runReproductionCli } from './lib/cli';
import { runShapePaths, shapePathsTable } from './lib/shape-paths';

const argv = process.argv.slice(2);
process.exitCode = await runReproductionCli(argv, {
  script: 'tsx examples/shape-paths.ts',
  purpose:
    'Loads the models that `npm run reproduce` trained with the same flags (DIR/models/<name>/), decodes the ' +
    'interpolations between the --pairs image pairs that Figure 3 and `npm run generate` draw for the same --seed, ' +
    'fits the nearest clean shape image to every frame and writes DIR/shape-paths.json: per path the dip of the ' +
    "fitted shape's brightness below the line between the ends and the travel of its centre and width, per model " +
    'their summary. Nothing is trained; --workers is ignored.',
  profile: SHAPE_PROFILE,
  run: async (options) => {
    const { file, models } = await runShapePaths(options, ['npm run reproduce --', ...argv].join(' '), (line) =>
      process.stderr.write(`${line}\n`),
    );
    process.stderr.write(`Wrote ${file}\n`);
    return shapePathsTable(models);
  },
});
