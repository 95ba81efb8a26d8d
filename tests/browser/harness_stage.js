// Stage "harness": the dashboard against the real HTTP layer (router, auth, floor routes, live
// hub, embedded dashboard) over a synthetic floor of 1,000 agents: proves the page itself.
import { join } from 'node:path';
import { runPageChecks } from './lib/page_checks.js';
import { freePort, httpUp, start } from './lib/processes.js';

export async function harnessStage(checks, { build, artifacts }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const tokens = { manager: 'manager-token-h1', auditor: 'auditor-token-h1' };
  await start('vigie-floor-harness', join(build, 'bench/browser/vigie-floor-harness'),
    ['--port', String(port), '--agents', '1000', '--teams', '20',
      '--manager-token', tokens.manager, '--auditor-token', tokens.auditor],
    { log: join(artifacts, 'harness.log'), ready: () => httpUp(`${base}/healthz`) });
  const post = (path, body) => fetch(base + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.manager}` },
    body: JSON.stringify(body),
  }).then((r) => { if (!r.ok) throw new Error(`${path} answered ${r.status}`); });
  await runPageChecks(checks, {
    base,
    tokens,
    managerName: 'manager-1',
    agentIds: Array.from({ length: 1000 }, (_, i) => String(4000 + i)),
    liveAgent: '4014',
    alertAgent: '4012',
    lastAgent: '4999', // team-20 sorts last (teams by name, numerically); its last agent
    bigFloor: true,
    artifacts,
    prefix: 'harness',
    changeState: async (agent) => {
      await post('/harness/state', { agent, state: 'not_ready', reason: 'break' });
      return 'Indisponible (pause)';
    },
    prepareAlert: () => post('/harness/alert', { agent: '4012', criterion: 'BRK-01', state: 'firing' }),
  });
}
