/** One panel of the chart: a latency CDF per target. */
export interface CdfPanel {
  title: string;
  series: { name: string; points: [number, number][] }[];
}

const COLOURS: Record<string, string> = { ours: '#d62728', floor: '#1f77b4' };
const WIDTH = 420;
const HEIGHT = 260;
const PAD = { left: 48, right: 12, top: 28, bottom: 36 };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Log-scale x (milliseconds), linear y (fraction of deliveries). */
function panel(spec: CdfPanel, x0: number, y0: number): string {
  const all = spec.series.flatMap((series) => series.points.map(([ms]) => Math.max(ms, 0.1)));
  const lo = Math.max(0.1, 10 ** Math.floor(Math.log10(Math.min(...all, 1))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all, 10)));
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const sx = (ms: number) =>
    x0 + PAD.left + ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / Math.log10(hi / lo)) * w;
  const sy = (q: number) => y0 + PAD.top + (1 - q) * h;
  const parts = [
    `<text x="${x0 + PAD.left}" y="${y0 + 18}" font-size="12" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  for (let decade = lo; decade <= hi * 1.001; decade *= 10) {
    const x = sx(decade).toFixed(1);
    parts.push(`<line x1="${x}" y1="${sy(0)}" x2="${x}" y2="${sy(1)}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${x}" y="${sy(0) + 14}" font-size="10" text-anchor="middle">${decade >= 1 ? decade : decade.toFixed(1)}</text>`,
    );
  }
  for (const q of [0, 0.5, 0.9, 0.99, 1]) {
    parts.push(`<line x1="${sx(lo)}" y1="${sy(q)}" x2="${sx(hi)}" y2="${sy(q)}" stroke="#eee"/>`);
    parts.push(`<text x="${sx(lo) - 4}" y="${sy(q) + 3}" font-size="10" text-anchor="end">${q}</text>`);
  }
  parts.push(
    `<text x="${x0 + PAD.left + w / 2}" y="${y0 + HEIGHT - 6}" font-size="10" text-anchor="middle">delivery latency (ms, log)</text>`,
  );
  spec.series.forEach((series, index) => {
    if (series.points.length === 0) return;
    const path = series.points
      .map(([ms, q], i) => `${i ? 'L' : 'M'}${sx(ms).toFixed(1)},${sy(q).toFixed(1)}`)
      .join(' ');
    const colour = COLOURS[series.name] ?? '#333';
    parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="1.6"/>`);
    parts.push(
      `<text x="${x0 + WIDTH - 60}" y="${sy(0.3) + index * 14}" font-size="11" fill="${colour}">${escapeXml(series.name)}</text>`,
    );
  });
  return parts.join('\n');
}

/** A grid of CDF panels, two per row, as one standalone SVG document. */
export function cdfChart(panels: CdfPanel[]): string {
  const columns = 2;
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const body = panels.map((spec, i) => panel(spec, (i % columns) * WIDTH, Math.floor(i / columns) * HEIGHT));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${columns * WIDTH}" height="${rows * HEIGHT}" font-family="sans-serif" role="img" aria-label="Delivery latency CDF per scenario, ours and floor">
<title>Delivery latency CDF per scenario, ours and floor</title>
<rect width="100%" height="100%" fill="white"/>
${body.join('\n')}
</svg>
`;
}
