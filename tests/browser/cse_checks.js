// The staff representatives (cse role) in the page: after login only their page, in French,
// with the site's and the teams' figures, no live feed, no agent id anywhere on it; their token
// is refused what names agents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient } from './lib/api.js';
import { openBrowser } from './lib/browser.js';
import { expect } from './lib/checks.js';

// BASE: the stage's gateway; TOKEN: its cse token; AGENT_IDS: the fed agents.
// GATEWAY_LOG: the gateway's output, with its request log.
export async function cseChecks(checks, { base, token, agentIds, artifacts, gatewayLog }) {
  const cse = apiClient(base, token);
  await checks.check('cse: the API refuses what names agents and gives the overview', async () => {
    for (const path of ['/api/v1/agents', '/api/v1/alerts', '/api/v1/audit/checkpoint']) {
      const res = await cse.get(path);
      expect(res.status === 403 && res.json && res.json.message, `${path}: ${res.status} ${res.text.slice(0, 120)}`);
    }
    const day = 24 * 3600 * 1000;
    const res = await cse.get(`/api/v1/cse/overview?from=${Date.now() - 2 * day}&to=${Date.now() + day}`);
    expect(res.status === 200, `overview: ${res.status} ${res.text.slice(0, 200)}`);
    expect(res.json.site.agent_days >= agentIds.length, `overview: ${res.text.slice(0, 300)}`);
    for (const id of agentIds) expect(!res.text.includes(`"${id}"`), `the overview names ${id}`);
    return `${res.json.site.agent_days} agent-days, ${res.json.teams.length} group(s)`;
  });

  await checks.check('cse: the page shows the representatives\u2019 view and no agent', async () => {
    const browser = await openBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(base + '/');
      await page.fill('input[name=token]', token);
      await page.click('form.login button[type=submit]');
      await page.waitForSelector('main[data-page=representants] table[data-table=criteria] tbody tr');
      const pages = await page.$$eval('nav a', (as) => as.map((a) => a.dataset.page));
      expect(JSON.stringify(pages) === '["representants"]', `nav: ${JSON.stringify(pages)}`);
      const title = await page.textContent('main h2');
      expect(title === 'Vue des représentants du personnel', `title: ${title}`);
      expect(!(await page.$('.live-status')), 'a live status is shown: the feed is not for this role');
      const agents = await page.textContent('[data-fact="cse.fact.agents"]');
      expect(agents === '< 5', `agents on the site: ${agents} (the feed has ${agentIds.length})`);
      const days = await page.$$eval('table[data-table=days] tbody tr', (trs) => trs.map((tr) => tr.textContent));
      expect(days.length >= 1 && days.every((d) => d.includes('< 5') && !/\d$/.test(d)),
        `a day of 3 agents shows "< 5" and no breach count: ${JSON.stringify(days)}`);
      const rows = await page.$$eval('table[data-table=teams] tbody tr', (trs) => trs.length);
      expect(rows === 1, `team groups: ${rows} (teams under five are merged)`);
      const text = await page.textContent('body');
      for (const id of agentIds) expect(!text.includes(id), `the page shows ${id}`);
      await page.screenshot({ path: join(artifacts, 'cse-representants.png'), fullPage: true });
      // The self-assessment report of the same period, downloaded from the page.
      const download = page.waitForEvent('download', { timeout: 30000 });
      await page.click('button.report');
      const file = await download;
      const path = join(artifacts, `cse-${file.suggestedFilename()}`);
      await file.saveAs(path);
      const report = readFileSync(path, 'utf8');
      expect(report.includes('<h1>Auto-évaluation des conditions de travail</h1>'), `report: ${report.slice(0, 200)}`);
      expect(report.includes('data-criterion="BRK-01"'), 'the report has no BRK-01 article');
      for (const id of agentIds) expect(!report.includes(`"${id}"`) && !report.includes(`>${id}<`), `the report shows ${id}`);
      // A reload keeps the page and asks for no live feed (which would answer 403): the
      // gateway's request log says whether one was asked for.
      await page.reload();
      await page.waitForSelector('main[data-page=representants] table[data-table=criteria] tbody tr');
      expect(!(await page.$('.live-status')), 'a live status is shown after a reload');
      await page.waitForTimeout(500); // a guard for the log's write, not a timing assertion
      const refused = (readFileSync(gatewayLog, 'utf8').match(/GET \/api\/v1\/live 403/g) || []).length;
      expect(refused === 0, `the page asked for the live feed ${refused} time(s) with the cse token`);
      expect(browser.problems.length === 0, browser.problems.join('; '));
      return `report saved as ${path}`;
    } finally {
      await browser.close();
    }
  });
}
