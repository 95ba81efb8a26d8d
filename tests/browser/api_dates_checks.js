// Period parameters in the real gateway: ISO dates and date-times on the site's clock
// (Europe/Paris by default) beside epoch ms, a clear 400 on anything else, and audit packs
// named with their dates.
import { apiClient } from './lib/api.js';
import { expect } from './lib/checks.js';

// Midnight in Paris of the civil date DAY ("2026-12-07"), in ms: 23:00 or 22:00 UTC the day before.
function parisMidnight(day) {
  const [y, m, d] = day.split('-').map(Number);
  for (const hours of [1, 2]) {
    const t = Date.UTC(y, m - 1, d) - hours * 3600000;
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23', day: '2-digit' }).formatToParts(new Date(t));
    if (f.find((p) => p.type === 'hour').value === '00' && Number(f.find((p) => p.type === 'day').value) === d) return t;
  }
  throw new Error(`no Paris midnight for ${day}`);
}

export async function apiDatesChecks(checks, { base, tokens }) {
  const manager = apiClient(base, tokens.manager);
  const auditor = apiClient(base, tokens.auditor);

  await checks.check('compliance periods take ISO dates on the site clock as well as epoch ms', async () => {
    const byDate = await manager.get('/api/v1/compliance?from=2026-12-01&to=2026-12-08');
    expect(byDate.status === 200, `dates answered ${byDate.status}: ${byDate.text.slice(0, 200)}`);
    const from = parisMidnight('2026-12-01');
    const to = parisMidnight('2026-12-08');
    expect(byDate.json.from === from && byDate.json.to === to, `from/to ${byDate.json.from}/${byDate.json.to}, expected Paris midnights ${from}/${to}`);
    const byMs = await manager.get(`/api/v1/compliance?from=${from}&to=${to}`);
    expect(byMs.status === 200 && JSON.stringify(byMs.json) === JSON.stringify(byDate.json), 'epoch ms and dates disagree');
    const withTime = await manager.get(`/api/v1/compliance?from=${encodeURIComponent('2026-12-07T08:30')}&to=${encodeURIComponent('2026-12-07T09:00:00+01:00')}`);
    expect(withTime.status === 200 && withTime.json.from === parisMidnight('2026-12-07') + 8.5 * 3600000
      && withTime.json.to === Date.UTC(2026, 11, 7, 8), `date-times read as ${withTime.json && withTime.json.from}/${withTime.json && withTime.json.to}`);
    const alerts = await manager.get('/api/v1/alerts?state=all&since=2026-12-01&until=2026-12-08');
    expect(alerts.status === 200 && Array.isArray(alerts.json), `alerts by dates answered ${alerts.status}`);
    return `from=2026-12-01 is ${new Date(from).toISOString()}`;
  });

  await checks.check('a bad date in a period is a clear 400 and the gateway keeps serving', async () => {
    for (const [query, name] of [['from=2026-02-30&to=2026-03-02', 'from'], ['from=2026-12-01&to=01%2F12%2F2026', 'to'], ['from=hier&to=2026-12-01', 'from']]) {
      const res = await manager.get(`/api/v1/compliance?${query}`);
      expect(res.status === 400, `${query} answered ${res.status}`);
      expect(res.json && res.json.message && res.json.message.includes(`'${name}' must be a date (2026-12-07)`),
        `${query}: message ${res.text.slice(0, 200)}`);
    }
    const pack = await auditor.get('/api/v1/audit/pack?from=2026-12-32&to=2026-12-08');
    expect(pack.status === 400, `a bad pack date answered ${pack.status}`);
    const health = await fetch(`${base}/healthz`);
    expect(health.status === 200, `healthz ${health.status} after bad input`);
  });

  await checks.check('an audit pack is named with its site and dates', async () => {
    const res = await fetch(`${base}/api/v1/audit/pack?from=2026-12-01&to=2026-12-08`, { headers: { Authorization: `Bearer ${tokens.auditor}` } });
    const disposition = res.headers.get('content-disposition') || '';
    await res.arrayBuffer();
    if (res.status === 404) throw new Error('the evidence ledger is empty: no pack to name');
    expect(res.status === 200, `pack answered ${res.status}`);
    expect(disposition.includes('filename="vigie-audit-paris-1-2026-12-01-2026-12-07.tar"'), `Content-Disposition: ${disposition}`);
    return disposition;
  });
}
