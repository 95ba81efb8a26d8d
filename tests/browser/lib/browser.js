// Debian's Chromium driven by playwright-core (no downloaded browser), headless, in a fresh
// profile directory that is removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.VIGIE_CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A browser context with its own profile; close() also removes the profile. TIMEZONE_ID sets
// the browser's own zone (an IANA name), as for a manager abroad.
export async function openBrowser({ timezoneId } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'vigie-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
    locale: 'fr-FR',
    acceptDownloads: true,
    ...(timezoneId ? { timezoneId } : {}),
  });
  const problems = [];
  context.on('page', (page) => watch(page, problems));
  for (const page of context.pages()) watch(page, problems);
  return {
    context,
    problems, // console errors and CSP violations seen on any page
    async newPage() {
      const page = await context.newPage();
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, problems) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url || '';
    // The evidence endpoints may not exist yet; the Audit page says so, as it should.
    if (/Failed to load resource/.test(msg.text()) && /\/api\/v1\/audit\//.test(url)) return;
    problems.push(`console: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
}

// Logs in on PAGE at BASE with TOKEN and waits for the pages' navigation (the role's pages:
// the Plateau for most, the Représentants page alone for the cse role).
export async function login(page, base, token) {
  await page.goto(base + '/');
  await page.fill('input[name=token]', token);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('nav a[data-page]');
}
