// Stage "truth": a real `vigie gateway` fed by the simulator (vigie-sim through real vigie-node
// processes) and the Plateau page in Chromium. For about a minute, every few seconds, every
// team card and every agent row on screen must say what GET /api/v1/agents says at that moment:
// states, counts, occupancy, alert badges, and durations within 2 s on the gateway's clock.
//
// The centre is the latest weekday morning before today from 07:25 Paris (its shifts start from
// 07:30), played at SPEED times real time, so it is busy whatever the hour the test runs at.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient } from './lib/api.js';
import { login, openBrowser } from './lib/browser.js';
import { expect } from './lib/checks.js';
import { freePort, sleep, start } from './lib/processes.js';
import { compareFloor, readFloor } from './lib/floor_truth.js';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const SPEED = 60;
const ROUNDS = 15; // one every ~4 s: about a minute
const ATTEMPTS = 4; // a difference must outlast the messages in flight to count

// 07:25 in Paris on the latest weekday (Monday to Friday) before today, in ms.
export function workingMorning(now = new Date()) {
  for (let back = 1; back < 8; back++) {
    const day = new Date(now.getTime() - back * 86400000);
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' })
      .formatToParts(day).reduce((o, p) => ({ ...o, [p.type]: p.value }), {});
    if (parts.weekday === 'Sat' || parts.weekday === 'Sun') continue;
    // 07:25 Paris is 05:25 or 06:25 UTC; take the one that reads 07 in Paris.
    for (const utcHour of [5, 6]) {
      const t = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), utcHour, 25);
      const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(new Date(t));
      if (hour === '07') return t;
    }
  }
  throw new Error('no working morning found');
}

export async function truthStage(checks, { build, artifacts, work }) {
  mkdirSync(work, { recursive: true });
  const mqttPort = await freePort();
  const httpPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  const token = 'manager-token-truth';

  writeFileSync(join(work, 'mosquitto.conf'),
    `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\n`);
  await start('mosquitto (truth)', 'mosquitto', ['-c', join(work, 'mosquitto.conf')], {
    log: join(artifacts, 'truth-mosquitto.log'),
    ready: (p) => /Opening ipv4 listen socket|mosquitto version .* running/.test(p.output()),
  });
  writeFileSync(join(work, 'vigie.yaml'), [
    'site: paris-1',
    `broker:\n  url: tcp://127.0.0.1:${mqttPort}`,
    'store:\n  path: vigie.db',
    `http:\n  listen: 127.0.0.1:${httpPort}`,
    'tokens:',
    `  - {name: manager-truth, role: manager, sha256: "${sha256(token)}"}`,
    'governance: {cse_consulted: 2025-09-15, dpia_done: 2025-10-01, staff_informed: 2025-10-15}',
    '',
  ].join('\n'));
  await start('vigie gateway (truth)', join(build, 'gateway/vigie'), ['gateway', '--config', join(work, 'vigie.yaml')], {
    cwd: work,
    log: join(artifacts, 'truth-gateway.log'),
    ready: async () => {
      try {
        return (await fetch(`${base}/healthz`)).status === 200;
      } catch {
        return false;
      }
    },
  });
  mkdirSync(join(work, 'nodes'), { recursive: true });
  await start('vigie-sim (truth)', join(build, 'firmware/sim/vigie-sim'), [
    '--broker', `tcp://127.0.0.1:${mqttPort}`, '--site', 'paris-1',
    '--node-binary', join(build, 'firmware/ports/posix/vigie-node'),
    '--store-dir', join(work, 'nodes'), '--log-dir', join(work, 'nodes'),
    '--agents', '40', '--teams', '4', '--start', String(workingMorning()), '--duration', '4h',
    '--speed', String(SPEED),
  ], { log: join(artifacts, 'truth-sim.log'), ready: () => true });

  const api = apiClient(base, token);
  await checks.check('the simulated centre is on the floor', async () => {
    for (let i = 0; i < 300; i++) {
      const res = await api.get('/api/v1/agents');
      const floor = res.json || {};
      if ((floor.agents || []).length >= 40 && (floor.teams || []).some((t) => t.logged_in > 0)) {
        return `${floor.agents.length} agents, ${floor.teams.length} teams`;
      }
      await sleep(300);
    }
    throw new Error('after 90 s the gateway lists no logged-in agent from the simulator');
  });

  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    // Tall enough for every agent row: the list renders only the rows in view.
    await page.setViewportSize({ width: 1400, height: 2000 });
    await checks.check('the Plateau page equals GET /api/v1/agents for a minute', async () => {
      await login(page, base, token);
      await page.waitForSelector('.agent-row[data-agent]');
      let compared = 0;
      let changes = 0;
      let previous = null;
      for (let round = 0; round < ROUNDS; round++) {
        let differences = [];
        for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
          const before = await api.get('/api/v1/agents');
          const screen = await readFloor(page);
          const after = await api.get('/api/v1/agents');
          const result = compareFloor(screen, before.json, after.json);
          differences = result.differences;
          if (differences.length === 0) {
            compared += result.compared;
            if (previous && previous !== result.signature) changes += 1;
            previous = result.signature;
            break;
          }
          await sleep(400);
        }
        if (differences.length) {
          await page.screenshot({ path: join(artifacts, 'truth-difference.png'), fullPage: true });
          throw new Error(`round ${round + 1}: ${differences.slice(0, 4).join('; ')}`);
        }
        await sleep(3500);
      }
      await page.screenshot({ path: join(artifacts, 'truth-plateau.png'), fullPage: true });
      // The floor must have moved while it was watched, or the test proved nothing live.
      expect(changes >= 3, `the floor changed in only ${changes} of ${ROUNDS} rounds`);
      return `${ROUNDS} rounds, ${compared} cards and rows equal to the API, the floor changed in ${changes} rounds`;
    }, { blockedBy: 'the simulated centre is on the floor' });
    await checks.check('no console error on the Plateau page fed by the simulator', async () => {
      expect(browser.problems.length === 0, browser.problems.join('; '));
    });
  } finally {
    await browser.close();
  }
}
