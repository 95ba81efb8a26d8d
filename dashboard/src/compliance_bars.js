// Compliance per criterion as a uPlot chart of horizontal bars, lowest rate first: one row per
// criterion, the bar's length its rate, its colour its standing against the criterion's
// target (compliance_targets.js), the target a black mark across it. uPlot lays out the
// scale and the axis and follows the pointer; the bars, the labels and the figures are drawn
// in its draw hook. Each label is the code and the full title, wrapped to the label column,
// so the chart grows taller with the criteria and with a narrower screen, never cuts a title.
// The figures table of the page (its id in DESCRIBED_BY) says the same in text.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { followWidth, measurer, tooltip, wrapText } from './chart_frame.js';
import { STANDING_COLOURS, TARGET_COLOUR, rateText, sortedByRate, standing, targetOf, targetText } from './compliance_targets.js';
import { criterionTitle } from './criteria_words.js';
import { h } from './dom.js';
import { percent } from './format.js';
import { t } from './i18n.js';

const FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const font = (px, weight = 400, ratio = 1) => `${weight} ${Math.round(px * ratio)}px ${FAMILY}`;
const LABEL_PX = 13;
const LINE = 17; // a label line, CSS px
const PAD = 8; // above and below a row's label
const TOP = 6;
const AXIS = 30; // the rate axis under the bars
const TRACK = '#eef0f3';

export function ratesChart(criteria, describedBy) {
  const rows = sortedByRate(criteria);
  const n = rows.length;
  const texts = rows.map((c) => `${c.criterion} ${criterionTitle(c.criterion, c.title)}`);
  const figures = rows.map((c) => [rateText(c), targetText(c)]);
  const ctx = measurer(font(LABEL_PX));
  const figuresWidth = Math.ceil(Math.max(...figures.map(([rate, target]) => {
    ctx.font = font(LABEL_PX, 700);
    const a = ctx.measureText(rate).width;
    ctx.font = font(12);
    return Math.max(a, ctx.measureText(target).width);
  }))) + 16;
  ctx.font = font(LABEL_PX);

  // The label column and the rows' height at a chart width, computed once per width.
  let cached = null;
  const layout = (width) => {
    if (cached && cached.width === width) return cached;
    const labelWidth = Math.round(Math.min(460, Math.max(150, width * 0.36)));
    const lines = texts.map((s) => wrapText(ctx, s, labelWidth - 12, font(LABEL_PX, 700)));
    const rowHeight = Math.max(...lines.map((l) => l.length)) * LINE + 2 * PAD;
    cached = { width, labelWidth, lines, rowHeight, height: TOP + n * rowHeight + AXIS };
    return cached;
  };

  const box = h('div', {
    class: 'rates', 'data-chart': 'rate', role: 'img',
    'aria-label': t('chart.alt_bars', { n }), 'aria-describedby': describedBy,
  });
  const tip = tooltip(box);
  box.rows = rows.map((c) => c.criterion); // for the browser checks: the rows' order

  function draw(u) {
    const r = uPlot.pxRatio;
    const g = u.ctx;
    const lay = layout(u.width);
    const x0 = u.valToPos(0, 'y', true);
    const x100 = u.valToPos(1, 'y', true);
    const half = Math.min(10, lay.rowHeight / 2 - 3) * r;
    const labels = [];
    g.save();
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    rows.forEach((c, i) => {
      const yc = u.valToPos(i, 'x', true);
      if (i > 0) {
        g.fillStyle = '#e5e7eb';
        g.fillRect(0, Math.round(yc - (lay.rowHeight / 2) * r), u.width * r, r);
      }
      g.fillStyle = TRACK;
      g.fillRect(x0, yc - half, x100 - x0, 2 * half);
      const s = standing(c);
      if (s !== 'none') {
        g.fillStyle = STANDING_COLOURS[s];
        g.fillRect(x0, yc - half, Math.max(2 * r, u.valToPos(c.compliance_rate, 'y', true) - x0), 2 * half);
      }
      const xt = u.valToPos(targetOf(c), 'y', true);
      g.fillStyle = TARGET_COLOUR;
      g.fillRect(Math.round(xt - r), yc - half - 4 * r, 2 * r, 2 * half + 8 * r);

      // The label, centred on the row: the code in bold, then the title.
      const lines = lay.lines[i];
      const first = yc - ((lines.length - 1) / 2) * LINE * r;
      let widest = 0;
      lines.forEach((line, k) => {
        const y = first + k * LINE * r;
        let x = 2 * r;
        g.fillStyle = '#1f2937';
        if (k === 0) {
          g.font = font(LABEL_PX, 700, r);
          g.fillText(c.criterion, x, y);
          x += g.measureText(`${c.criterion} `).width;
          g.font = font(LABEL_PX, 400, r);
          g.fillText(line.slice(c.criterion.length + 1), x, y);
          x += g.measureText(line.slice(c.criterion.length + 1)).width;
        } else {
          g.font = font(LABEL_PX, 400, r);
          g.fillText(line, x, y);
          x += g.measureText(line).width;
        }
        widest = Math.max(widest, x);
      });
      labels.push({
        criterion: c.criterion, lines, left: 2, right: widest / r,
        top: (first / r) - LINE / 2, bottom: (first / r) + (lines.length - 0.5) * LINE,
      });

      // The figures right of the plot: the rate, and the target in words.
      const xf = u.bbox.left + u.bbox.width + 10 * r;
      g.font = font(LABEL_PX, 700, r);
      g.fillStyle = s === 'none' ? '#6b7280' : '#1f2937';
      g.fillText(figures[i][0], xf, yc - 8 * r);
      g.font = font(12, 400, r);
      g.fillStyle = '#4b5563';
      g.fillText(figures[i][1], xf, yc + 8 * r);
    });
    g.restore();
    // For the browser checks: where the labels went (CSS px in the canvas) and the plot's left.
    box.labels = labels;
    box.plotLeft = u.bbox.left / r;
  }

  function hover(u) {
    const i = u.cursor.idx;
    if (i === null || i === undefined || u.cursor.left < 0) {
      tip.hide();
      return;
    }
    const c = rows[i];
    tip.show(t('compliance.bar_tip', {
      criterion: c.criterion, title: criterionTitle(c.criterion, c.title), rate: rateText(c),
      target: percent(targetOf(c)), standing: t(`compliance.standing.${standing(c)}`),
    }), u, u.cursor.left, u.cursor.top);
  }

  const opts = {
    width: 600,
    height: layout(600).height,
    padding: [TOP, figuresWidth, 0, (u) => layout(u.width || 600).labelWidth],
    scales: {
      x: { time: false, ori: 1, dir: -1, range: () => [-0.5, n - 0.5] },
      y: { ori: 0, dir: 1, range: () => [0, 1] },
    },
    series: [
      {},
      { label: t('compliance.rate'), scale: 'y', paths: () => null, points: { show: false } },
      { label: t('compliance.col.target'), scale: 'y', paths: () => null, points: { show: false } },
    ],
    axes: [
      { scale: 'x', show: false },
      {
        scale: 'y', side: 2, size: AXIS, space: 50,
        splits: () => [0, 0.25, 0.5, 0.75, 1],
        values: (u, splits) => splits.map((v) => `${Math.round(v * 100)} %`),
      },
    ],
    legend: { show: false },
    cursor: { x: false, y: false, points: { show: false }, drag: { x: false, y: false } },
    hooks: { draw: [draw], setCursor: [hover] },
  };
  const data = [rows.map((_, i) => i), rows.map((c) => c.compliance_rate ?? null), rows.map(targetOf)];
  const plot = new uPlot(opts, data, box);
  box.uplot = plot; // for the browser checks: the chart's data and scales
  const stop = followWidth(box, plot, (width) => layout(width).height);
  return { el: box, dispose: () => { stop(); plot.destroy(); } };
}

// The legend of the colours and of the target's mark, in words.
export function barsLegend() {
  const item = (s, text) => {
    const el = h('span', { class: 'legend-item swatch', 'data-standing': s }, text);
    el.style.setProperty('--swatch', s === 'target' ? TARGET_COLOUR : STANDING_COLOURS[s]);
    return el;
  };
  return h('p', { class: 'legend small', 'data-legend': 'rate' },
    ...['ok', 'near', 'below'].map((s) => item(s, t(`compliance.standing.${s}`))),
    item('target', t('compliance.target_legend')));
}
