// The Conformité page against GET /api/v1/compliance of the same period, in the real gateway:
// bars sorted by rate, each value and colour right for its criterion's target, labels in full;
// the day grid's columns and cells equal the API's days.
import { apiClient } from './lib/api.js';
import { expect } from './lib/checks.js';

// The targets by severity the référentiel documents (100 % critical, 95 % major, 90 % minor,
// 80 % info); the default référentiel sets no criterion's own, so the API's equal these.
const TARGETS = { critical: 1.0, major: 0.95, minor: 0.9, info: 0.8 };
const standing = (c) => {
  if (c.compliance_rate === null) return 'none';
  const target = c.target;
  if (c.compliance_rate >= target - 1e-9) return 'ok';
  return c.compliance_rate >= target - 0.05 ? 'near' : 'below';
};
const percent = (r) => (r === null ? null : `${Math.round(r * 100)} %`);

export async function complianceChecks(checks, { page, base, token, alertCriterion }) {
  const api = apiClient(base, token);

  await checks.check('compliance days: each civil day once, their breaches add up to the period', async () => {
    const res = await api.get('/api/v1/compliance?from=2026-11-01&to=2026-12-31');
    expect(res.status === 200, `compliance answered ${res.status}`);
    for (const c of res.json.criteria) {
      expect(Array.isArray(c.days) && c.days.length === 60, `${c.criterion} has ${c.days && c.days.length} days, expected 60`);
      const sum = c.days.reduce((n, d) => n + d.breaches, 0);
      expect(sum === c.breaches, `${c.criterion}: days add up to ${sum} breaches, the period has ${c.breaches}`);
    }
    const days = res.json.criteria[0].days.map((d) => d.day);
    expect(days[0] === '2026-11-01' && days[59] === '2026-12-30', `days run ${days[0]}..${days[59]}`);
    const alerts = (await api.get(`/api/v1/alerts?state=all&criterion=${alertCriterion}`)).json.filter((a) => a.fired_at);
    const c = res.json.criteria.find((x) => x.criterion === alertCriterion);
    for (const a of alerts) {
      const day = c.days.filter((d) => d.from <= a.fired_at).pop();
      expect(day && day.breaches >= 1, `${alertCriterion} fired at ${new Date(a.fired_at).toISOString()} but its day counts none`);
    }
    const long = await api.get('/api/v1/compliance?from=2026-01-01&to=2026-12-31');
    expect(long.status === 200 && long.json.criteria.every((x) => x.days === undefined), 'a period over 62 days lists days');
    return `${alerts.length} ${alertCriterion} breach(es) on their days`;
  });

  await checks.check('the Conformité page equals the API: sorted bars against targets, a day grid', async () => {
    await page.click('nav a[data-page=conformite]');
    await page.waitForSelector('.hbars .hbar');
    const from = await page.inputValue('input[name=from]');
    const toLast = await page.inputValue('input[name=to]');
    const to = new Date(Date.parse(`${toLast}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
    const res = await api.get(`/api/v1/compliance?from=${from}&to=${to}`);
    const byId = new Map(res.json.criteria.map((c) => [c.criterion, c]));
    const bars = await page.$$eval('.hbars .hbar', (els) => els.map((el) => ({
      criterion: el.dataset.criterion,
      cls: el.className,
      value: el.querySelector('.hbar-value').textContent,
      standing: el.querySelector('.hbar-standing').textContent,
      label: el.querySelector('.hbar-label'),
    })).map(({ label, ...rest }) => rest));
    const labels = await page.$$eval('.hbar-label', (els) => els.map((el) => ({ text: el.textContent, cut: el.scrollWidth > el.clientWidth + 1 })));
    expect(bars.length === res.json.criteria.length, `${bars.length} bars, ${res.json.criteria.length} criteria`);
    let previous = -1;
    for (const [i, bar] of bars.entries()) {
      const c = byId.get(bar.criterion);
      expect(c.target === TARGETS[c.severity], `${c.criterion} (${c.severity}) has target ${c.target} in the API`);
      const rate = c.compliance_rate ?? Infinity;
      expect(rate >= previous, `bar ${i + 1} (${c.criterion}) is out of order`);
      previous = rate;
      expect(bar.cls.includes(standing(c)), `${c.criterion} at ${percent(c.compliance_rate)} (${c.severity}) is coloured "${bar.cls}", expected ${standing(c)}`);
      if (c.compliance_rate !== null) expect(bar.value === percent(c.compliance_rate), `${c.criterion} shows ${bar.value}, API ${percent(c.compliance_rate)}`);
      expect(!labels[i].cut && labels[i].text.length > c.criterion.length + 5, `${c.criterion}'s label "${labels[i].text}" is cut or bare`);
      expect(bar.standing.includes(percent(c.target)), `${c.criterion} says "${bar.standing}", not its target ${percent(c.target)}`);
    }
    const header = await page.$$eval('table.heatmap thead th[data-day]', (ths) => ths.map((th) => th.dataset.day));
    const apiDays = res.json.criteria[0].days.map((d) => d.day);
    expect(JSON.stringify(header) === JSON.stringify(apiDays), `grid days ${header.join(',')}; API ${apiDays.join(',')}`);
    const cells = await page.$$eval('table.heatmap tbody tr', (trs) => trs.map((tr) => [tr.dataset.criterion, [...tr.querySelectorAll('td')].map((td) => td.textContent)]));
    for (const [criterion, texts] of cells) {
      const want = byId.get(criterion).days.map((d) => (d.breaches - d.justified ? String(d.breaches - d.justified) : ''));
      expect(JSON.stringify(texts) === JSON.stringify(want), `${criterion}: grid ${JSON.stringify(texts)}, API ${JSON.stringify(want)}`);
    }
    return `${bars.length} bars, ${header.length} days`;
  });
}

// The uPlot series of breaches per day against the API: under the cursor, each day's legend
// says that day and its totals over every criterion.
export async function trendChecks(checks, { page, base, token }) {
  const api = apiClient(base, token);
  await checks.check('the breaches-per-day chart (uPlot) shows each day\'s totals of the API under the cursor', async () => {
    await page.click('nav a[data-page=conformite]');
    await page.waitForSelector('[data-chart=trend] .u-over');
    const from = await page.inputValue('input[name=from]');
    const toLast = await page.inputValue('input[name=to]');
    const to = new Date(Date.parse(`${toLast}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
    const criteria = (await api.get(`/api/v1/compliance?from=${from}&to=${to}`)).json.criteria;
    const days = criteria[0].days;
    const sum = (i, f) => criteria.reduce((n, c) => n + f(c.days[i]), 0);
    const legend = await page.$$eval('[data-chart=trend] .u-legend .u-series .u-label', (els) => els.map((e) => e.textContent));
    expect(JSON.stringify(legend) === JSON.stringify(['Jour', 'Justifiés', 'Non justifiés']), `legend ${JSON.stringify(legend)}`);
    await page.locator('[data-chart=trend]').scrollIntoViewIfNeeded();
    for (let i = 0; i < days.length; i++) {
      const at = await page.evaluate((ts) => {
        const box = document.querySelector('[data-chart=trend]');
        const over = box.querySelector('.u-over').getBoundingClientRect();
        return { x: over.left + box.uplot.valToPos(ts, 'x'), y: over.top + over.height / 2 };
      }, days[i].from / 1000);
      await page.mouse.move(at.x, at.y);
      await page.waitForTimeout(50);
      const values = await page.$$eval('[data-chart=trend] .u-legend .u-series .u-value', (els) => els.map((e) => e.textContent));
      const [dd, mm] = [days[i].day.slice(8, 10), days[i].day.slice(5, 7)];
      const want = [String(sum(i, (d) => d.justified)), String(sum(i, (d) => d.breaches - d.justified))];
      expect(values[0].includes(`${dd}/${mm}`), `the cursor on ${days[i].day} says "${values[0]}"`);
      expect(values[1] === want[0] && values[2] === want[1], `${days[i].day}: legend ${values.slice(1).join('/')}, API ${want.join('/')} (justified/unjustified)`);
    }
    return `${days.length} days`;
  });
}
