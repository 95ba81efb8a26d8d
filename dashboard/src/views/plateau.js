// Plateau: every team and every agent, live. Agents are listed by team then identifier, never
// ranked by any figure.
import { clear, h } from '../dom.js';
import { openAgentDay } from '../agent_day.js';
import { stateText, summaryText } from '../alert_words.js';
import { gatewayNow } from '../clock.js';
import { criterionTitle } from '../criteria_words.js';
import { minutes, span } from '../format.js';
import { label, t } from '../i18n.js';
import { subscribe } from '../store.js';
import { NO_TEAM, agentAlerts, alertsOf, byName, byTeam, cue, teamCards, teamIdsOf, teamName } from '../team_cards.js';
import { VirtualList } from '../virtual_list.js';

const NO_TEAM_FILTER = '\u0000no-team';

const ROW_HEIGHT = 34;
const MAX_BADGES = 2;
const SEVERITY = { critical: 0, major: 1, minor: 2, info: 3 };
// The span from T to NOW (the gateway's clock), or null when either is unknown (an agent
// never seen in a state has no start: 0 or null).
function elapsedSince(t, now) {
  return !t || now === null ? null : Math.max(0, now - t);
}

// Figures are counted to as_of; while the agent works or pauses they keep growing, on the
// gateway's clock.
function extrapolate(agent, now) {
  if (now === null) return { work: agent.work_minutes_today, pause: agent.pause_minutes_today };
  const elapsed = Math.max(0, now - (agent.as_of || now)) / 60000;
  return {
    work: agent.work_minutes_today + (agent.activity === 'work' ? elapsed : 0),
    pause: agent.pause_minutes_today + (agent.activity === 'pause' ? elapsed : 0),
  };
}

function createRow() {
  const cell = (cls) => h('span', { class: cls });
  return h(
    'div',
    { class: 'agent-row', role: 'row' },
    cell('c-agent'),
    cell('c-team'),
    cell('c-state'),
    cell('c-in-state'),
    cell('c-work'),
    cell('c-pause'),
    cell('c-last-pause'),
    cell('c-alerts'),
  );
}

export function plateauView(root, { role, perAgent = true }) {
  let teamFilter = '';
  let search = '';
  let latest = null;
  let byAgent = new Map();

  const teamSelect = h('select', { 'aria-label': t('plateau.filter_team'), onchange: (e) => { teamFilter = e.target.value; refresh(true); } });
  const searchInput = h('input', { type: 'search', placeholder: t('plateau.search'), oninput: (e) => { search = e.target.value.trim(); refresh(true); } });
  const count = h('span', { class: 'muted' });
  const teamsEl = h('div', { class: 'teams' });
  const empty = h('p', { class: 'muted', hidden: true }, t('plateau.empty'));

  const list = new VirtualList({
    rowHeight: ROW_HEIGHT,
    className: 'agents',
    create: createRow,
    render: (row, agent) => {
      const now = gatewayNow();
      const alerts = alertsOf(agent, byAgent);
      const c = row.children;
      row.className = `agent-row ${cue(alerts)}`;
      row.dataset.agent = agent.agent;
      c[0].textContent = agent.name || agent.agent;
      c[0].title = agent.name ? agent.agent : '';
      c[1].textContent = teamName(agent.team);
      c[2].textContent = agent.reason ? `${label('state', agent.state)} (${label('reason', agent.reason)})` : label('state', agent.state);
      c[2].className = `c-state st-${agent.activity || 'off'}`;
      c[3].textContent = span(elapsedSince(agent.since, now));
      const fig = extrapolate(agent, now);
      c[4].textContent = minutes(fig.work);
      c[5].textContent = minutes(fig.pause);
      c[6].textContent = agent.activity === 'pause' ? t('plateau.in_pause')
        : agent.last_real_pause_end ? span(elapsedSince(agent.last_real_pause_end, now)) : t('plateau.no_pause');
      clear(c[7]);
      // Firing first, then the most severe, then by code; past MAX_BADGES a "+N" badge names
      // the rest, so the cell never overflows.
      const sorted = [...alerts].sort((x, y) => (y.state === 'firing') - (x.state === 'firing')
        || (SEVERITY[x.severity] ?? 9) - (SEVERITY[y.severity] ?? 9) || byName(x.criterion, y.criterion));
      const shown = sorted.length > MAX_BADGES ? sorted.slice(0, MAX_BADGES - 1) : sorted;
      for (const a of shown) {
        c[7].append(h('span', { class: `badge ${a.state}`, title: a.value === undefined ? criterionTitle(a.criterion) : summaryText(a), 'data-criterion': a.criterion, 'data-state': a.state },
          a.criterion, h('span', { class: 'badge-state' }, ` ${stateText(a)}`)));
      }
      const rest = sorted.slice(shown.length);
      if (rest.length) {
        c[7].append(h('span', { class: 'badge more', title: rest.map((a) => `${a.criterion} ${stateText(a)}`).join(', '), 'data-more': rest.map((a) => `${a.criterion}:${a.state}`).join(',') },
          `+${rest.length}`));
      }
    },
  });

  const header = h('div', { class: 'agent-row agent-head', role: 'row' },
    ...['agent', 'team', 'state', 'in-state', 'work', 'pause', 'last-pause', 'alerts'].map(
      (k) => h('span', { class: `c-${k}` }, t(`plateau.col.${k.replace('-', '_')}`))));

  clear(root).append(
    h('section', {},
      h('h2', {}, t('plateau.teams')),
      teamsEl),
    // Governance incomplete: no per-agent view at all (the gateway sends no agent either).
    h('section', { class: `agents-section${role === 'auditor' ? ' pseudonyms' : ''}`, hidden: !perAgent },
      h('div', { class: 'toolbar' },
        h('h2', {}, t('plateau.agents')),
        h('label', {}, t('plateau.filter_team'), ' ', teamSelect),
        searchInput, count),
      role === 'auditor' ? h('p', { class: 'notice' }, t('plateau.pseudonyms')) : null,
      h('p', { class: 'muted small' }, t('plateau.order')),
      header, list.el, empty),
  );

  // A manager opens an agent's day from its row (auditors read pseudonyms, not days).
  if (role !== 'auditor') {
    list.el.classList.add('clickable');
    list.el.addEventListener('click', (e) => {
      const row = e.target.closest('.agent-row[data-agent]');
      if (!row || !latest) return;
      const agent = latest.agents.get(row.dataset.agent);
      openAgentDay(row.dataset.agent, agent && agent.name);
    });
  }

  let teamsKey = '';
  let order = []; // agent ids in list order; rebuilt only when the set of agents or a filter changes
  let teamsDrawnAt = 0;
  function refresh(filtersChanged = false) {
    if (!latest) return;
    const state = latest;
    const ch = state.changed;
    if (ch.alerts || ch.agentSet) byAgent = agentAlerts(state);
    if (filtersChanged || ch.agentSet) {
      order = [...state.agents.values()]
        .filter((a) => (!teamFilter || (teamFilter === NO_TEAM_FILTER ? !a.team : a.team === teamFilter)) && (!search || String(a.agent).includes(search) || (a.name || '').toLowerCase().includes(search.toLowerCase())))
        .sort((a, b) => byTeam(a.team || NO_TEAM, b.team || NO_TEAM) || byName(String(a.agent), String(b.agent)))
        .map((a) => a.agent);
      count.textContent = t('plateau.count', { n: order.length });
      empty.hidden = state.agents.size > 0;
    }
    // Rows in view always redraw (their durations tick); the rest of the list costs nothing.
    list.setItems(order.map((id) => state.agents.get(id)).filter(Boolean));
    // Team cards: at once when teams or alerts change, else at most once a second.
    const now = performance.now();
    if (!(filtersChanged || ch.agentSet || ch.teams || ch.alerts || now - teamsDrawnAt > 1000)) return;
    teamsDrawnAt = now;

    const sortedTeams = teamIdsOf(state);
    const key = sortedTeams.join('\u0000');
    if (key !== teamsKey) {
      teamsKey = key;
      clear(teamSelect).append(h('option', { value: '' }, t('plateau.all_teams')),
        ...sortedTeams.map((id) => {
          const value = id === NO_TEAM ? NO_TEAM_FILTER : id;
          return h('option', { value, selected: value === teamFilter }, teamName(id));
        }));
    }
    clear(teamsEl).append(...teamCards(state, sortedTeams, byAgent));
  }

  let first = true;
  const unsubscribe = subscribe((state) => {
    latest = state;
    refresh(first);
    first = false;
  });
  return () => unsubscribe();
}
