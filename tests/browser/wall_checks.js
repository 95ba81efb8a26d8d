// Wall mode (/?mur=1) in the real gateway: the team cards equal GET /api/v1/agents' teams, the
// live alerts equal the API's firing and coming ones, nothing to click, no agent named.
import { apiClient } from './lib/api.js';
import { login, openBrowser } from './lib/browser.js';
import { expect } from './lib/checks.js';
import { join } from 'node:path';

export async function wallChecks(checks, { base, tokens, artifacts, agentIds }) {
  const api = apiClient(base, tokens.manager);
  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    await checks.check('wall mode (?mur=1): team cards and live alerts equal the API, no control, no agent named', async () => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await login(page, base, tokens.manager);
      await page.goto(`${base}/?mur=1`);
      await page.waitForSelector('.wall .team-card');
      await page.waitForTimeout(1200);
      const floor = (await api.get('/api/v1/agents')).json;
      const alerts = (await api.get('/api/v1/alerts?state=active')).json.filter((a) => ['firing', 'due', 'pending'].includes(a.state));
      const cards = await page.$$eval('.wall .team-card', (els) => els.map((el) => [el.dataset.team, [...el.querySelectorAll('.team-figures span')].map((s) => s.textContent)]));
      const want = floor.teams.map((t) => [t.team, [`${t.logged_in} connectés`, `${t.handling} en appel`, `${t.available} disponibles`]]);
      expect(JSON.stringify(cards) === JSON.stringify(want), `wall cards ${JSON.stringify(cards)}; API ${JSON.stringify(want)}`);
      const shown = await page.$$eval('.wall-alert', (els) => els.map((el) => el.dataset.alert).sort());
      expect(JSON.stringify(shown) === JSON.stringify(alerts.map((a) => a.id).sort()), `wall alerts ${shown.length}; API ${alerts.length}`);
      expect(await page.locator('.wall button, .wall input, .wall select, nav').count() === 0, 'the wall has controls');
      const text = await page.innerText('body');
      for (const id of agentIds) expect(!new RegExp(`\\b${id}\\b`).test(text), `the wall names agent ${id}`);
      expect(!/\b(null|undefined|NaN)\b/.test(text), 'null, undefined or NaN on the wall');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the wall is wider than the screen');
      await page.screenshot({ path: join(artifacts, 'wall-1920.png'), fullPage: true });
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the wall is wider than a 768 px tablet');
      await page.screenshot({ path: join(artifacts, 'wall-768.png'), fullPage: true });
      return `${cards.length} teams, ${shown.length} alerts`;
    });
  } finally {
    await browser.close();
  }
}
