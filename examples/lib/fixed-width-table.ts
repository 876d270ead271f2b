/**
 * Rows under a header, columns two spaces apart, each as wide as its widest
 * cell: the first column left-aligned (labels), the others right-aligned
 * (numbers). Ends with a newline.
 */
export function fixedWidthTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
