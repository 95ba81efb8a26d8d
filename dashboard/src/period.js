// A period picker (two dates and shortcuts) shared by Conformité and Audit.
import { h } from './dom.js';
import { dateInput, fromDateInput } from './format.js';
import { t } from './i18n.js';

const DAY_MS = 24 * 3600 * 1000;

// The civil day after VALUE ("2026-12-07" -> "2026-12-08"), by the calendar alone.
function nextDay(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

// ON_APPLY({from, to}) gets the period as ISO dates, read by the gateway on the site's clock:
// FROM the first day, TO the day after the last (excluded). With APPLY false (the Audit page,
// whose own button acts) there is no "Afficher" button and the shortcuts only set the dates.
export function periodPicker(onApply, days = 7, { apply = true } = {}) {
  const today = fromDateInput(dateInput(Date.now()));
  const from = h('input', { type: 'date', name: 'from', required: true, value: dateInput(today - (days - 1) * DAY_MS) });
  const to = h('input', { type: 'date', name: 'to', required: true, value: dateInput(today) });
  // LAST: the last day itself, for what takes the days of a period (the report).
  const bounds = () => ({ from: from.value, to: nextDay(to.value), last: to.value });
  const preset = (n) => () => {
    from.value = dateInput(today - (n - 1) * DAY_MS);
    to.value = dateInput(today);
    if (apply) onApply(bounds());
  };
  const el = h('form', { class: 'period', onsubmit: (e) => { e.preventDefault(); if (apply) onApply(bounds()); } },
    h('label', {}, t('period.from'), ' ', from),
    h('label', {}, t('period.to'), ' ', to),
    apply ? h('button', { type: 'submit', class: 'primary' }, t('period.apply')) : null,
    h('button', { type: 'button', onclick: preset(7) }, t('period.7d')),
    h('button', { type: 'button', onclick: preset(30) }, t('period.30d')));
  return { el, bounds };
}
