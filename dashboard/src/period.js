// A period picker (two dates and shortcuts) shared by Conformité and Audit.
import { h } from './dom.js';
import { gatewayNow } from './clock.js';
import { addDays, dateInput } from './format.js';
import { t } from './i18n.js';

const nextDay = (value) => addDays(value, 1);

// ON_APPLY({from, to}) gets the period as ISO dates, read by the gateway on the site's clock:
// FROM the first day, TO the day after the last (excluded). With APPLY false (the Audit page,
// whose own button acts) there is no "Afficher" button and the shortcuts only set the dates.
export function periodPicker(onApply, days = 7, { apply = true } = {}) {
  // Today on the site's calendar, by the gateway's clock once it has spoken.
  const today = dateInput(gatewayNow() ?? Date.now());
  const from = h('input', { type: 'date', name: 'from', required: true, value: addDays(today, 1 - days) });
  const to = h('input', { type: 'date', name: 'to', required: true, value: today });
  // LAST: the last day itself, for what takes the days of a period (the report).
  const bounds = () => ({ from: from.value, to: nextDay(to.value), last: to.value });
  const preset = (n) => () => {
    from.value = addDays(today, 1 - n);
    to.value = today;
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
