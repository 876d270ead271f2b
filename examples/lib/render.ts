/**
 * Headless rendering: vega-lite spec -> SVG (vega's View without a browser)
 * -> PNG (resvg). Text is drawn with DejaVu Sans from the dejavu-fonts-ttf
 * package, so a fresh machine needs no system fonts.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The font family every chart and label uses. */
export const CHART_FONT = 'DejaVu Sans';

const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/** Renders a vega-lite spec to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Rasterises an SVG document to PNG bytes on a white background.
 *
 * @param zoom Output pixels per SVG unit; 2 gives sharp text on screens.
 */
export function svgToPng(svg: string, zoom = 2): Buffer {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: zoom },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    shapeRendering: 2,
    imageRendering: 1,
  });
  return resvg.render().asPng();
}
