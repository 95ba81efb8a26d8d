// Alertes: active and recent alerts, filters by criterion, severity and team; managers
// acknowledge and justify here.
import { openAgentDay } from '../agent_day.js';
import { actionsFor, stateText, subjectText, summaryText } from '../alert_words.js';
import * as api from '../api.js';
import { criterionTitle } from '../criteria_words.js';
import { clear, h } from '../dom.js';
import { dateTime } from '../format.js';
import { label, t } from '../i18n.js';
import { current, onAlert, subscribe } from '../store.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;
const SEVERITY_ORDER = { critical: 0, major: 1, minor: 2, info: 3 };

// The team an alert concerns: its subject if a team, else the agent's team on the floor.
function teamOf(alert, agents) {
  const s = alert.subject || {};
  if (s.team) return s.team;
  if (s.agent && agents.has(s.agent)) return agents.get(s.agent).team;
  return '';
}

function select(labelText, options, onchange) {
  const el = h('select', { onchange: (e) => onchange(e.target.value) },
    options.map(([value, text]) => h('option', { value }, text)));
  return { label: h('label', {}, labelText, ' ', el), el };
}

function fill(selectEl, values, allText, chosen, text = (v) => v) {
  clear(selectEl).append(h('option', { value: '' }, allText),
    ...values.map((v) => h('option', { value: v, selected: v === chosen }, text(v))));
}

export function alertesView(root, { role }) {
  const canAct = role === 'manager' || role === 'admin';
  const alerts = new Map();
  const filters = { criterion: '', severity: '', team: '', show: 'recent' };
  const status = h('p', { class: 'status', role: 'status' });

  const criterion = select(t('alerts.filter_criterion'), [], (v) => { filters.criterion = v; render(); });
  const severity = select(t('alerts.filter_severity'), [], (v) => { filters.severity = v; render(); });
  const team = select(t('alerts.filter_team'), [], (v) => { filters.team = v; render(); });
  const show = select(t('alerts.filter_state'), [['recent', t('alerts.recent')], ['active', t('alerts.active')]],
    (v) => { filters.show = v; load(); });
  const body = h('tbody');
  const none = h('p', { class: 'muted', hidden: true }, t('alerts.none'));
  const dialog = h('dialog', { class: 'action-dialog' });

  clear(root).append(
    h('h2', {}, t('alerts.title')),
    h('div', { class: 'toolbar' }, show.label, criterion.label, severity.label, team.label),
    status,
    h('table', { class: 'alerts-table' },
      h('thead', {}, h('tr', {}, ...['criterion', 'subject', 'state', 'started', 'summary'].map(
        (k) => h('th', {}, t(`alerts.col.${k}`))), canAct ? h('th', {}) : null)),
      body),
    none, dialog);

  function render() {
    const agents = current().agents;
    const all = [...alerts.values()].filter((a) => filters.show !== 'active' || a.state !== 'resolved');
    fill(criterion.el, [...new Set(all.map((a) => a.criterion))].sort(), t('alerts.all'), filters.criterion,
      (c) => `${c} · ${criterionTitle(c)}`);
    fill(severity.el, Object.keys(SEVERITY_ORDER).filter((s) => all.some((a) => a.severity === s)), t('alerts.all'),
      filters.severity, (s) => label('severity', s));
    fill(team.el, [...new Set(all.map((a) => teamOf(a, agents)).filter(Boolean))].sort(), t('alerts.all'), filters.team);
    const shown = all
      .filter((a) => (!filters.criterion || a.criterion === filters.criterion)
        && (!filters.severity || a.severity === filters.severity)
        && (!filters.team || teamOf(a, agents) === filters.team))
      .sort((a, b) => (a.state === 'resolved') - (b.state === 'resolved')
        || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]
        || b.started_at - a.started_at);
    clear(body).append(...shown.map((a) => row(a)));
    none.hidden = shown.length > 0;
  }

  function row(a) {
    const followup = h('div', { class: 'followup' },
      a.acked ? h('div', {}, t('alerts.acked_by', { by: a.acked.by, at: dateTime(a.acked.at) })) : null,
      a.justified ? h('div', {}, t('alerts.justified_by', { by: a.justified.by, at: dateTime(a.justified.at), reason: a.justified.reason })) : null);
    const actions = actionsFor(a);
    // The severity under the criterion's code and the follow-up under the summary: five
    // columns and the actions, readable from a tablet's width on.
    return h('tr', { class: `alert ${a.state}`, 'data-alert': a.id },
      h('td', { class: 'criterion', title: criterionTitle(a.criterion) }, a.criterion,
        h('div', { class: `sev ${a.severity}` }, label('severity', a.severity))),
      h('td', { class: 'subject' }, subjectText(a.subject),
        canAct && a.subject && a.subject.agent !== undefined
          ? h('div', {}, h('button', { type: 'button', class: 'link day', onclick: () => openAgentDay(a.subject.agent) }, t('day.open')))
          : null),
      h('td', {}, h('span', { class: `badge ${a.state}` }, stateText(a))),
      h('td', { class: 'started' }, dateTime(a.started_at)),
      h('td', { class: 'summary-cell' }, h('div', { class: 'summary' }, summaryText(a)), followup),
      canAct ? h('td', { class: 'actions-cell' }, h('div', { class: 'actions' },
        actions.includes('ack') ? h('button', { class: 'ack', onclick: () => act('ack', a) }, t('alerts.ack')) : null,
        actions.includes('justify') ? h('button', { class: 'justify', onclick: () => act('justify', a) }, t('alerts.justify')) : null)) : null);
  }

  function act(kind, alert) {
    const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 2000 });
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 2000 });
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { method: 'dialog' },
      h('h3', {}, `${kind === 'ack' ? t('alerts.ack') : t('alerts.justify')} — ${alert.criterion} ${subjectText(alert.subject)}`),
      kind === 'justify' ? h('label', {}, t('alerts.reason'), reason) : null,
      h('label', {}, t('alerts.note'), note),
      error,
      h('div', { class: 'buttons' },
        h('button', { type: 'button', onclick: () => dialog.close() }, t('alerts.cancel')),
        h('button', { type: 'submit', class: 'primary' }, kind === 'ack' ? t('alerts.confirm_ack') : t('alerts.confirm_justify'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (kind === 'justify' && !reason.value.trim()) {
        error.textContent = t('alerts.reason_required');
        return;
      }
      try {
        const updated = kind === 'ack'
          ? await api.acknowledge(alert.id, note.value)
          : await api.justify(alert.id, reason.value.trim(), note.value);
        alerts.set(updated.id, updated);
        dialog.close();
        status.textContent = t('alerts.done');
        render();
      } catch (err) {
        error.textContent = t('alerts.failed', { msg: err.message });
      }
    });
    clear(dialog).append(form);
    dialog.showModal();
    (kind === 'justify' ? reason : note).focus();
  }

  async function load() {
    try {
      const params = filters.show === 'active' ? { state: 'active' } : { state: 'all', since: Date.now() - WEEK_MS };
      const list = await api.alerts(params);
      alerts.clear();
      for (const a of list) alerts.set(a.id, a);
      status.textContent = '';
    } catch (err) {
      status.textContent = err.status === 403 ? t('error.forbidden') : t('error.generic', { msg: err.message });
    }
    render();
  }

  const offAlert = onAlert((a) => {
    alerts.set(a.id, a);
    render();
  });
  // Alerts the live snapshot brings (e.g. after a reconnection) join the list too.
  let seen = -1;
  const offStore = subscribe((state) => {
    if (state.alerts.size === seen) return;
    seen = state.alerts.size;
    let changed = false;
    for (const a of state.alerts.values()) {
      if (!alerts.has(a.id)) { alerts.set(a.id, a); changed = true; }
    }
    if (changed) render();
  });
  load();
  return () => { offAlert(); offStore(); };
}
