// Node events for the real gateway, published with mosquitto_pub like any node would:
//   agent 4012 has worked 6 h 40 without any pause (BRK-01 must fire),
//   agent 4013 took a 25-minute break an hour ago,
//   agent 4014 is on a call (the live check moves it to a break).
import { randomBytes } from 'node:crypto';
import { run } from './processes.js';

const MIN = 60 * 1000;

export class FloorFeed {
  constructor({ port, site = 'paris-1', node = 'acd-1' }) {
    this.port = port;
    this.prefix = `vigie/v1/${site}/node/${node}`;
    this.node = node;
    this.epoch = randomBytes(8).toString('hex');
    this.seq = 0;
  }

  publish(topic, payload, retain = false) {
    const args = ['-h', '127.0.0.1', '-p', String(this.port), '-q', '1', '-t', topic, '-m', JSON.stringify(payload)];
    if (retain) args.push('-r');
    return run('mosquitto_pub', args);
  }

  async events(list) {
    const events = list.map((e) => ({ seq: ++this.seq, ...e }));
    await this.publish(`${this.prefix}/evt`, { v: 1, node: this.node, epoch: this.epoch, events });
  }

  async start(now = Date.now()) {
    this.startedAt = now;
    await this.publish(`${this.prefix}/birth`, { v: 1, node: this.node, epoch: this.epoch, kind: 'acd-bridge', fw: '1.0.0', ts: now }, true);
    await this.publish(`${this.prefix}/state`, { state: 'online', epoch: this.epoch, ts: now }, true);
    const state = (agent, team, ts, s, extra = {}) => ({ ts, type: 'agent.state', agent, team, state: s, ...extra });
    const list = [];
    // 4012: six hours forty of calls and wrap-ups, never a pause.
    const t0 = now - 400 * MIN;
    list.push(state('4012', 'sav-1', t0, 'available'));
    for (let t = t0 + 5 * MIN, i = 0; t < now - MIN; t += 5 * MIN, i++) {
      list.push(state('4012', 'sav-1', t, ['talking', 'wrap_up', 'available'][i % 3], i % 3 === 0 ? { call: `c-${i}`, queue: 'billing' } : {}));
    }
    // 4013: a real 25-minute break an hour ago.
    list.push(state('4013', 'sav-1', now - 120 * MIN, 'available'));
    list.push(state('4013', 'sav-1', now - 60 * MIN, 'not_ready', { reason: 'break' }));
    list.push(state('4013', 'sav-1', now - 35 * MIN, 'available'));
    // 4014: on a call.
    list.push(state('4014', 'sav-2', now - 30 * MIN, 'available'));
    list.push(state('4014', 'sav-2', now - 10 * MIN, 'talking', { call: 'c-900', queue: 'billing' }));
    list.sort((a, b) => a.ts - b.ts);
    await this.events(list);
  }

  stateChange(agent, team, s, extra = {}) {
    return this.events([{ ts: Date.now(), type: 'agent.state', agent, team, state: s, ...extra }]);
  }
}
