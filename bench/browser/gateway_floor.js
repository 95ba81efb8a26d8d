// The benchmark's real server: Mosquitto, `vigie gateway` and a node publishing over MQTT for
// a floor of AGENTS agents in teams of 50, with CHURN state changes a second in the
// background (batches every 100 ms, as a node's batcher sends them). Every event goes the
// whole way: broker, ingest, store, engine, live hub, WebSocket.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, run, start } from '../../tests/browser/lib/processes.js';

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const MIN = 60000;
const BUSY = ['talking', 'wrap_up', 'available'];

export async function startGatewayFloor({ build, agents, churn, token }) {
  const work = mkdtempSync(join(tmpdir(), "vigie-bench-gw-"));
  console.log(`bench: gateway work dir ${work}`);
  mkdirSync(work, { recursive: true });
  const mqttPort = await freePort();
  const httpPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  writeFileSync(join(work, 'mosquitto.conf'), `listener ${mqttPort} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  await start('mosquitto', 'mosquitto', ['-c', join(work, 'mosquitto.conf')], {
    log: join(work, 'mosquitto.log'),
    ready: (p) => /Opening ipv4 listen socket|mosquitto version .* running/.test(p.output()),
  });
  writeFileSync(join(work, 'vigie.yaml'), [
    'site: paris-1',
    'gateway_id: gw-bench',
    `broker:\n  url: tcp://127.0.0.1:${mqttPort}`,
    'store:\n  path: vigie.db',
    `http:\n  listen: 127.0.0.1:${httpPort}`,
    'tokens:',
    `  - {name: manager-1, role: manager, sha256: "${sha256(token)}"}`,
    'governance: {cse_consulted: 2025-09-15, dpia_done: 2025-10-01, staff_informed: 2025-10-15}',
    // One node (an ACD bridge) brings the whole floor at once: past the default 200 a minute.
    `limits: {new_agents_per_minute: ${Math.max(200, agents)}, agents_per_node: ${Math.max(2000, agents)}}`,
    '',
  ].join('\n'));
  await start('vigie gateway', join(build, 'gateway/vigie'), ['gateway', '--config', join(work, 'vigie.yaml')], {
    log: join(work, 'gateway.log'),
    cwd: work,
    ready: async () => {
      try {
        return (await fetch(`${base}/healthz`)).status === 200;
      } catch {
        return false;
      }
    },
  });

  const node = 'acd-bench';
  const prefix = `vigie/v1/paris-1/node/${node}`;
  const epoch = randomBytes(8).toString('hex');
  const now = Date.now();
  const mqtt = ['-h', '127.0.0.1', '-p', String(mqttPort), '-q', '1'];
  await run('mosquitto_pub', [...mqtt, '-r', '-t', `${prefix}/birth`, '-m', JSON.stringify({ v: 1, node, epoch, kind: 'acd-bridge', fw: '1.0.0', ts: now })]);
  await run('mosquitto_pub', [...mqtt, '-r', '-t', `${prefix}/state`, '-m', JSON.stringify({ state: 'online', epoch, ts: now })]);
  // One long-lived publisher, one line per envelope: sequence numbers stay in order.
  const pub = spawn('mosquitto_pub', [...mqtt, '-t', `${prefix}/evt`, '-l'], { stdio: ['pipe', 'ignore', 'inherit'] });
  let seq = 0;
  const ids = Array.from({ length: agents }, (_, i) => String(5000 + i));
  const teamOf = (id) => `team-${String(Math.floor((Number(id) - 5000) / 50) + 1).padStart(2, '0')}`;
  // Envelopes of five events at most: one short line each for mosquitto_pub -l.
  const send = (events) => {
    for (let i = 0; i < events.length; i += 5) {
      const list = events.slice(i, i + 5).map((e) => ({ seq: ++seq, ...e }));
      pub.stdin.write(`${JSON.stringify({ v: 1, node, epoch, events: list })}\n`);
    }
  };
  const stored = async (n) => {
    for (let i = 0; i < 600; i++) {
      const s = await (await fetch(`${base}/api/v1/stats`, { headers: { Authorization: `Bearer ${token}` } })).json();
      if (s.events_stored >= n) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    const s = await (await fetch(`${base}/api/v1/stats`, { headers: { Authorization: `Bearer ${token}` } })).json();
    throw new Error(`the gateway stored fewer than ${n} events: ${JSON.stringify(s)}`);
  };
  // The floor logs in over the last hour, then works.
  for (let i = 0; i < ids.length; i += 100) {
    send(ids.slice(i, i + 100).map((id, k) => ({ ts: now - 60 * MIN + (i + k) * 100, type: 'agent.state', agent: id, team: teamOf(id), state: 'available' })));
  }
  await stored(seq);

  // The churn: CHURN changes a second, in batches every 100 ms; never a meeting nor coaching,
  // the reasons the measured changes use.
  const perBatch = Math.max(1, Math.round(churn / 10));
  let k = 0;
  const timer = churn > 0 ? setInterval(() => {
    const events = [];
    for (let i = 0; i < perBatch; i++) {
      const id = ids[Math.floor(Math.random() * ids.length)];
      events.push({ ts: Date.now(), type: 'agent.state', agent: id, team: teamOf(id), state: BUSY[k++ % 3], ...(k % 3 === 1 ? { call: `c-${k}`, queue: 'billing' } : {}) });
    }
    send(events);
  }, 100) : null;

  return {
    base,
    // Puts AGENT not ready for REASON: resolves once the line is with the publisher.
    setState: async (agent, reason) => {
      send([{ ts: Date.now(), type: 'agent.state', agent, team: teamOf(agent), state: 'not_ready', reason }]);
    },
    stats: async () => (await fetch(`${base}/api/v1/stats`, { headers: { Authorization: `Bearer ${token}` } })).json(),
    stop: () => {
      if (timer) clearInterval(timer);
      pub.stdin.end();
      pub.kill();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
