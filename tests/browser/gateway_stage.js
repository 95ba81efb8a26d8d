// Stage "gateway": the real `vigie gateway` with a real Mosquitto, fed over MQTT, checked in
// the real page. Checks that need parts the gateway does not serve yet fail and say which.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient } from './lib/api.js';
import { expect } from './lib/checks.js';
import { cseChecks } from './cse_checks.js';
import { apiDatesChecks } from './api_dates_checks.js';
import { governanceChecks } from './governance_checks.js';
import { dayChecks } from './day_checks.js';
import { layoutChecks } from './layout_checks.js';
import { timezoneChecks } from './timezone_checks.js';
import { wallChecks } from './wall_checks.js';
import { FloorFeed } from './lib/floor_feed.js';
import { runPageChecks } from './lib/page_checks.js';
import { freePort, sleep, start } from './lib/processes.js';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');

export async function gatewayStage(checks, { build, artifacts, work }) {
  mkdirSync(work, { recursive: true });
  const mqttPort = await freePort();
  const httpPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  const tokens = { manager: 'manager-token-g1', auditor: 'auditor-token-g1' };
  const cseToken = 'cse-token-g1';

  writeFileSync(join(work, 'mosquitto.conf'),
    `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  await start('mosquitto', 'mosquitto', ['-c', join(work, 'mosquitto.conf')], {
    log: join(artifacts, 'mosquitto.log'),
    ready: (p) => /Opening ipv4 listen socket|mosquitto version .* running/.test(p.output()),
  });

  writeFileSync(join(work, 'vigie.yaml'), [
    'site: paris-1',
    'gateway_id: gw-browser',
    `broker:\n  url: tcp://127.0.0.1:${mqttPort}`,
    'store:\n  path: vigie.db',
    `http:\n  listen: 127.0.0.1:${httpPort}`,
    'tokens:',
    `  - {name: manager-1, role: manager, sha256: "${sha256(tokens.manager)}"}`,
    `  - {name: auditor-1, role: auditor, sha256: "${sha256(tokens.auditor)}"}`,
    `  - {name: staff-reps, role: cse, sha256: "${sha256(cseToken)}"}`,
    // Per-agent views need the governance gate open (CSE, DPIA, staff informed).
    'governance: {cse_consulted: 2025-09-15, dpia_done: 2025-10-01, staff_informed: 2025-10-15}',
    '',
  ].join('\n'));
  await start('vigie gateway', join(build, 'gateway/vigie'), ['gateway', '--config', join(work, 'vigie.yaml')], {
    log: join(artifacts, 'gateway.log'),
    ready: async () => {
      try {
        return (await fetch(`${base}/healthz`)).status === 200;
      } catch {
        return false;
      }
    },
  });

  const feed = new FloorFeed({ port: mqttPort });
  await feed.start();
  const manager = apiClient(base, tokens.manager);
  // The feed is stored once the gateway has acknowledged it; wait for it in the stats.
  for (let i = 0; i < 50; i++) {
    const stats = await manager.get('/api/v1/stats');
    if (stats.json && stats.json.events_stored >= feed.seq) break;
    await sleep(200);
  }

  await checks.check('the gateway stored the fed events', async () => {
    const stats = await manager.get('/api/v1/stats');
    expect(stats.json.events_stored >= feed.seq, `stats: ${stats.text}`);
    return `${stats.json.events_stored} events`;
  });
  for (const [path, what] of [
    ['/api/v1/agents', 'the floor (FloorService over the engine)'],
    ['/api/v1/alerts', 'alerts (FloorService over the engine)'],
    ['/api/v1/nodes', 'nodes (FloorService)'],
    ['/api/v1/live', 'the live WebSocket (LiveHub)'],
  ]) {
    await checks.check(`the gateway serves ${path}`, async () => {
      const res = await manager.get(path);
      const expected = path === '/api/v1/live' ? 426 : 200;
      expect(res.status === expected, `${what} is not wired into the gateway: ${res.status} ${res.text.slice(0, 120)}`);
    });
  }
  await checks.check('GET /api/v1/agents lists the fed agents', async () => {
    const res = await manager.get('/api/v1/agents');
    const ids = (res.json && res.json.agents || []).map((a) => a.agent);
    expect(['4012', '4013', '4014'].every((id) => ids.includes(id)), `agents: ${JSON.stringify(ids)}`);
  }, { blockedBy: 'the gateway serves /api/v1/agents' });

  await runPageChecks(checks, {
    base,
    tokens,
    managerName: 'manager-1',
    agentIds: ['4012', '4013', '4014'],
    liveAgent: '4014',
    auditRequired: true,
    alertAgent: '4012',
    artifacts,
    prefix: 'gateway',
    withCompliance: true,
    changeState: async (agent) => {
      await feed.stateChange(agent, 'sav-2', 'not_ready', { reason: 'break' });
      return 'Indisponible (pause)';
    },
    prepareAlert: async () => {},
  });

  await cseChecks(checks, {
    base, token: cseToken, agentIds: ['4012', '4013', '4014'], artifacts, gatewayLog: join(artifacts, 'gateway.log'),
  });

  await apiDatesChecks(checks, { base, tokens });
  await dayChecks(checks, { base, tokens, artifacts, feed });
  await timezoneChecks(checks, { base, tokens, artifacts });
  await layoutChecks(checks, { base, tokens: { ...tokens, cse: cseToken }, artifacts });
  await wallChecks(checks, { base, tokens, artifacts, agentIds: ['4012', '4013', '4014'] });
  await governanceChecks(checks, { build, artifacts, work, base, token: tokens.manager, mqttPort });
}
