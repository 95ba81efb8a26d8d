// Breaches per day as a uPlot heat map: one row per criterion, one column per civil day of the
// site (the compliance API's "days"), each cell coloured by the day's unjustified breaches
// (darker with more, the count written in when it fits). uPlot lays out the day axis (as
// many day labels as fit without touching), the criteria's axis and the pointer; the cells
// are drawn in its draw hook. The legend says in words which colour is which count; the
// figures table (its id in DESCRIBED_BY, compliance_heat_table.js) says every cell in text.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { followWidth, measurer, tooltip } from './chart_frame.js';
import { criterionTitle } from './criteria_words.js';
import { h } from './dom.js';
import { civilDay as dayLabel } from './format.js';
import { t } from './i18n.js';

const FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const AXIS_FONT = `12px ${FAMILY}`;
const ROW = 26; // a criterion's row, CSS px
const TOP = 6;
const AXIS = 30;
// Level 0 (none) to 4 (the period's most), and the text colour on each.
const LEVELS = ['#ffffff', '#fee2e2', '#fca5a5', '#ef4444', '#991b1b'];
const INK = ['#1f2937', '#1f2937', '#1f2937', '#ffffff', '#ffffff'];

// The level of N unjustified breaches in a period whose most in a cell is MAX.
export const levelOf = (n, max) => (n <= 0 ? 0 : Math.min(4, 1 + Math.floor((3 * n) / max)));

// The criteria with days, the days, the unjustified counts [criterion][day] and their most.
export function heatData(criteria) {
  const rows = criteria.filter((c) => Array.isArray(c.days) && c.days.length);
  if (!rows.length) return null;
  const days = rows[0].days.map((d) => d.day);
  const counts = rows.map((c) => c.days.map((d) => d.breaches - d.justified));
  const max = Math.max(1, ...counts.flat());
  return { rows, days, counts, max };
}

export function heatChart(heat, describedBy) {
  const { rows, days, counts, max } = heat;
  const n = rows.length;
  const ctx = measurer(AXIS_FONT);
  const dayWidth = Math.max(...days.map((d) => ctx.measureText(dayLabel(d)).width));
  ctx.font = `700 ${AXIS_FONT}`;
  const codeWidth = Math.ceil(Math.max(...rows.map((c) => ctx.measureText(c.criterion).width))) + 14;
  const height = TOP + n * ROW + AXIS;

  const box = h('div', {
    class: 'heat', 'data-chart': 'heat', role: 'img',
    'aria-label': t('chart.alt_heat', { n, d: days.length }), 'aria-describedby': describedBy,
  });
  const tip = tooltip(box);
  box.rows = rows.map((c) => c.criterion); // for the browser checks
  box.days = days;

  function draw(u) {
    const r = uPlot.pxRatio;
    const g = u.ctx;
    g.save();
    g.font = `600 ${Math.round(11 * r)}px ${FAMILY}`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    counts.forEach((row, i) => {
      const ya = u.valToPos(i - 0.5, 'y', true);
      const yb = u.valToPos(i + 0.5, 'y', true);
      const top = Math.min(ya, yb);
      const tall = Math.abs(yb - ya);
      row.forEach((count, j) => {
        const left = u.valToPos(j - 0.5, 'x', true);
        const wide = u.valToPos(j + 0.5, 'x', true) - left;
        const level = levelOf(count, max);
        g.fillStyle = LEVELS[level];
        g.fillRect(left, top, wide, tall);
        g.strokeStyle = '#e5e7eb';
        g.lineWidth = r;
        g.strokeRect(left + r / 2, top + r / 2, wide - r, tall - r);
        if (count > 0 && g.measureText(String(count)).width + 4 * r <= wide) {
          g.fillStyle = INK[level];
          g.fillText(String(count), left + wide / 2, top + tall / 2);
        }
      });
    });
    g.restore();
  }

  function hover(u) {
    const j = u.cursor.idx;
    const i = Math.round(u.posToVal(u.cursor.top, 'y'));
    if (j === null || j === undefined || u.cursor.left < 0 || i < 0 || i >= n) {
      tip.hide();
      return;
    }
    const c = rows[i];
    const d = c.days[j];
    tip.show(`${criterionTitle(c.criterion, c.title)} · ${t('compliance.cell', {
      criterion: c.criterion, day: dayLabel(d.day), n: counts[i][j], j: d.justified, checked: d.subjects_checked,
    })}`, u, u.cursor.left, u.cursor.top);
  }

  const opts = {
    width: 600,
    height,
    padding: [TOP, 12, 0, 0],
    scales: {
      x: { time: false, range: () => [-0.5, days.length - 0.5] },
      y: { dir: -1, range: () => [-0.5, n - 0.5] },
    },
    // The criteria's counts are the chart's data; the hook draws them, not a line.
    series: [{}, ...rows.map((c) => ({ label: c.criterion, scale: 'y', paths: () => null, points: { show: false } }))],
    axes: [
      {
        scale: 'x', side: 2, size: AXIS, font: AXIS_FONT, grid: { show: false }, ticks: { size: 4 },
        // As many days as fit with their labels apart, every STEP-th from the first.
        splits: (u) => {
          const plot = u.bbox.width / uPlot.pxRatio || u.width;
          const step = Math.max(1, Math.ceil((days.length * (dayWidth + 12)) / Math.max(1, plot)));
          return days.map((_, j) => j).filter((j) => j % step === 0);
        },
        values: (u, splits) => splits.map((j) => (days[j] ? dayLabel(days[j]) : '')),
      },
      {
        scale: 'y', side: 3, size: codeWidth, font: `700 ${AXIS_FONT}`, gap: 6,
        grid: { show: false }, ticks: { show: false },
        splits: () => rows.map((_, i) => i),
        values: (u, splits) => splits.map((i) => (rows[i] ? rows[i].criterion : '')),
      },
    ],
    legend: { show: false },
    cursor: { x: false, y: false, points: { show: false }, drag: { x: false, y: false } },
    hooks: { draw: [draw], setCursor: [hover] },
  };
  const data = [days.map((_, j) => j), ...counts];
  const plot = new uPlot(opts, data, box);
  box.uplot = plot;
  const stop = followWidth(box, plot, () => height);
  return { el: box, dispose: () => { stop(); plot.destroy(); } };
}

// Which colour is which count, in words: "aucun", "1", "2–3", … up to the period's most.
export function heatLegend(max) {
  const ranges = [];
  for (let n = 1; n <= max; n++) {
    const level = levelOf(n, max);
    const last = ranges[ranges.length - 1];
    if (last && last.level === level) last.hi = n;
    else ranges.push({ level, lo: n, hi: n });
  }
  const item = (level, text) => {
    const el = h('span', { class: 'legend-item swatch', 'data-level': level }, text);
    el.style.setProperty('--swatch', LEVELS[level]);
    return el;
  };
  return h('p', { class: 'legend small', 'data-legend': 'heat' },
    h('span', {}, t('compliance.heat_legend')),
    item(0, t('compliance.heat_none')),
    ...ranges.map((x) => item(x.level, x.lo === x.hi ? String(x.lo) : `${x.lo}–${x.hi}`)));
}

export { LEVELS as HEAT_COLOURS };
