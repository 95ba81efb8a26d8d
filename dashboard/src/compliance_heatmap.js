// Breaches per day as a criterion x day grid: one row per criterion, one column per civil day
// of the site (the compliance API's "days"), each cell the day's unjustified breaches, darker
// when there are more; justified ones are in the cell's title. A wide period scrolls inside
// its box, never past the page.
import { criterionTitle } from './criteria_words.js';
import { h } from './dom.js';
import { civilDay as dayLabel } from './format.js';
import { t } from './i18n.js';

export function heatMap(criteria) {
  const withDays = criteria.filter((c) => Array.isArray(c.days) && c.days.length);
  if (!withDays.length) return null;
  const days = withDays[0].days.map((d) => d.day);
  const max = Math.max(1, ...withDays.flatMap((c) => c.days.map((d) => d.breaches - d.justified)));
  const rows = withDays.map((c) => h('tr', { 'data-criterion': c.criterion },
    h('th', { scope: 'row', title: criterionTitle(c.criterion, c.title) }, c.criterion),
    ...c.days.map((d) => {
      const unjustified = d.breaches - d.justified;
      const level = unjustified === 0 ? 0 : Math.min(4, 1 + Math.floor((3 * unjustified) / max));
      return h('td', {
        class: `heat l${level}`,
        'data-day': d.day,
        title: t('compliance.cell', { criterion: c.criterion, day: dayLabel(d.day), n: unjustified, j: d.justified, checked: d.subjects_checked }),
      }, unjustified ? String(unjustified) : '');
    })));
  return h('div', { class: 'heatmap-box' },
    h('table', { class: 'heatmap', 'data-chart': 'days' },
      h('thead', {}, h('tr', {}, h('th', {}, t('alerts.col.criterion')),
        ...days.map((d) => h('th', { scope: 'col', 'data-day': d }, dayLabel(d))))),
      h('tbody', {}, ...rows)));
}
