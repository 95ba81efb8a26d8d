// Charts drawn with uPlot: bars per criterion and a line per criterion over days.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

function width(el) {
  return Math.max(320, Math.min(900, el.clientWidth || 640));
}

// Bars: one group per label, one bar per series. SERIES: [{label, values, colour}].
export function barChart(el, { labels, series, yMax, yFormat = (v) => v }) {
  const n = series.length;
  const size = 0.7 / n;
  const data = [labels.map((_, i) => i), ...series.map((s) => s.values)];
  return new uPlot(
    {
      width: width(el),
      height: 260,
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, yMax ?? null] } },
      axes: [
        { values: (u, ticks) => ticks.map((i) => labels[i] ?? ''), splits: () => labels.map((_, i) => i), gap: 4 },
        { values: (u, ticks) => ticks.map(yFormat) },
      ],
      legend: { show: n > 1 },
      cursor: { show: false },
      series: [
        {},
        ...series.map((s, k) => ({
          label: s.label,
          fill: s.colour || COLOURS[k % COLOURS.length],
          stroke: s.colour || COLOURS[k % COLOURS.length],
          paths: uPlot.paths.bars({ size: [size, 80], align: n === 1 ? 0 : k === 0 ? -1 : 1 }),
          points: { show: false },
        })),
      ],
    },
    data,
    el,
  );
}

// Lines over days: X are ms timestamps, one series per criterion.
export function dayChart(el, { days, series }) {
  return new uPlot(
    {
      width: width(el),
      height: 240,
      scales: { x: { time: true }, y: { range: [0, null] } },
      series: [{}, ...series.map((s, k) => ({ label: s.label, stroke: COLOURS[k % COLOURS.length], width: 2 }))],
    },
    [days.map((d) => d / 1000), ...series.map((s) => s.values)],
    el,
  );
}
