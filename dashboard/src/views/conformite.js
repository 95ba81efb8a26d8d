// Conformité: per criterion over a chosen period, the compliance rate and the breaches.
import * as api from '../api.js';
import { clear, h } from '../dom.js';
import { percent } from '../format.js';
import { label, t } from '../i18n.js';
import { periodPicker } from '../period.js';
import { reportButton } from '../report_button.js';

export function conformiteView(root) {
  const status = h('p', { class: 'status', role: 'status' });
  const charts = h('div', { class: 'charts' });
  const table = h('div');
  let plots = [];

  const picker = periodPicker(load, 7);
  const report = reportButton(picker);
  clear(root).append(h('h2', {}, t('compliance.title')), picker.el, report.el, status, charts, table);

  function destroy() {
    for (const p of plots) p.destroy();
    plots = [];
  }

  async function draw(report) {
    const { barChart, dayChart } = await import('../charts.js');
    destroy();
    clear(charts);
    clear(table);
    const criteria = report.criteria || [];
    if (criteria.length === 0) {
      status.textContent = t('compliance.none');
      return;
    }
    status.textContent = '';
    const labels = criteria.map((c) => c.criterion);
    const rateBox = h('figure', { class: 'chart', 'data-chart': 'rate' }, h('figcaption', {}, t('compliance.rate')));
    const breachBox = h('figure', { class: 'chart', 'data-chart': 'breaches' }, h('figcaption', {}, t('compliance.breaches')));
    charts.append(rateBox, breachBox);
    plots.push(barChart(rateBox, {
      labels,
      yMax: 100,
      yFormat: (v) => `${v} %`,
      series: [{ label: t('compliance.rate'), values: criteria.map((c) => (c.compliance_rate === null ? null : c.compliance_rate * 100)), colour: '#16a34a' }],
    }));
    plots.push(barChart(breachBox, {
      labels,
      series: [
        { label: t('compliance.unjustified'), values: criteria.map((c) => c.breaches - c.justified), colour: '#dc2626' },
        { label: t('compliance.justified'), values: criteria.map((c) => c.justified), colour: '#d97706' },
      ],
    }));
    const withDays = criteria.filter((c) => Array.isArray(c.days) && c.days.length);
    if (withDays.length) {
      const days = [...new Set(withDays.flatMap((c) => c.days.map((d) => d.from)))].sort((a, b) => a - b);
      const dayBox = h('figure', { class: 'chart wide', 'data-chart': 'days' }, h('figcaption', {}, t('compliance.by_day')));
      charts.append(dayBox);
      plots.push(dayChart(dayBox, {
        days,
        series: withDays.map((c) => {
          const byDay = new Map(c.days.map((d) => [d.from, d.breaches]));
          return { label: c.criterion, values: days.map((d) => byDay.get(d) ?? 0) };
        }),
      }));
    }
    table.append(h('table', { class: 'compliance-table' },
      h('thead', {}, h('tr', {},
        h('th', {}, t('alerts.col.criterion')), h('th', {}, t('alerts.col.severity')),
        h('th', {}, t('compliance.checked')), h('th', {}, t('compliance.breaches')),
        h('th', {}, t('compliance.justified')), h('th', {}, t('compliance.rate')))),
      h('tbody', {}, ...criteria.map((c) => h('tr', { 'data-criterion': c.criterion },
        h('td', { title: c.title || '' }, c.criterion), h('td', {}, label('severity', c.severity)),
        h('td', {}, c.subjects_checked), h('td', {}, c.breaches), h('td', {}, c.justified),
        h('td', {}, percent(c.compliance_rate)))))));
  }

  async function load({ from, to }) {
    status.textContent = '…';
    try {
      await draw(await api.compliance(from, to));
    } catch (err) {
      destroy();
      clear(charts);
      status.textContent = t('error.generic', { msg: err.message });
    }
  }

  load(picker.bounds());
  return () => {
    destroy();
    report.dispose();
  };
}
