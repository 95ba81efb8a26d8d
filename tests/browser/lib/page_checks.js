// The checks made in the real page, the same against the floor harness and the real gateway.
// A DRIVER says where the gateway is and makes things happen on the floor:
//   { base, tokens: {manager, auditor}, managerName, agentIds, liveAgent, alertAgent,
//     changeState(agent) -> Promise, prepareAlert() -> Promise, artifacts, prefix }
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient } from './api.js';
import { login, openBrowser } from './browser.js';
import { expect } from './checks.js';
import { complianceChecks, trendChecks } from '../compliance_checks.js';

const PAGES = ['plateau', 'alertes', 'conformite', 'noeuds', 'audit'];

async function shoot(page, driver, role, name) {
  mkdirSync(driver.artifacts, { recursive: true });
  await page.waitForTimeout(300); // let the frame with the latest data paint
  await page.screenshot({ path: join(driver.artifacts, `${driver.prefix}-${role}-${name}.png`), fullPage: true });
}

async function visit(page, name) {
  await page.click(`nav a[data-page=${name}]`);
  await page.waitForSelector(`main[data-page=${name}]`);
}

// ID appears in TEXT as an identifier of its own (not inside a longer number or name).
function mentions(text, id) {
  const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^0-9A-Za-z_-])${esc}($|[^0-9A-Za-z_-])`).test(text);
}

async function alertRow(page, agent, criterion) {
  return page.locator("tr.alert", { hasText: `conseiller ${agent}` }).filter({ hasText: criterion }).first();
}

// Alert ID as GET /api/v1/alerts lists it once DONE(alert) holds, or as it stands after 5 s.
async function recorded(client, id, done) {
  let alert = null;
  for (let i = 0; i < 25; i++) {
    const res = await client.get('/api/v1/alerts?state=all&criterion=BRK-01');
    alert = (res.json || []).find((a) => a.id === id);
    if (alert && done(alert)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return alert;
}

export async function runPageChecks(checks, driver) {
  const manager = apiClient(driver.base, driver.tokens.manager);
  const browser = await openBrowser();
  try {
    const page = await browser.newPage();

    await checks.check('the gateway serves the dashboard at /', async () => {
      const res = await fetch(driver.base + '/');
      const text = await res.text();
      expect(res.status === 200 && (res.headers.get('content-type') || '').startsWith('text/html'),
        `GET / answered ${res.status} ${text.slice(0, 160)}`);
    });

    await checks.check('login with a manager token', async () => {
      await login(page, driver.base, driver.tokens.manager);
      const who = await page.textContent('.who .user');
      expect(who.includes(driver.managerName), `header shows "${who}"`);
      await page.waitForSelector('.live-status[data-live=connected]', { timeout: 5000 });
    }, { blockedBy: 'the gateway serves the dashboard at /' });

    await checks.check('a live state change appears without reload', async () => {
      await visit(page, 'plateau');
      await page.fill('input[type=search]', driver.liveAgent);
      const row = page.locator(`.agent-row[data-agent="${driver.liveAgent}"]`);
      await row.waitFor({ timeout: 10000 });
      await page.evaluate(() => { window.__noReload = true; });
      const before = await row.locator('.c-state').textContent();
      const t0 = Date.now();
      const expected = await driver.changeState(driver.liveAgent);
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(sel)?.textContent.includes(text),
        [`.agent-row[data-agent="${driver.liveAgent}"] .c-state`, expected],
        { timeout: 10000, polling: 'raf' });
      const ms = Date.now() - t0;
      expect(await page.evaluate(() => window.__noReload === true), 'the page reloaded');
      await page.fill('input[type=search]', '');
      return `"${before}" -> "${expected}" in ${ms} ms`;
    }, { blockedBy: 'login with a manager token' });

    await checks.check('6 h without a 20-min pause shows its alert', async () => {
      await driver.prepareAlert();
      let alert = null;
      for (let i = 0; i < 50 && !alert; i++) {
        const res = await manager.get('/api/v1/alerts?state=all&criterion=BRK-01');
        expect(res.status === 200, `GET /api/v1/alerts answered ${res.status}: ${res.text.slice(0, 160)}`);
        alert = res.json.find((a) => a.subject && a.subject.agent === driver.alertAgent);
        if (!alert) await page.waitForTimeout(200);
      }
      expect(alert, `no BRK-01 alert for agent ${driver.alertAgent} in GET /api/v1/alerts`);
      expect(['firing', 'due', 'pending'].includes(alert.state), `the alert is ${alert.state}`);
      await visit(page, 'plateau');
      await page.fill('input[type=search]', driver.alertAgent);
      const row = page.locator(`.agent-row[data-agent="${driver.alertAgent}"]`);
      await row.waitFor({ timeout: 10000 });
      const cls = await row.getAttribute('class');
      expect(/firing|due/.test(cls), `the agent's row has no alert cue (class "${cls}")`);
      expect((await row.locator('.c-alerts').textContent()).includes('BRK-01'), 'no BRK-01 badge on the row');
      await page.fill('input[type=search]', '');
      await visit(page, 'alertes');
      await (await alertRow(page, driver.alertAgent, 'BRK-01')).waitFor({ timeout: 10000 });
      return `alert ${alert.id} ${alert.state}`;
    }, { blockedBy: 'login with a manager token' });

    await checks.check('acknowledging from the page records who and when', async () => {
      await visit(page, 'alertes');
      const row = await alertRow(page, driver.alertAgent, 'BRK-01');
      const id = await row.getAttribute('data-alert');
      const t0 = Date.now();
      await row.locator('button.ack').click();
      await page.fill('dialog textarea[name=note]', 'vu au plateau');
      await page.click('dialog button[type=submit]');
      await page.waitForSelector('dialog', { state: 'hidden' });
      const t1 = Date.now();
      // The gateway records an act on its engine's thread, just after answering the POST.
      const alert = await recorded(manager, id, (a) => a.acked);
      expect(alert && alert.acked, `alert ${id} has no "acked" in the API`);
      expect(alert.acked.by === driver.managerName, `acked.by is "${alert.acked.by}"`);
      expect(alert.acked.at >= t0 - 2000 && alert.acked.at <= t1 + 2000, `acked.at ${alert.acked.at} is not now`);
      expect(alert.acked.note === 'vu au plateau', `acked.note is "${alert.acked.note}"`);
      await page.locator(`tr[data-alert="${id}"] .followup`, { hasText: driver.managerName }).waitFor({ timeout: 5000 });
      return `by ${alert.acked.by} at ${new Date(alert.acked.at).toISOString()}`;
    }, { blockedBy: '6 h without a 20-min pause shows its alert' });

    await checks.check('justifying from the page needs a reason and records it', async () => {
      const row = await alertRow(page, driver.alertAgent, 'BRK-01');
      const id = await row.getAttribute('data-alert');
      await row.locator('button.justify').click();
      await page.click('dialog button[type=submit]');
      const error = await page.textContent('dialog .error');
      expect(error.trim().length > 0, 'an empty reason was not refused');
      await page.fill('dialog textarea[name=reason]', 'panne téléphonique 10h-11h');
      await page.click('dialog button[type=submit]');
      await page.waitForSelector('dialog', { state: 'hidden' });
      const alert = await recorded(manager, id, (a) => a.justified);
      expect(alert && alert.justified && alert.justified.reason === 'panne téléphonique 10h-11h',
        `alert ${id} justified: ${JSON.stringify(alert && alert.justified)}`);
      expect(alert.justified.by === driver.managerName, `justified.by is "${alert.justified.by}"`);
    }, { blockedBy: 'acknowledging from the page records who and when' });

    await checks.check('alerts read in French, with actions only where they apply', async () => {
      await visit(page, 'alertes');
      await page.waitForSelector('tr.alert');
      const res = await manager.get('/api/v1/alerts?state=all');
      const rows = await page.$$eval('tr.alert', (trs) => trs.map((tr) => ({
        id: tr.dataset.alert,
        summary: tr.querySelector('.summary').textContent,
        state: tr.querySelector('.badge').textContent,
        buttons: [...tr.querySelectorAll('.actions button')].map((b) => b.className).sort(),
      })));
      expect(rows.length > 0, 'no alert row');
      const byId = new Map(res.json.map((a) => [a.id, a]));
      for (const row of rows) {
        const a = byId.get(row.id);
        if (!a) continue; // older than the API's window
        const want = a.state === 'resolved' ? [] : [a.acked ? null : 'ack', a.justified ? null : 'justify'].filter(Boolean).sort();
        expect(JSON.stringify(row.buttons) === JSON.stringify(want),
          `alert ${a.criterion} ${a.state}${a.acked ? ' acked' : ''}${a.justified ? ' justified' : ''} offers [${row.buttons}], expected [${want}]`);
        expect(!/threshold|\d\.\d min|null|undefined/.test(row.summary), `summary "${row.summary}" is not in French words`);
        if (a.state === 'due') expect(/^à venir/.test(row.state), `a due alert reads "${row.state}"`);
      }
      const brk = rows.find((r) => byId.get(r.id)?.criterion === 'BRK-01');
      expect(!brk || brk.summary.includes('Une pause d’au moins 20 min'), `BRK-01 summary "${brk && brk.summary}" lacks its French title`);
      return `${rows.length} rows, e.g. "${rows[0].summary}"`;
    }, { blockedBy: 'justifying from the page needs a reason and records it' });

    if (driver.withCompliance) {
      await complianceChecks(checks, { page, base: driver.base, token: driver.tokens.manager, alertCriterion: 'BRK-01' });
      await trendChecks(checks, { page, base: driver.base, token: driver.tokens.manager });
    }

    await checks.check('the English switch translates the page', async () => {
      await page.click('header button.lang');
      await page.waitForSelector('nav a[data-page=plateau]:text("Floor")');
      await page.click('header button.lang');
      await page.waitForSelector('nav a[data-page=plateau]:text("Plateau")');
    }, { blockedBy: 'login with a manager token' });

    if (driver.bigFloor) {
      await checks.check('1,000 agents: the list stays virtual and reaches the last agent', async () => {
        await visit(page, 'plateau');
        await page.waitForSelector('.agent-row[data-agent]');
        const count = await page.textContent('.agents-section .toolbar .muted');
        const rows = await page.locator('.vl .agent-row').count();
        expect(/1000/.test(count.replace(/\s/g, '')), `the count says "${count}"`);
        expect(rows < 150, `${rows} row elements for 1,000 agents`);
        await page.locator('.vl').evaluate((el) => { el.scrollTop = el.scrollHeight; });
        await page.waitForSelector(`.agent-row[data-agent="${driver.lastAgent}"]`, { timeout: 5000 });
        return `${rows} row elements`;
      }, { blockedBy: 'login with a manager token' });
    }

    await checks.check('screenshots of each page (manager)', async () => {
      for (const name of PAGES) {
        if (!(await page.locator(`nav a[data-page=${name}]`).count())) continue;
        await visit(page, name);
        await shoot(page, driver, 'manager', name);
      }
    }, { blockedBy: 'login with a manager token' });

    await checks.check('no page shows a stray "null" or "undefined"', async () => {
      const stray = [];
      for (const name of PAGES) {
        if (!(await page.locator(`nav a[data-page=${name}]`).count())) continue;
        await visit(page, name);
        const text = await page.evaluate(() => document.body.innerText);
        if (/(^|\n)\s*(null|undefined)\s*(\n|$)/.test(text)) stray.push(name);
      }
      expect(stray.length === 0, `a literal null/undefined on ${stray.join(', ')}`);
      return `${PAGES.length} pages`;
    }, { blockedBy: 'login with a manager token' });

    const auditor = await browser.newPage();
    await checks.check('an auditor cannot see agent identifiers', async () => {
      await login(auditor, driver.base, driver.tokens.auditor);
      await auditor.waitForSelector('.live-status[data-live=connected]', { timeout: 5000 });
      await auditor.waitForSelector('.agent-row[data-agent]', { timeout: 10000 });
      const seen = [];
      for (const name of PAGES) {
        await visit(auditor, name);
        await auditor.waitForTimeout(700);
        const html = await auditor.content();
        for (const id of driver.agentIds) if (mentions(html, id)) seen.push(`${id} on ${name}`);
        await shoot(auditor, driver, 'auditor', name);
      }
      expect(seen.length === 0, `agent identifiers visible: ${seen.slice(0, 5).join(', ')}`);
      await visit(auditor, 'plateau');
      const shown = await auditor.locator('.agent-row[data-agent]').first().getAttribute('data-agent');
      return `agents shown as e.g. "${shown}"`;
    }, { blockedBy: 'the gateway serves the dashboard at /' });

    // Against the real gateway the pack must come, and be a pack; the harness has no ledger.
    const auditName = driver.auditRequired
      ? 'the audit download works and the page shows the checkpoint fingerprint'
      : 'the audit page downloads a pack or says it is not available yet';
    await checks.check(auditName, async () => {
      await visit(auditor, 'audit');
      const res = await apiClient(driver.base, driver.tokens.auditor).get('/api/v1/audit/pack?from=0&to=1');
      if (!driver.auditRequired && (res.status === 404 || res.status === 501)) {
        await auditor.click('main button.primary:not([type=submit])');
        await auditor.locator('[data-status=pack]', { hasText: 'Pas encore disponible' }).waitFor({ timeout: 5000 });
        return `NOTE: GET /api/v1/audit/pack answers ${res.status}; the page says so`;
      }
      const download = auditor.waitForEvent('download', { timeout: 30000 });
      await auditor.click('main button.primary:not([type=submit])');
      const file = await download;
      const path = join(driver.artifacts, `${driver.prefix}-${file.suggestedFilename()}`);
      await file.saveAs(path);
      if (!driver.auditRequired) return `saved ${path}`;
      const listing = execFileSync('tar', ['-tf', path], { encoding: 'utf8' });
      // vigie-audit-pack/4: the signed entries gzipped, one range proof a run of leaves.
      expect(/\/manifest\.note$/m.test(listing) && /\/entries\.jsonl\.gz$/m.test(listing) &&
        /\/ranges\.jsonl$/m.test(listing),
        `the archive is not an audit pack: ${listing.slice(0, 200)}`);
      const fp = await auditor.locator('[data-status=checkpoint] dd.mono').textContent({ timeout: 5000 });
      expect(fp.startsWith('SHA256:'), `checkpoint fingerprint shown: "${fp}"`);
      return `saved ${path}; key ${fp.slice(0, 23)}…`;
    }, { blockedBy: 'an auditor cannot see agent identifiers' });

    await checks.check('no console error nor CSP violation on any page', async () => {
      expect(browser.problems.length === 0, browser.problems.slice(0, 3).join(' | '));
    }, { blockedBy: 'login with a manager token' });
  } finally {
    await browser.close();
  }
}
