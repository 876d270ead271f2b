/**
 * Moving or fading against training: reads the shape-paths.json files that
 * `examples/shape-paths.ts` wrote after runs of different lengths and draws
 * each model's mean dip and share of paths with a jump against its training
 * images (nothing is trained or measured here).
 *
 *   npx tsx examples/shape-paths-trend.ts --out trend run-3/shape-paths.json run-10/shape-paths.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { motionPoints, motionTable, motionTrendSpec, type ShapePathsFile } from './lib/motion-trend';
import { renderSvg, svgToPng } from './lib/render';

const USAGE = 'Usage: npx tsx examples/shape-paths-trend.ts --out PREFIX [--subtitle TEXT] FILE...\n' +
  'Writes PREFIX.svg and PREFIX.png from the shape-paths.json FILEs and prints their numbers.\n';

const { values, positionals } = parseArgs({
  options: { out: { type: 'string' }, subtitle: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
if (values.help) {
  process.stdout.write(USAGE);
} else if (values.out === undefined || positionals.length === 0) {
  process.stderr.write(`shape-paths-trend: --out and at least one shape-paths.json are required\n${USAGE}`);
  process.exitCode = 2;
} else {
  const files = positionals.map((file) => JSON.parse(readFileSync(file, 'utf8')) as ShapePathsFile);
  const points = motionPoints(files);
  const svg = await renderSvg(motionTrendSpec(points, values.subtitle));
  writeFileSync(`${values.out}.svg`, svg);
  writeFileSync(`${values.out}.png`, svgToPng(svg));
  process.stdout.write(motionTable(points));
}
