// Breaches per day over the period, all criteria together, as a uPlot time series: unjustified
// and justified breaches stacked as bars on the site's civil days (the compliance API's
// "days"), with the day under the cursor in the legend.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { followWidth, measurer } from './chart_frame.js';
import { siteZone } from './clock.js';
import { h } from './dom.js';
import { civilDay as dayLabel } from './format.js';
import { t } from './i18n.js';

const HEIGHT = 200;
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';


// The totals of each day over every criterion: {days, unjustified, justified}.
export function dailyTotals(criteria) {
  const withDays = criteria.filter((c) => Array.isArray(c.days) && c.days.length);
  if (!withDays.length) return null;
  const days = withDays[0].days.map((d) => ({ day: d.day, from: d.from }));
  const unjustified = days.map(() => 0);
  const justified = days.map(() => 0);
  for (const c of withDays) {
    c.days.forEach((d, i) => {
      unjustified[i] += d.breaches - d.justified;
      justified[i] += d.justified;
    });
  }
  return { days, unjustified, justified };
}

// The chart in a box that follows the page's width; DISPOSE stops following it.
export function trendChart(criteria) {
  const totals = dailyTotals(criteria);
  if (!totals) return null;
  const box = h('div', { class: 'trend', 'data-chart': 'trend' });
  const zone = siteZone();
  const { days } = totals;
  // Stacked by hand: the justified bar is drawn from the unjustified one's top.
  const stacked = totals.justified.map((j, i) => j + totals.unjustified[i]);
  const data = [days.map((d) => d.from / 1000), stacked, totals.unjustified];
  const index = (ts) => days.findIndex((d) => d.from / 1000 === ts);
  const dayText = (u, ts) => (ts === null || ts === undefined || index(ts) < 0 ? '–' : dayLabel(days[index(ts)].day));
  const count = (which) => (u, v, si, i) => (i === null || i === undefined ? '–' : String(totals[which][i]));
  const bars = uPlot.paths.bars({ size: [0.7, 48] });
  const opts = {
    width: 600,
    height: HEIGHT,
    // Days are the site's: its midnights on the axis, whatever the browser's zone.
    ...(zone ? { tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone) } : {}),
    scales: { x: { time: true, range: (u, min, max) => [min - 43200, max + 43200] }, y: { range: (u, min, max) => [0, Math.max(4, max)] } },
    series: [
      { label: t('trend.day'), value: dayText },
      { label: t('compliance.justified'), value: count('justified'), stroke: '#6b7280', width: 0, fill: '#d1d5db', paths: bars, points: { show: false } },
      { label: t('compliance.unjustified'), value: count('unjustified'), stroke: '#b91c1c', width: 0, fill: '#ef4444', paths: bars, points: { show: false } },
    ],
    axes: [
      { space: 56, font: AXIS_FONT, values: (u, splits) => splits.map((s) => (index(s) >= 0 ? dayLabel(days[index(s)].day) : '')) },
      { label: t('trend.axis'), space: 30, values: (u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')) },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
  // Civil days only on the axis, as many as fit without their labels touching (measured in
  // the axis's font, uPlot's default).
  const ruler = measurer(AXIS_FONT);
  const labelWidth = Math.max(...days.map((d) => ruler.measureText(dayLabel(d.day)).width));
  opts.axes[0].splits = (u) => {
    const plot = u.bbox.width / uPlot.pxRatio || u.width - 60;
    const step = Math.max(1, Math.ceil((days.length * (labelWidth + 12)) / Math.max(1, plot)));
    return data[0].filter((_, i) => i % step === 0);
  };
  const plot = new uPlot(opts, data, box);
  box.uplot = plot; // for the browser checks: the chart's own scale
  const stop = followWidth(box, plot, () => HEIGHT);
  return { el: box, dispose: () => { stop(); plot.destroy(); } };
}
