// The heat map's figures as a table (its text alternative): one row per criterion, one column
// per civil day of the site, each cell the day's unjustified breaches; the cell's title adds
// the justified ones and the subjects checked. Scrolls inside its box, never past the page.
import { criterionTitle } from './criteria_words.js';
import { h } from './dom.js';
import { civilDay as dayLabel } from './format.js';
import { t } from './i18n.js';

export function heatTable(withDays, id) {
  const days = withDays[0].days.map((d) => d.day);
  const rows = withDays.map((c) => h('tr', { 'data-criterion': c.criterion },
    h('th', { scope: 'row', title: criterionTitle(c.criterion, c.title) }, c.criterion),
    ...c.days.map((d) => h('td', {
      'data-day': d.day,
      title: t('compliance.cell', { criterion: c.criterion, day: dayLabel(d.day), n: d.breaches - d.justified, j: d.justified, checked: d.subjects_checked }),
    }, String(d.breaches - d.justified)))));
  return h('div', { class: 'heatmap-box' },
    h('table', { class: 'heatmap', id, 'data-table': 'days' },
      h('caption', { class: 'small' }, t('compliance.heat_legend')),
      h('thead', {}, h('tr', {}, h('th', {}, t('alerts.col.criterion')),
        ...days.map((d) => h('th', { scope: 'col', 'data-day': d }, dayLabel(d))))),
      h('tbody', {}, ...rows)));
}
