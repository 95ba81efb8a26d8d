// Browser benchmark: the dashboard with 1,000 live agents, in Debian's Chromium.
//   first render  navigation start -> the first agent rows painted (token already in the tab)
//   update        a state change posted to the server -> the row showing it, on screen
// The server (--server=):
//   harness  vigie-floor-harness: the real HTTP layer, live hub and embedded dashboard over a
//            synthetic floor, with background churn (the default)
//   gateway  a real `vigie gateway` and Mosquitto, the floor and its churn published over MQTT
//            (gateway_floor.js): each change crosses ingest, store, engine and live hub
// Prints its figures; no pass/fail.
import { join } from 'node:path';
import { openBrowser } from '../../tests/browser/lib/browser.js';
import { freePort, httpUp, start, stopAll } from '../../tests/browser/lib/processes.js';
import { startGatewayFloor } from './gateway_floor.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const build = args.build;
const agents = Number(args.agents || 1000);
const churn = Number(args.churn || 100);
const loads = Number(args.loads || 7);
const updates = Number(args.updates || 60);
const server = args.server || 'harness';

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  return `median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${v[v.length - 1].toFixed(0)} ms (n=${v.length})`;
}

const token = 'bench-manager-token';

async function startHarness() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await start('vigie-floor-harness', join(build, 'bench/browser/vigie-floor-harness'),
    ['--port', String(port), '--agents', String(agents), '--teams', String(Math.max(1, agents / 50)),
      '--churn', String(churn), '--manager-token', token, '--auditor-token', 'bench-auditor-token'],
    { log: '/dev/null', ready: () => httpUp(`${base}/healthz`) });
  return {
    base,
    setState: (agent, reason) => fetch(`${base}/harness/state`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify({ agent, state: 'not_ready', reason }),
    }),
    stats: async () => null,
    stop: () => {},
  };
}

let browser;
let floor;
try {
  floor = server === 'gateway' ? await startGatewayFloor({ build, agents, churn, token }) : await startHarness();
  const { base } = floor;
  browser = await openBrowser();
  await browser.context.addInitScript((t) => {
    try {
      sessionStorage.setItem('vigie.token', t);
    } catch {
      // about:blank has no storage
    }
  }, token);

  // First render: a fresh tab each time, with the token already in its session.
  const firsts = [];
  const scripts = [];
  const snapshots = [];
  for (let i = 0; i < loads; i++) {
    const page = await browser.newPage();
    await page.goto(base + '/#/plateau');
    const handle = await page.waitForFunction(() => {
      const rows = document.querySelectorAll('.agent-row[data-agent]');
      return rows.length > 10 ? performance.now() : null;
    }, null, { polling: 'raf', timeout: 30000 });
    firsts.push(await handle.jsonValue());
    const t = await page.evaluate(() => ({
      script: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
      snapshot: window.__vigie.firstSnapshotAt,
    }));
    scripts.push(t.script);
    snapshots.push(t.snapshot);
    await page.close();
  }

  // Update latency, under churn: rows in view change, one at a time.
  const page = await browser.newPage();
  await page.goto(base + '/#/plateau');
  await page.waitForSelector('.agent-row[data-agent]');
  const visible = await page.$$eval('.agent-row[data-agent]', (rows) =>
    rows.filter((r) => !r.hidden && r.getBoundingClientRect().bottom < innerHeight).map((r) => r.dataset.agent));
  const lat = [];
  for (let i = 0; i < updates; i++) {
    const agent = visible[i % visible.length];
    // Reasons the churn never uses, alternating, so each change is unmistakable.
    const reason = Math.floor(i / visible.length) % 2 ? 'meeting' : 'coaching';
    const text = reason === 'meeting' ? 'réunion' : 'coaching';
    const seen = page.waitForFunction(([a, t]) => {
      const cell = document.querySelector(`.agent-row[data-agent="${a}"] .c-state`);
      return cell && cell.textContent.includes(t) ? Date.now() : null;
    }, [agent, text], { polling: 'raf', timeout: 10000 });
    const t0 = Date.now();
    await floor.setState(agent, reason);
    lat.push((await (await seen).jsonValue()) - t0);
  }
  const live = await page.evaluate(() => ({ ...window.__vigie, heap: performance.memory && performance.memory.usedJSHeapSize }));
  const rows = await page.locator('.vl .agent-row').count();

  const ingest = await floor.stats();
  console.log(`browser benchmark: ${agents} agents, ${churn} background changes/s, Chromium headless, server ${server}`);
  if (ingest) console.log(`  gateway: ${ingest.events_stored} events stored, ${ingest.quarantined} quarantined, ${ingest.gaps} gaps`);
  console.log(`  first render (navigation -> rows painted): ${stats(firsts)}`);
  console.log(`    of which page loaded (DOMContentLoaded):  ${stats(scripts)}`);
  console.log(`    of which live snapshot applied:          ${stats(snapshots)}`);
  console.log(`  update latency (${server === 'gateway' ? 'MQTT publish' : 'POST'} -> row on screen): ${stats(lat)}`);
  console.log(`  live messages applied by the page: ${live.messages} (${live.snapshots} snapshot)`);
  console.log(`  row elements in the DOM: ${rows}; JS heap: ${(live.heap / 1048576).toFixed(1)} MiB`);
  if (browser.problems.length) console.log(`  page problems: ${browser.problems.join(' | ')}`);
} finally {
  if (browser) await browser.close();
  if (floor) floor.stop();
  await stopAll();
}
