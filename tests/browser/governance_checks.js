// The governance gate in the page: with the three dates the dashboard shows no banner and lists
// agents; a gateway started without them shows the French banner naming what is missing and no
// per-agent view (its API lists no agent either).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient } from './lib/api.js';
import { login, openBrowser } from './lib/browser.js';
import { expect } from './lib/checks.js';
import { freePort, start } from './lib/processes.js';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

// The page at BASE as TOKEN sees it: banner text (or null), whether agents are shown.
async function pageState(base, token, artifacts, name) {
  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    await login(page, base, token);
    // The page is drawn (a floor without teams has an empty, zero-height .teams).
    await page.waitForSelector('main[data-page=plateau] h2');
    const banner = await page.$('.governance-banner');
    const agentsShown = await page.isVisible('.agents-section');
    await page.screenshot({ path: join(artifacts, `governance-${name}.png`), fullPage: true });
    return { banner: banner ? await banner.textContent() : null, agentsShown, problems: browser.problems };
  } finally {
    await browser.close();
  }
}

// BASE/TOKEN: the stage's gateway, whose config has the three dates. MQTT_PORT: its broker,
// where a second gateway without them starts for another site.
export async function governanceChecks(checks, { build, artifacts, work, base, token, mqttPort }) {
  await checks.check('governance complete: no banner, agents listed', async () => {
    const s = await pageState(base, token, artifacts, 'complete');
    expect(s.banner === null, `a banner is shown: ${s.banner}`);
    expect(s.agentsShown, 'the agents section is hidden');
    expect(s.problems.length === 0, s.problems.join('; '));
  });

  const dir = join(work, 'governance-incomplete');
  mkdirSync(dir, { recursive: true });
  const httpPort = await freePort();
  const other = `http://127.0.0.1:${httpPort}`;
  const otherToken = 'manager-token-gov';
  writeFileSync(join(dir, 'vigie.yaml'), [
    'site: lyon-1',
    'gateway_id: gw-browser-gov',
    `broker:\n  url: tcp://127.0.0.1:${mqttPort}`,
    'store:\n  path: vigie.db',
    `http:\n  listen: 127.0.0.1:${httpPort}`,
    'tokens:',
    `  - {name: manager-2, role: manager, sha256: "${sha256(otherToken)}"}`,
    'governance:\n  cse_consulted: 2025-09-15',
    '',
  ].join('\n'));
  await start('vigie gateway (governance incomplete)', join(build, 'gateway/vigie'),
    ['gateway', '--config', join(dir, 'vigie.yaml')], {
      log: join(artifacts, 'gateway-governance.log'),
      ready: async () => {
        try {
          return (await fetch(`${other}/healthz`)).status === 200;
        } catch {
          return false;
        }
      },
    });

  await checks.check('governance incomplete: /healthz and /api/v1/agents say team-only', async () => {
    // The governance text is a detail of /healthz: for a token holder only.
    const anonymous = await (await fetch(`${other}/healthz`)).json();
    expect(JSON.stringify(anonymous) === '{"status":"ok"}', `healthz without a token: ${JSON.stringify(anonymous)}`);
    const health = await (await fetch(`${other}/healthz`,
      { headers: { Authorization: `Bearer ${otherToken}` } })).json();
    expect(health.status === 'ok' && health.governance && health.governance.mode === 'team_only',
      `healthz: ${JSON.stringify(health)}`);
    const agents = await apiClient(other, otherToken).get('/api/v1/agents');
    expect(agents.status === 200 && agents.json.per_agent === false && agents.json.agents.length === 0,
      `agents: ${agents.status} ${agents.text.slice(0, 200)}`);
  });
  await checks.check('governance incomplete: French banner naming what is missing, no agents view', async () => {
    const s = await pageState(other, otherToken, artifacts, 'incomplete');
    expect(s.banner && s.banner.startsWith('Surveillance individuelle désactivée : consultation du CSE, AIPD et information du personnel requises'),
      `banner: ${s.banner}`);
    expect(s.banner.includes('manquant : AIPD, information du personnel'), `banner: ${s.banner}`);
    expect(!s.agentsShown, 'the agents section is shown');
    expect(s.problems.length === 0, s.problems.join('; '));
  });
}
