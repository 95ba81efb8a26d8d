// Times on the site's clock, not the browser's: the gateway says its zone in /healthz, and a
// Chromium set to another zone (a manager abroad) shows the alerts' times, the agent day's
// hours and today's date as the centre lives them, equal to the API's instants read in the
// site's zone (Europe/Paris, the gateway's default).
import { join } from 'node:path';
import { apiClient } from './lib/api.js';
import { login, openBrowser } from './lib/browser.js';
import { expect } from './lib/checks.js';

const SITE_ZONE = 'Europe/Paris';
// UTC+14: thirteen hours from Paris, so a time shown on the browser's clock cannot pass.
const BROWSER_ZONE = 'Pacific/Kiritimati';

// Formatted in the page, by the browser's own ICU, in the zone named: only the zone may differ.
const inZone = (page, ms, zone, options) => page.evaluate(([t, z, o]) => new Date(t).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR', { ...o, timeZone: z }), [ms, zone, options]);
const civilDate = (ms, zone) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

export async function timezoneChecks(checks, { base, tokens, artifacts }) {
  const manager = apiClient(base, tokens.manager);

  await checks.check('/healthz tells a token holder the site and its time zone', async () => {
    const res = await manager.get('/healthz');
    expect(res.json && res.json.site && res.json.site.timezone === SITE_ZONE && res.json.site.id === 'paris-1',
      `healthz site ${JSON.stringify(res.json && res.json.site)}`);
    const open = await (await fetch(`${base}/healthz`)).json();
    expect(open.site === undefined, 'without a token /healthz says more than the status');
    return `${res.json.site.id} ${res.json.site.timezone}`;
  });

  const browser = await openBrowser({ timezoneId: BROWSER_ZONE });
  try {
    const page = await browser.newPage();
    await checks.check(`a browser in ${BROWSER_ZONE} shows the site's times (alerts, agent day, today)`, async () => {
      await login(page, base, tokens.manager);
      const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
      expect(browserZone === BROWSER_ZONE, `the browser runs in ${browserZone}`);

      // The Alertes page: each alert's start, to the second, on the site's clock.
      const alerts = (await manager.get('/api/v1/alerts?state=all')).json;
      expect(Array.isArray(alerts) && alerts.length > 0, 'no alert to read a time from');
      await page.click('nav a[data-page=alertes]');
      await page.waitForSelector('tr[data-alert] td.started');
      const shown = new Map(await page.$$eval('tr[data-alert]', (trs) => trs.map((tr) => [tr.dataset.alert, tr.querySelector('td.started').textContent])));
      let compared = 0;
      for (const a of alerts) {
        if (!shown.has(a.id)) continue;
        const want = await inZone(page, a.started_at, SITE_ZONE, { dateStyle: 'short', timeStyle: 'medium' });
        const wrong = await inZone(page, a.started_at, BROWSER_ZONE, { dateStyle: 'short', timeStyle: 'medium' });
        expect(shown.get(a.id) === want, `alert ${a.id} started at ${new Date(a.started_at).toISOString()}: shows "${shown.get(a.id)}", the site's clock says "${want}" (the browser's "${wrong}")`);
        compared += 1;
      }
      expect(compared > 0, 'no alert of the API is on the page');

      // The agent's day: the hour ticks under the timeline are the site's hours.
      await page.click('nav a[data-page=plateau]');
      await page.locator('.agent-row[data-agent="4013"]').click();
      await page.waitForSelector('dialog.agent-day .tl-tick');
      const tl = await page.evaluate(() => ({
        lo: Number(document.querySelector('dialog.agent-day .timeline').dataset.lo),
        first: document.querySelector('dialog.agent-day .tl-tick').textContent,
      }));
      const tick = await inZone(page, tl.lo, SITE_ZONE, { hour: '2-digit', minute: '2-digit' });
      expect(tl.first === tick, `the day's first tick reads "${tl.first}", ${new Date(tl.lo).toISOString()} is ${tick} on the site`);
      await page.screenshot({ path: join(artifacts, `agent-day-4013-${BROWSER_ZONE.replace('/', '-')}.png`) });
      await page.click('dialog.agent-day button.close');

      // Conformité: the period ends today on the site's calendar.
      await page.click('nav a[data-page=conformite]');
      const to = await page.inputValue('input[name=to]');
      const today = civilDate(Date.now(), SITE_ZONE);
      expect(to === today, `the period ends ${to}; today on the site is ${today} (the browser's ${civilDate(Date.now(), BROWSER_ZONE)})`);
      return `${compared} alert time(s), tick ${tl.first}, today ${to}`;
    });
  } finally {
    await browser.close();
  }
}
