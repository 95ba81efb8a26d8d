// Conformité: per criterion over a chosen period, the compliance rate against its target
// (sorted bars), the breaches per day of all criteria (a uPlot series) and of each (a criterion
// x day grid), then the figures as a table.
import * as api from '../api.js';
import { barsLegend, complianceBars } from '../compliance_bars.js';
import { heatMap } from '../compliance_heatmap.js';
import { trendChart } from '../compliance_trend.js';
import { criterionTitle } from '../criteria_words.js';
import { clear, h } from '../dom.js';
import { percent } from '../format.js';
import { label, t } from '../i18n.js';
import { periodPicker } from '../period.js';
import { reportButton } from '../report_button.js';

export function conformiteView(root) {
  const status = h('p', { class: 'status', role: 'status' });
  const charts = h('div', { class: 'charts' });
  const table = h('div');

  const picker = periodPicker(load, 7);
  const report = reportButton(picker);
  clear(root).append(h('h2', {}, t('compliance.title')), picker.el, report.el, status, charts, table);

  let trend = null;
  const dropTrend = () => {
    if (trend) trend.dispose();
    trend = null;
  };

  function draw(report) {
    dropTrend();
    clear(charts);
    clear(table);
    const criteria = report.criteria || [];
    if (criteria.length === 0) {
      status.textContent = t('compliance.none');
      return;
    }
    status.textContent = '';
    charts.append(h('figure', { class: 'chart wide' }, h('figcaption', {}, t('compliance.rate_sorted')),
      barsLegend(), complianceBars(criteria)));
    trend = trendChart(criteria);
    if (trend) {
      charts.append(h('figure', { class: 'chart wide' }, h('figcaption', {}, t('trend.title')), trend.el));
    }
    const grid = heatMap(criteria);
    charts.append(h('figure', { class: 'chart wide' }, h('figcaption', {}, t('compliance.by_day')),
      grid ? h('p', { class: 'legend small' }, t('compliance.heat_legend')) : null,
      grid || h('p', { class: 'muted' }, t('compliance.no_days'))));
    table.append(h('table', { class: 'compliance-table' },
      h('thead', {}, h('tr', {},
        h('th', {}, t('alerts.col.criterion')), h('th', {}, t('alerts.col.severity')),
        h('th', {}, t('compliance.checked')), h('th', {}, t('compliance.breaches')),
        h('th', {}, t('compliance.justified')), h('th', {}, t('compliance.rate')))),
      h('tbody', {}, ...criteria.map((c) => h('tr', { 'data-criterion': c.criterion },
        h('td', {}, h('strong', {}, c.criterion), ' ', criterionTitle(c.criterion, c.title)), h('td', {}, label('severity', c.severity)),
        h('td', {}, c.subjects_checked), h('td', {}, c.breaches), h('td', {}, c.justified),
        h('td', {}, percent(c.compliance_rate)))))));
  }

  async function load({ from, to }) {
    status.textContent = '…';
    try {
      await draw(await api.compliance(from, to));
    } catch (err) {
      dropTrend();
      clear(charts);
      status.textContent = t('error.generic', { msg: err.message });
    }
  }

  load(picker.bounds());
  return () => {
    dropTrend();
    report.dispose();
  };
}
