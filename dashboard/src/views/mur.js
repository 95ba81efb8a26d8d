// Wall mode (?mur=1): the floor on a screen on the plateau's wall. Large type, the team cards
// and the live alerts only (firing first), the gateway's time; nothing to click, and the live
// feed reconnects by itself. A wall is seen by everyone: an agent's alert names the agent's
// team, never the agent, and no agent figure is shown.
import { stateText } from '../alert_words.js';
import { gatewayNow } from '../clock.js';
import { criterionTitle } from '../criteria_words.js';
import { clockTime } from '../format.js';
import { clear, h } from '../dom.js';
import { label, t } from '../i18n.js';
import * as live from '../live.js';
import { subscribe } from '../store.js';
import { agentAlerts, teamCards, teamIdsOf, teamName } from '../team_cards.js';

const SEVERITY = { critical: 0, major: 1, minor: 2, info: 3 };

export function isWall() {
  return new URLSearchParams(location.search).get('mur') === '1';
}

// Who an alert is about, as a wall may say it.
function wallSubject(alert, agents) {
  const s = alert.subject || {};
  if (s.agent !== undefined) {
    const agent = agents.get(s.agent);
    return t('mur.agent_of', { team: teamName(agent ? agent.team : undefined) });
  }
  const [kind, id] = Object.entries(s)[0] || [];
  return kind ? `${label('subject', kind)} ${id}` : '';
}

export function wallView(app) {
  document.body.classList.add('wall-body');
  const status = h('span', { class: 'live-status', 'data-live': 'connecting' });
  live.onStatus((s) => {
    status.dataset.live = s;
    status.textContent = t(`live.${s}`);
  });
  const clock = h('span', { class: 'wall-clock' });
  const teamsEl = h('div', { class: 'teams wall-teams' });
  const alertsEl = h('ol', { class: 'wall-alerts' });
  const calm = h('p', { class: 'wall-calm', hidden: true }, t('mur.no_alert'));
  clear(app).append(h('div', { class: 'wall', 'data-page': 'mur' },
    h('div', { class: 'wall-head' }, h('h1', {}, t('mur.title')), status, clock),
    h('section', {}, h('h2', {}, t('plateau.teams')), teamsEl),
    h('section', {}, h('h2', {}, t('mur.alerts')), alertsEl, calm)));

  let teamsDrawnAt = 0;
  subscribe((state) => {
    const now = gatewayNow();
    clock.textContent = now === null ? '' : clockTime(now);
    const ch = state.changed;
    if (!(ch.teams || ch.alerts || ch.agentSet || performance.now() - teamsDrawnAt > 1000)) return;
    teamsDrawnAt = performance.now();
    clear(teamsEl).append(...teamCards(state, teamIdsOf(state), agentAlerts(state)));
    const alerts = [...state.alerts.values()]
      .filter((a) => a.state === 'firing' || a.state === 'due' || a.state === 'pending')
      .sort((a, b) => (b.state === 'firing') - (a.state === 'firing')
        || (SEVERITY[a.severity] ?? 9) - (SEVERITY[b.severity] ?? 9) || b.started_at - a.started_at);
    clear(alertsEl).append(...alerts.map((a) => h('li', { class: `wall-alert ${a.state}`, 'data-alert': a.id },
      h('span', { class: `badge ${a.state}` }, stateText(a)),
      h('span', { class: 'wall-alert-what' }, h('strong', {}, a.criterion), ' ', criterionTitle(a.criterion)),
      h('span', { class: 'wall-alert-who' }, wallSubject(a, state.agents)))));
    calm.hidden = alerts.length > 0;
  });
}
