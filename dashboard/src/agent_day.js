// One agent's day as a timeline, in a dialog opened from the Plateau (a row) or the Alertes
// page (an agent alert): work, pause and off bands over the day, the planned shift and breaks
// under them, due and firing alerts as marks; the pause minutes and the longest run of work
// at a glance. One agent at a time: never a comparison, never a ranking.
import * as api from './api.js';
import { criterionTitle } from './criteria_words.js';
import { clear, h } from './dom.js';
import { clockTime, longDate, span } from './format.js';
import { label, t } from './i18n.js';

const HOUR = 3600000;

// The span the timeline shows: the hours the day has data or a plan in, else the whole day.
export function viewSpan(day) {
  const starts = [];
  const ends = [];
  for (const b of day.bands) if (b.activity !== 'off') { starts.push(b.start); ends.push(b.end); }
  for (const s of day.schedule) { starts.push(s.start); ends.push(s.end); }
  if (!starts.length) return { lo: day.from, hi: day.to };
  const lo = Math.max(day.from, Math.floor((Math.min(...starts) - day.from) / HOUR) * HOUR + day.from);
  const hi = Math.min(day.to, Math.ceil((Math.max(...ends) - day.from) / HOUR) * HOUR + day.from);
  return { lo, hi: Math.max(hi, lo + HOUR) };
}

function placed(el, start, end, { lo, hi }) {
  const a = Math.max(lo, start);
  const b = Math.min(hi, end);
  el.style.left = `${((a - lo) / (hi - lo)) * 100}%`;
  el.style.width = `${(Math.max(0, b - a) / (hi - lo)) * 100}%`;
  el.dataset.start = String(a);
  el.dataset.end = String(b);
  return el;
}

const clock = clockTime;

export function timeline(day) {
  const w = viewSpan(day);
  const bands = h('div', { class: 'tl-track', 'data-row': 'bands' },
    ...day.bands.map((b) => placed(h('span', { class: `tl-band ${b.activity}`, 'data-activity': b.activity,
      title: `${label('activity', b.activity)} ${clock(b.start)}–${clock(b.end)} (${span(b.end - b.start)})` }), b.start, b.end, w)));
  const plan = h('div', { class: 'tl-plan', 'data-row': 'plan' },
    ...day.schedule.flatMap((s) => [
      placed(h('span', { class: 'tl-shift', title: `${t('day.shift')} ${clock(s.start)}–${clock(s.end)}` }), s.start, s.end, w),
      ...s.breaks.filter((b) => b.start && b.end).map((b) => placed(h('span', { class: `tl-break ${b.kind}`, 'data-kind': b.kind,
        title: `${label('reason', b.kind)} ${clock(b.start)}–${clock(b.end)}` }), b.start, b.end, w)),
    ]));
  const marks = h('div', { class: 'tl-marks', 'data-row': 'alerts' },
    ...day.alerts.map((a) => {
      const at = a.fired_at ?? a.due_at ?? a.started_at;
      const kind = a.fired_at ? 'firing' : 'due';
      const mark = h('span', { class: `tl-mark ${kind}`, 'data-criterion': a.criterion, 'data-at': String(at),
        title: `${a.criterion} ${criterionTitle(a.criterion)} — ${label('alertstate', kind)} ${clock(at)}` }, a.criterion);
      mark.style.left = `${((Math.min(w.hi, Math.max(w.lo, at)) - w.lo) / (w.hi - w.lo)) * 100}%`;
      return mark;
    }));
  const axis = h('div', { class: 'tl-axis' });
  const hours = Math.round((w.hi - w.lo) / HOUR);
  const step = hours > 12 ? 2 : 1;
  for (let i = 0; i <= hours; i += step) {
    const tick = h('span', { class: 'tl-tick' }, clock(w.lo + i * HOUR));
    tick.style.left = `${(i / hours) * 100}%`;
    axis.append(tick);
  }
  return h('div', { class: 'timeline', 'data-lo': String(w.lo), 'data-hi': String(w.hi) },
    h('div', { class: 'tl-label' }, t('day.activity')), bands,
    h('div', { class: 'tl-label' }, t('day.plan')), plan,
    h('div', { class: 'tl-label' }, t('day.alerts')), marks,
    h('div', {}), axis);
}

export function figures(day) {
  return h('p', { class: 'tl-figures' },
    h('span', { 'data-figure': 'work' }, t('day.work', { d: span(day.work_ms) })),
    h('span', { 'data-figure': 'pause' }, t('day.pause', { d: span(day.pause_ms), n: day.pauses.length })),
    h('span', { 'data-figure': 'longest' }, t('day.longest', { d: span(day.longest_work_ms) })));
}

// Opens the dialog for AGENT (id) and fills it once the gateway answers.
export async function openAgentDay(agentId, name) {
  let dialog = document.querySelector('dialog.agent-day');
  if (!dialog) {
    dialog = h('dialog', { class: 'agent-day' });
    document.body.append(dialog);
  }
  const body = h('div', { class: 'agent-day-body' }, '…');
  clear(dialog).append(
    h('div', { class: 'agent-day-head' }, h('h3', {}, t('day.title', { who: name || agentId })),
      h('button', { type: 'button', class: 'close', onclick: () => dialog.close() }, t('day.close'))),
    body);
  if (!dialog.open) dialog.showModal();
  try {
    const day = await api.agentDay(agentId);
    clear(body).append(
      h('p', { class: 'muted small' }, t('day.of', { date: longDate(day.from + 12 * HOUR) })),
      figures(day), timeline(day),
      h('p', { class: 'legend small' },
        ...['work', 'pause', 'off'].map((a) => h('span', { class: `legend-item tl-${a}` }, label('activity', a))),
        h('span', { class: 'legend-item tl-plan-key' }, t('day.plan_key'))));
    dialog.dataset.agent = agentId;
  } catch (err) {
    clear(body).append(h('p', { class: 'error' }, t('error.generic', { msg: err.message })));
  }
}
