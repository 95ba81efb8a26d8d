// The team cards of the floor, shared by the Plateau and the wall mode: each team's counts
// from the gateway (its live "team" messages), and how many of its agents have an alert
// firing or coming, plus the alerts about the team itself. Teams in name order, "Sans équipe"
// last; never an order by a figure.
import { h } from './dom.js';
import { percent } from './format.js';
import { label, t } from './i18n.js';

// "team-2" before "team-10"; an order by name, never by a figure.
// One collator for all comparisons: localeCompare with options builds one per call.
export const byName = new Intl.Collator(undefined, { numeric: true }).compare;
// Agents the gateway has no team for yet are one group, named, listed after the teams.
export const NO_TEAM = '';
export const teamName = (id) => (id === NO_TEAM || id === undefined || id === null ? t('plateau.no_team') : id);
export const byTeam = (a, b) => (a === NO_TEAM) - (b === NO_TEAM) || byName(a, b);

export function agentAlerts(state) {
  const byAgent = new Map();
  for (const alert of state.alerts.values()) {
    const id = alert.subject && alert.subject.agent;
    if (id === undefined) continue;
    if (!byAgent.has(id)) byAgent.set(id, []);
    byAgent.get(id).push(alert);
  }
  return byAgent;
}

// Alerts of AGENT: the live ones, and those its entry lists that the live map lacks.
export function alertsOf(agent, byAgent) {
  const live = byAgent.get(agent.agent);
  const listed = agent.alerts || [];
  if (!live) return listed;
  if (listed.length === 0) return live;
  const ids = new Set(live.map((a) => a.id));
  return live.concat(listed.filter((a) => !ids.has(a.id)));
}

export function cue(alerts) {
  if (alerts.some((a) => a.state === 'firing')) return 'firing';
  if (alerts.some((a) => a.state === 'due' || a.state === 'pending')) return 'due';
  return '';
}

export function teamCard(team, alertsCount) {
  const ratio = team.occupancy;
  // Through the CSSOM: the page's CSP forbids style attributes.
  const bar = h('div', { class: 'occupancy-bar' });
  bar.style.width = `${Math.round((ratio || 0) * 100)}%`;
  return h(
    'div',
    { class: `team-card ${alertsCount.firing ? 'firing' : alertsCount.due ? 'due' : ''}${team.team === NO_TEAM ? ' no-team' : ''}`, 'data-team': team.team },
    h('div', { class: 'team-name' }, teamName(team.team)),
    h('div', { class: 'team-figures' },
      h('span', {}, t('plateau.logged_in', { n: team.logged_in ?? 0 })),
      h('span', {}, t('plateau.handling', { n: team.handling ?? 0 })),
      h('span', {}, t('plateau.available', { n: team.available ?? 0 }))),
    h('div', { class: 'occupancy', title: t('plateau.occupancy', { pct: percent(ratio) }) },
      bar,
      h('span', { class: 'occupancy-text' }, t('plateau.occupancy', { pct: percent(ratio) }))),
    alertsCount.firing || alertsCount.due
      ? h('div', { class: 'team-alerts' },
          alertsCount.firing ? h('span', { class: 'badge firing' }, `${alertsCount.firing} ${label('alertstate', 'firing')}`) : null,
          alertsCount.due ? h('span', { class: 'badge due' }, `${alertsCount.due} ${label('alertstate', 'due')}`) : null)
      : null,
  );
}


// The teams of the agents on the floor (a team the last agent left goes); with no agent rows
// (per-agent monitoring off) the gateway's team list.
export function teamIdsOf(state) {
  const ids = new Set(state.agents.size ? [] : state.teams.keys());
  for (const a of state.agents.values()) ids.add(a.team || NO_TEAM);
  return [...ids].sort(byTeam);
}

// One card per team of SORTED_TEAMS; BY_AGENT is agentAlerts(state).
export function teamCards(state, sortedTeams, byAgent) {
  const perTeam = new Map(sortedTeams.map((id) => [id, { firing: 0, due: 0 }]));
  for (const a of state.agents.values()) {
    const c = cue(alertsOf(a, byAgent));
    const team = a.team || NO_TEAM;
    if (c && perTeam.has(team)) perTeam.get(team)[c] += 1;
  }
  for (const alert of state.alerts.values()) {
    const team = alert.subject && alert.subject.team;
    const c = cue([alert]);
    if (team !== undefined && c && perTeam.has(team)) perTeam.get(team)[c] += 1;
  }
  return sortedTeams.map((id) => teamCard(state.teams.get(id) || { team: id }, perTeam.get(id)));
}
