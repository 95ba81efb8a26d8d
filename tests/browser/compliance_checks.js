// The Conformité page against GET /api/v1/compliance of the same period, in the real gateway:
// the uPlot bars sorted by rate, each value and the colour drawn right for its criterion's
// target and equal to its legend's, labels in full, the figures table saying the same; the
// uPlot heat map's days and cells equal the API's days, each cell drawn in its legend's colour.
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
// Each standing in the page's French words.
const STANDING_WORDS = { ok: 'objectif atteint', near: 'proche de l’objectif', below: 'sous l’objectif', none: 'rien à vérifier' };

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

  await checks.check('the Conformité bars (uPlot) equal the API: order, rates, colours against targets, full labels, text alternative', async () => {
    await page.click('nav a[data-page=conformite]');
    await page.waitForSelector('[data-chart=rate] .u-over');
    await page.waitForTimeout(300); // the chart's first fit to its figure
    const res = await api.get(`/api/v1/compliance?${await shownPeriod(page)}`);
    const byId = new Map(res.json.criteria.map((c) => [c.criterion, c]));
    const chart = await page.evaluate(readBars);
    expect(chart.legend.length >= 4, `the bars' legend has ${chart.legend.length} item(s): ${JSON.stringify(chart.legend)}`);
    expect(chart.rows.length === res.json.criteria.length, `${chart.rows.length} bars, ${res.json.criteria.length} criteria`);
    const colourOf = new Map(chart.legend.map((l) => [l.standing, l.colour]));
    const keys = ['ok', 'near', 'below', 'target'];
    expect(keys.every((k, i) => colourOf.has(k) && keys.slice(i + 1).every((o) => !sameColour(colourOf.get(k), colourOf.get(o)))), `the bars' legend does not give ${keys.join(', ')} a colour each: ${JSON.stringify(chart.legend)}`);
    let previous = -1;
    for (const [i, bar] of chart.rows.entries()) {
      const c = byId.get(bar.criterion);
      expect(c, `a bar for ${bar.criterion}, which the API does not list`);
      expect(c.target === TARGETS[c.severity], `${c.criterion} (${c.severity}) has target ${c.target} in the API`);
      const rate = c.compliance_rate ?? Infinity;
      expect(rate >= previous, `bar ${i + 1} (${c.criterion}) is out of order`);
      previous = rate;
      expect(bar.rate === c.compliance_rate && bar.target === c.target, `${c.criterion}: the chart has ${bar.rate} against ${bar.target}, the API ${c.compliance_rate} against ${c.target}`);
      const s = standing(c);
      if (s !== 'none') {
        expect(sameColour(bar.fill, colourOf.get(s)), `${c.criterion} at ${percent(c.compliance_rate)} (target ${percent(c.target)}) is drawn ${bar.fill}, the legend's "${s}" is ${colourOf.get(s)}`);
        expect(!bar.end || sameColour(bar.end, colourOf.get(s)), `${c.criterion}'s bar ends before ${percent(c.compliance_rate)} (${bar.end} there)`);
        expect(!bar.past || !sameColour(bar.past, colourOf.get(s)), `${c.criterion}'s bar runs past ${percent(c.compliance_rate)}`);
      }
      expect(sameColour(bar.mark, colourOf.get('target')), `${c.criterion}'s target mark at ${percent(c.target)} is ${bar.mark}, not the legend's ${colourOf.get('target')}`);
      const row = chart.table[i];
      expect(row && row.criterion === c.criterion, `row ${i + 1} of the figures table is ${row && row.criterion}, the bar is ${c.criterion}`);
      expect(bar.label === row.name && bar.label.length > c.criterion.length + 5 && bar.label.startsWith(`${c.criterion} `), `${c.criterion}'s label "${bar.label}" is cut or bare (the table says "${row.name}")`);
      if (c.compliance_rate !== null) expect(row.rate === percent(c.compliance_rate), `${c.criterion}: the table says ${row.rate}, API ${percent(c.compliance_rate)}`);
      expect(row.target === `Objectif ${percent(c.target)}`, `${c.criterion}: the table says "${row.target}", not its target ${percent(c.target)}`);
      expect(row.standing === STANDING_WORDS[s], `${c.criterion}: the table says "${row.standing}", expected "${STANDING_WORDS[s]}"`);
    }
    expect(chart.describedBy === 'compliance-figures' && chart.tableId === 'compliance-figures', `the chart is described by "${chart.describedBy}", the table is "${chart.tableId}"`);
    // The pointer on the first bar: its figures and target in words.
    const first = byId.get(chart.rows[0].criterion);
    await page.locator('[data-chart=rate]').scrollIntoViewIfNeeded();
    const at = await page.evaluate(() => {
      const box = document.querySelector('[data-chart=rate]');
      const over = box.querySelector('.u-over').getBoundingClientRect();
      return { x: over.left + over.width * 0.3, y: over.top + box.uplot.valToPos(0, 'x') };
    });
    await page.mouse.move(at.x, at.y);
    await page.waitForTimeout(100);
    const tip = await page.textContent('[data-chart=rate] .chart-tip');
    const want = [first.criterion, percent(first.compliance_rate) || 'non évalué', `objectif ${percent(first.target)}`];
    expect(want.every((w) => tip.includes(w)), `the tooltip on ${first.criterion} says "${tip}", expected ${JSON.stringify(want)}`);
    await page.mouse.move(0, 0);
    // A window narrowed to a tablet's and widened to a wall's: the charts follow their cards
    // and redraw, their labels still whole.
    const size = page.viewportSize();
    const fits = [];
    for (const width of [768, 1920]) {
      await page.setViewportSize({ width, height: size.height });
      await page.waitForTimeout(400);
      fits.push(await page.evaluate(() => [...document.querySelectorAll('[data-chart]')].map((box) => {
        const room = box.parentElement.clientWidth - 16;
        const cut = (box.labels || []).filter((l) => l.right > box.plotLeft - 2).map((l) => l.criterion);
        return { chart: box.dataset.chart, width: box.uplot.width, room, cut };
      })));
    }
    await page.setViewportSize(size);
    for (const f of fits.flat()) {
      expect(Math.abs(f.width - f.room) <= 3 && f.cut.length === 0, `after a resize the ${f.chart} chart is ${f.width} px in ${f.room} px${f.cut.length ? `, labels cut: ${f.cut.join(', ')}` : ''}`);
    }
    return `${chart.rows.length} bars, redrawn at 768 and 1920 px`;
  });

  await checks.check('the Conformité heat map (uPlot) equals the API: days, cells, colours of its legend, figures table', async () => {
    await page.waitForSelector('[data-chart=heat] .u-over');
    const res = await api.get(`/api/v1/compliance?${await shownPeriod(page)}`);
    const apiRows = res.json.criteria.filter((c) => Array.isArray(c.days) && c.days.length);
    const heat = await page.evaluate(readHeat);
    const apiDays = apiRows[0].days.map((d) => d.day);
    expect(JSON.stringify(heat.days) === JSON.stringify(apiDays), `heat map days ${heat.days.join(',')}; API ${apiDays.join(',')}`);
    expect(JSON.stringify(heat.rows) === JSON.stringify(apiRows.map((c) => c.criterion)), `heat map rows ${heat.rows.join(',')}`);
    expect(heat.legend.length >= 2 && heat.legend[0].lo === 0, `the heat map's legend: ${JSON.stringify(heat.legend)}`);
    let breaches = 0;
    for (const [i, c] of apiRows.entries()) {
      const want = c.days.map((d) => d.breaches - d.justified);
      expect(JSON.stringify(heat.data[i]) === JSON.stringify(want), `${c.criterion}: chart ${JSON.stringify(heat.data[i])}, API ${JSON.stringify(want)}`);
      expect(JSON.stringify(heat.table[i]) === JSON.stringify(want.map(String)), `${c.criterion}: figures table ${JSON.stringify(heat.table[i])}, API ${JSON.stringify(want)}`);
      want.forEach((n, j) => {
        breaches += n;
        const key = heat.legend.find((l) => n >= l.lo && n <= l.hi);
        expect(key, `${c.criterion} ${c.days[j].day}: ${n} breach(es) has no colour in the legend ${JSON.stringify(heat.legend)}`);
        expect(sameColour(heat.pixels[i][j], key.colour), `${c.criterion} ${c.days[j].day}: ${n} breach(es) drawn ${heat.pixels[i][j]}, the legend's "${key.text}" is ${key.colour}`);
      });
    }
    expect(heat.describedBy === 'heat-figures' && heat.tableId === 'heat-figures', `the heat map is described by "${heat.describedBy}"`);
    // The pointer on a cell with breaches (else the first): the criterion, the day and the count.
    let [ci, dj] = [0, 0];
    apiRows.forEach((c, i) => c.days.forEach((d, j) => { if (d.breaches - d.justified > 0 && !(apiRows[ci].days[dj].breaches - apiRows[ci].days[dj].justified)) [ci, dj] = [i, j]; }));
    await page.locator('[data-chart=heat]').scrollIntoViewIfNeeded();
    const at = await page.evaluate(([i, j]) => {
      const box = document.querySelector('[data-chart=heat]');
      const over = box.querySelector('.u-over').getBoundingClientRect();
      return { x: over.left + box.uplot.valToPos(j, 'x'), y: over.top + box.uplot.valToPos(i, 'y') };
    }, [ci, dj]);
    await page.mouse.move(at.x, at.y);
    await page.waitForTimeout(100);
    const tip = await page.textContent('[data-chart=heat] .chart-tip');
    const d = apiRows[ci].days[dj];
    const want = [apiRows[ci].criterion, `${d.day.slice(8, 10)}/${d.day.slice(5, 7)}`, `${d.breaches - d.justified} non justifié`];
    expect(want.every((w) => tip.includes(w)), `the tooltip on ${apiRows[ci].criterion} ${d.day} says "${tip}", expected ${JSON.stringify(want)}`);
    await page.mouse.move(0, 0);
    return `${heat.rows.length} criteria x ${heat.days.length} days, ${breaches} unjustified breach(es)`;
  });
}

// The period on screen as the API's query ("from=…&to=…", the last day included on screen).
async function shownPeriod(page) {
  const from = await page.inputValue('input[name=from]');
  const toLast = await page.inputValue('input[name=to]');
  const to = new Date(Date.parse(`${toLast}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  return `from=${from}&to=${to}`;
}

// "rgb(22, 163, 74)" or [22, 163, 74] as the same colour, within 3 per channel (anti-aliasing).
function sameColour(a, b) {
  const parse = (x) => (Array.isArray(x) ? x : (String(x).match(/\d+/g) || []).map(Number).slice(0, 3));
  const [p, q] = [parse(a), parse(b)];
  return p.length === 3 && q.length === 3 && p.every((v, i) => Math.abs(v - q[i]) <= 3);
}

// Runs in the page: the bars chart's rows (its data, the colour drawn mid-bar and on the
// target's mark, its label as drawn), its legend's colours and the figures table.
function readBars() {
  const box = document.querySelector('[data-chart=rate]');
  const u = box.uplot;
  const g = box.querySelector('canvas').getContext('2d');
  const pixel = (x, y) => [...g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data.slice(0, 3)];
  const x0 = u.valToPos(0, 'y', true);
  const rows = box.rows.map((criterion, i) => {
    const [rate, target] = [u.data[1][i], u.data[2][i]];
    const y = u.valToPos(i, 'x', true);
    return {
      criterion, rate, target,
      fill: rate === null ? null : pixel(x0 + Math.max(1, (u.valToPos(rate, 'y', true) - x0) / 2), y),
      // Just inside the bar's end and just past it (where the target's mark is not).
      end: rate === null || rate < 0.02 ? null : pixel(u.valToPos(rate, 'y', true) - 2 * devicePixelRatio, y),
      past: rate === null || rate > 0.97 || Math.abs(rate - target) < 0.03 ? null : pixel(u.valToPos(rate, 'y', true) + 3 * devicePixelRatio, y),
      mark: pixel(u.valToPos(target, 'y', true), y),
      label: box.labels[i].lines.join(' ').replace(/\u00a0/g, ' '),
    };
  });
  const legend = [...box.parentElement.querySelectorAll('[data-legend=rate] [data-standing]')].map((el) => ({
    standing: el.dataset.standing, colour: getComputedStyle(el, '::before').backgroundColor,
  }));
  const table = document.getElementById(box.getAttribute('aria-describedby'));
  return {
    rows, legend, describedBy: box.getAttribute('aria-describedby'), tableId: table && table.id,
    table: table ? [...table.querySelectorAll('tbody tr')].map((tr) => ({
      criterion: tr.dataset.criterion, name: tr.cells[0].textContent,
      rate: tr.querySelector('[data-col=rate]').textContent, target: tr.querySelector('[data-col=target]').textContent,
      standing: tr.querySelector('[data-col=standing]').textContent,
    })) : [],
  };
}

// Runs in the page: the heat map's rows, days and data, the colour drawn in each cell (inside
// its border, off its count), its legend as count ranges and colours, and the figures table.
function readHeat() {
  const box = document.querySelector('[data-chart=heat]');
  const u = box.uplot;
  const g = box.querySelector('canvas').getContext('2d');
  const r = devicePixelRatio;
  const pixels = box.rows.map((_, i) => box.days.map((__, j) => {
    const x = u.valToPos(j - 0.5, 'x', true) + 3 * r;
    const y = Math.min(u.valToPos(i - 0.5, 'y', true), u.valToPos(i + 0.5, 'y', true)) + 3 * r;
    return [...g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data.slice(0, 3)];
  }));
  const legend = [...box.parentElement.querySelectorAll('[data-legend=heat] [data-level]')].map((el) => {
    const text = el.textContent;
    const [lo, hi] = /^\d+$/.test(text) ? [Number(text), Number(text)] : /^(\d+)–(\d+)$/.test(text) ? text.split('–').map(Number) : [0, 0];
    return { text, lo, hi, colour: getComputedStyle(el, '::before').backgroundColor };
  });
  const table = document.getElementById(box.getAttribute('aria-describedby'));
  return {
    rows: box.rows, days: box.days, data: u.data.slice(1), pixels, legend,
    describedBy: box.getAttribute('aria-describedby'), tableId: table && table.id,
    table: table ? [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)) : [],
  };
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
