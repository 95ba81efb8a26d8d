// What the page knows of the floor: filled by the live snapshot, kept current by the live
// messages. Views subscribe; they are told at most once per animation frame, however many
// messages arrived, so a busy floor of 1,000 agents costs one render per frame.
import { forgetGatewayTime, noteGatewayTime } from './clock.js';
const state = {
  agents: new Map(), // agent id (or pseudonym) -> AGENT
  teams: new Map(), // team id -> TEAM
  alerts: new Map(), // alert id -> alert object
  nodes: new Map(), // node id -> NODE
  snapshotAt: null,
  version: 0,
  // What changed since views were last told, so each redraws only what it must.
  changed: { agentSet: true, agents: true, teams: true, alerts: true, nodes: true },
};

function mark(...kinds) {
  for (const k of kinds) state.changed[k] = true;
}

const listeners = new Set();
let scheduled = false;
// For the benchmark and the browser tests: when data last reached the store and the page.
export const metrics = { messages: 0, snapshots: 0, lastMessageAt: 0, lastRenderAt: 0, firstSnapshotAt: 0 };
window.__vigie = metrics;

function notify() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    state.version += 1;
    for (const listener of listeners) listener(state);
    for (const k of Object.keys(state.changed)) state.changed[k] = false;
    metrics.lastRenderAt = performance.now();
  });
}

export function subscribe(listener) {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

export function current() {
  return state;
}

function fill(map, items, key) {
  map.clear();
  for (const item of items || []) map.set(item[key], item);
}

// Alerts not active any more leave the live view of the floor; the Alertes page keeps its own
// history from the API.
function putAlert(alert) {
  if (alert.state === 'resolved') state.alerts.delete(alert.id);
  else state.alerts.set(alert.id, alert);
}

// An agent's entry lists its open alerts as they stood when the agent last changed; a later
// transition of one of them (fired, resolved) updates that list too, so the row's badges
// follow the feed as the API's entry does.
function patchAgentAlerts(alert) {
  const id = alert.subject && alert.subject.agent;
  const agent = id === undefined ? undefined : state.agents.get(id);
  if (!agent) return;
  const alerts = (agent.alerts || []).filter((a) => a.id !== alert.id);
  if (alert.state !== 'resolved') {
    alerts.push({ id: alert.id, criterion: alert.criterion, severity: alert.severity, state: alert.state, due_at: alert.due_at ?? null });
  }
  state.agents.set(id, { ...agent, alerts });
  mark('agents');
}

export function apply(message) {
  metrics.messages += 1;
  metrics.lastMessageAt = performance.now();
  noteGatewayTime(message.at);
  switch (message.type) {
    case 'snapshot':
      metrics.snapshots += 1;
      if (!metrics.firstSnapshotAt) metrics.firstSnapshotAt = performance.now();
      fill(state.agents, message.agents, 'agent');
      fill(state.teams, message.teams, 'team');
      fill(state.nodes, message.nodes, 'node');
      state.alerts.clear();
      for (const alert of message.alerts || []) putAlert(alert);
      state.snapshotAt = message.at;
      mark('agentSet', 'agents', 'teams', 'alerts', 'nodes');
      break;
    case 'agent': {
      const before = state.agents.get(message.agent.agent);
      if (!before || before.team !== message.agent.team) mark('agentSet');
      state.agents.set(message.agent.agent, message.agent);
      mark('agents');
      break;
    }
    case 'team':
      state.teams.set(message.team.team, message.team);
      mark('teams');
      break;
    case 'alert':
      putAlert(message.alert);
      patchAgentAlerts(message.alert);
      mark('alerts');
      alertListeners.forEach((l) => l(message.alert));
      break;
    case 'node':
      state.nodes.set(message.node.node, message.node);
      mark('nodes');
      break;
    default:
      return; // a type this page does not know yet
  }
  notify();
}

// Every alert transition, resolved ones included (for the Alertes page).
const alertListeners = new Set();
export function onAlert(listener) {
  alertListeners.add(listener);
  return () => alertListeners.delete(listener);
}

export function reset() {
  state.agents.clear();
  state.teams.clear();
  state.alerts.clear();
  state.nodes.clear();
  state.snapshotAt = null;
  forgetGatewayTime();
  mark('agentSet', 'agents', 'teams', 'alerts', 'nodes');
  notify();
}

// Re-render on a clock too, so durations on screen advance without any message.
setInterval(notify, 1000);
