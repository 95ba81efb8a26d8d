// Conformité: per criterion over a chosen period, the compliance rate against its target
// (sorted bars), the breaches per day of all criteria (a time series) and of each (a
// criterion x day heat map), all three uPlot charts, then the figures as tables: the
// criteria's (the bars' text alternative) and the days' (the heat map's).
import * as api from '../api.js';
import { barsLegend, ratesChart } from '../compliance_bars.js';
import { heatTable } from '../compliance_heat_table.js';
import { heatChart, heatData, heatLegend } from '../compliance_heatmap.js';
import { rateText, sortedByRate, standing, targetText } from '../compliance_targets.js';
import { trendChart } from '../compliance_trend.js';
import { criterionTitle } from '../criteria_words.js';
import { clear, h } from '../dom.js';
import { label, t } from '../i18n.js';
import { periodPicker } from '../period.js';
import { reportButton } from '../report_button.js';

// The criteria's figures, in the bars' order: what the bars chart says, as text.
function criteriaTable(criteria, id) {
  return h('table', { class: 'compliance-table', id, 'data-table': 'criteria' },
    h('thead', {}, h('tr', {},
      h('th', {}, t('alerts.col.criterion')), h('th', {}, t('alerts.col.severity')),
      h('th', {}, t('compliance.checked')), h('th', {}, t('compliance.breaches')),
      h('th', {}, t('compliance.justified')), h('th', {}, t('compliance.rate')),
      h('th', {}, t('compliance.col.target')), h('th', {}, t('compliance.col.standing')))),
    h('tbody', {}, ...sortedByRate(criteria).map((c) => h('tr', { 'data-criterion': c.criterion, 'data-standing': standing(c) },
      h('td', {}, h('strong', {}, c.criterion), ' ', criterionTitle(c.criterion, c.title)), h('td', {}, label('severity', c.severity)),
      h('td', {}, c.subjects_checked), h('td', {}, c.breaches), h('td', {}, c.justified),
      h('td', { 'data-col': 'rate' }, rateText(c)), h('td', { 'data-col': 'target' }, targetText(c)),
      h('td', { 'data-col': 'standing' }, t(`compliance.standing.${standing(c)}`))))));
}

export function conformiteView(root) {
  const status = h('p', { class: 'status', role: 'status' });
  const charts = h('div', { class: 'charts' });
  const table = h('div');

  const picker = periodPicker(load, 7);
  const report = reportButton(picker);
  clear(root).append(h('h2', {}, t('compliance.title')), picker.el, report.el, status, charts, table);

  let drawn = [];
  const dropCharts = () => {
    for (const c of drawn) c.dispose();
    drawn = [];
  };

  function draw(report) {
    dropCharts();
    clear(charts);
    clear(table);
    const criteria = report.criteria || [];
    if (criteria.length === 0) {
      status.textContent = t('compliance.none');
      return;
    }
    status.textContent = '';
    const rates = ratesChart(criteria, 'compliance-figures');
    drawn.push(rates);
    charts.append(h('figure', { class: 'chart wide' }, h('figcaption', {}, t('compliance.rate_sorted')),
      barsLegend(), rates.el));
    const trend = trendChart(criteria);
    if (trend) {
      drawn.push(trend);
      charts.append(h('figure', { class: 'chart wide' }, h('figcaption', {}, t('trend.title')), trend.el));
    }
    const heat = heatData(criteria);
    if (heat) {
      const map = heatChart(heat, 'heat-figures');
      drawn.push(map);
      charts.append(h('figure', { class: 'chart wide' }, h('figcaption', {}, t('compliance.by_day')),
        heatLegend(heat.max), map.el,
        h('details', { class: 'figures' }, h('summary', {}, t('chart.figures')), heatTable(heat.rows, 'heat-figures'))));
    } else {
      charts.append(h('figure', { class: 'chart wide' }, h('figcaption', {}, t('compliance.by_day')),
        h('p', { class: 'muted' }, t('compliance.no_days'))));
    }
    table.append(criteriaTable(criteria, 'compliance-figures'));
  }

  async function load({ from, to }) {
    status.textContent = '…';
    try {
      await draw(await api.compliance(from, to));
    } catch (err) {
      dropCharts();
      clear(charts);
      status.textContent = t('error.generic', { msg: err.message });
    }
  }

  load(picker.bounds());
  return () => {
    dropCharts();
    report.dispose();
  };
}
