// A small line chart as SVG (no dependency): categorical x values evenly spaced (concurrency, stream count),
// a linear y axis from 0 with round ticks, one coloured line and marker per series, a legend. Enough for the
// benchmark report; the numbers themselves are in bench/results/<name>.json.

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
const W = 640;
const H = 400;
const M = { left: 64, right: 16, top: 40, bottom: 100 };

const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A round step for about five ticks up to `max`. */
function niceStep(max) {
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const unit = [1, 2, 2.5, 5, 10].find((m) => m * pow >= raw) ?? 10;
  return unit * pow;
}

/**
 * chart: { title, xLabel, yLabel, series: [{ name, points: [[x, y], ...], dashed? }] } → SVG text.
 * Points with a non-finite y are left out.
 */
export function lineChart(chart) {
  const xs = [...new Set(chart.series.flatMap((s) => s.points.map(([x]) => x)))];
  const ys = chart.series.flatMap((s) => s.points.map(([, y]) => y)).filter(Number.isFinite);
  const step = niceStep(Math.max(...ys, 1e-9) * 1.1);
  const top = Math.ceil((Math.max(...ys, 1e-9) * 1.1) / step) * step;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const px = (x) => M.left + (xs.length === 1 ? plotW / 2 : (xs.indexOf(x) / (xs.length - 1)) * plotW);
  const py = (y) => M.top + plotH - (y / top) * plotH;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${esc(chart.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(chart.title)}</text>`,
  ];
  for (let v = 0; v <= top + step / 2; v += step) {
    const y = py(v);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${+v.toPrecision(4)}</text>`);
  }
  for (const x of xs) {
    out.push(`<text x="${px(x)}" y="${M.top + plotH + 18}" text-anchor="middle">${esc(x)}</text>`);
  }
  out.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="#333"/>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="#333"/>`,
    `<text x="${M.left + plotW / 2}" y="${M.top + plotH + 38}" text-anchor="middle">${esc(chart.xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(chart.yLabel)}</text>`,
  );
  chart.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter(([, y]) => Number.isFinite(y));
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${pts.map(([x, y]) => `${px(x)},${py(y)}`).join(' ')}"/>`,
    );
    for (const [x, y] of pts) out.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3.5" fill="${color}"/>`);
    const lx = M.left + (i % 3) * 190;
    const ly = H - 34 + Math.floor(i / 3) * 18;
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 28}" y="${ly}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
