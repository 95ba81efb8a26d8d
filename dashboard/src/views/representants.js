// Représentants du personnel (the cse role, and admins): team- and site-level figures over a
// period from /api/v1/cse/overview. Nothing here names an agent: the gateway sends none.
import * as api from '../api.js';
import { clear, h } from '../dom.js';
import { criterionTitle } from '../criteria_words.js';
import { percent } from '../format.js';
import { locale, t } from '../i18n.js';
import { periodPicker } from '../period.js';
import { reportButton } from '../report_button.js';

// Hours of work summed over agents' days, as hours and minutes ("27 h 24"): in days they
// would read as calendar days.
function hours(x) {
  if (x === null || x === undefined) return '–';
  const m = Math.round(x * 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`;
}
const decibels = (x) => (x === null || x === undefined ? '–' : `${(Math.round(x * 10) / 10).toLocaleString(locale())} dB(A)`);
const pauses = (g) => (g.pauses_due === null ? String(g.pauses_taken) : `${g.pauses_taken} / ${g.pauses_due}`);

// A table in a box that scrolls sideways when its columns (one per criterion) are wider
// than a tablet's screen, rather than the page.
function table(name, heads, rows) {
  return h('div', { class: 'table-box' }, h('table', { class: 'cse-table', 'data-table': name },
    h('thead', {}, h('tr', {}, ...heads.map((x) => h('th', {}, x)))),
    h('tbody', {}, ...rows)));
}

function criteriaTable(group) {
  return table('criteria', [t('cse.col.criterion'), t('cse.col.held'), t('cse.col.breached'),
    t('cse.col.justified'), t('cse.col.without_data'), t('cse.col.share')],
  group.criteria.map((c) => h('tr', { 'data-criterion': c.criterion },
    h('td', { title: c.title || '' }, `${c.criterion} · ${criterionTitle(c.criterion, c.title || '')}`), h('td', {}, c.held),
    h('td', {}, c.breached), h('td', {}, c.justified), h('td', {}, c.without_data),
    h('td', {}, percent(c.held_share)))));
}

function teamsTable(groups, criteria) {
  return table('teams', [t('cse.col.teams'), t('cse.col.agents'), t('cse.col.agent_days'),
    t('cse.col.pauses'), t('cse.col.occupancy'), ...criteria],
  groups.map((g) => h('tr', { 'data-teams': g.teams.join('+') },
    h('td', {}, ...g.teams.flatMap((name, i) => [i ? ' + ' : null, h('span', { class: 'nowrap' }, name)])), h('td', {}, g.agents), h('td', {}, g.agent_days),
    h('td', {}, pauses(g)), h('td', {}, percent(g.occupancy)),
    ...criteria.map((id) => h('td', {}, percent((g.criteria.find((c) => c.criterion === id) || {}).held_share))))));
}

// A day of fewer agents than a group (agent_days "< 5") shows no breach count.
function daysTable(days, criteria) {
  return table('days', [t('cse.col.day'), t('cse.col.agent_days'), ...criteria],
    days.map((d) => h('tr', { 'data-day': d.day }, h('td', { class: 'nowrap' }, d.day), h('td', {}, d.agent_days),
      ...criteria.map((id) => h('td', {}, typeof d.agent_days === 'number' ? d.breaches[id] || 0 : '–')))));
}

function noiseTable(zones) {
  return table('noise', [t('cse.col.zone'), t('cse.col.samples'), t('cse.col.laeq_mean'), t('cse.col.laeq_max')],
    zones.map((z) => h('tr', {}, h('td', {}, z.zone), h('td', {}, z.samples),
      h('td', {}, decibels(z.laeq_mean_db)), h('td', {}, decibels(z.laeq_max_db)))));
}

function facts(o) {
  const s = o.site;
  const c = o.completeness;
  const item = (key, value) => [h('dt', {}, t(key)), h('dd', { 'data-fact': key }, String(value))];
  return h('dl', { class: 'cse-facts' },
    ...item('cse.fact.agents', s.agents), ...item('cse.fact.agent_days', s.agent_days),
    ...item('cse.fact.pauses', pauses(s)), ...item('cse.fact.work', hours(s.work_hours)),
    ...item('cse.fact.occupancy', percent(s.occupancy)),
    ...item('cse.fact.without_data', `${c.agent_days_without_data} / ${c.agent_days}`),
    ...item('cse.fact.gaps', t('cse.gaps', { open: c.gaps_open, lost: c.gaps_lost, filled: c.gaps_filled })),
    ...item('cse.fact.acks', o.acknowledgements), ...item('cse.fact.justifications', o.justifications));
}

export function representantsView(root) {
  const status = h('p', { class: 'status', role: 'status' });
  const body = h('div', { class: 'cse-body' });
  const picker = periodPicker(load, 30);
  const report = reportButton(picker);
  clear(root).append(h('h2', {}, t('cse.title')), h('p', { class: 'muted' }, t('cse.help')),
    picker.el, report.el, status, body);

  function draw(o) {
    clear(body);
    const criteria = o.site.criteria.map((c) => c.criterion);
    body.append(
      h('section', {}, h('h3', {}, t('cse.site')), facts(o)),
      h('section', {}, h('h3', {}, t('cse.criteria')), criteriaTable(o.site)),
      h('section', {}, h('h3', {}, t('cse.teams')), h('p', { class: 'muted' }, t('cse.teams_help', { n: o.min_group })),
        o.teams.length ? teamsTable(o.teams, criteria) : h('p', {}, t('cse.none'))),
      h('section', {}, h('h3', {}, t('cse.days')), daysTable(o.days.filter((d) => d.agent_days !== 0), criteria)),
      h('section', {}, h('h3', {}, t('cse.noise')),
        o.noise.length ? noiseTable(o.noise) : h('p', {}, t('cse.no_noise'))));
    status.textContent = o.site.agent_days === 0 ? t('cse.none') : '';
  }

  async function load({ from, to }) {
    status.textContent = '…';
    try {
      draw(await api.cseOverview(from, to));
    } catch (err) {
      clear(body);
      status.textContent = t('error.generic', { msg: err.message });
    }
  }

  load(picker.bounds());
  return report.dispose;
}
