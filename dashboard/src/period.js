// A period picker (two dates and shortcuts) shared by Conformité and Audit.
import { h } from './dom.js';
import { dateInput, fromDateInput } from './format.js';
import { t } from './i18n.js';

const DAY_MS = 24 * 3600 * 1000;

// ON_APPLY({from, to}) gets ms bounds: FROM at local midnight, TO at the end of its day.
export function periodPicker(onApply, days = 7) {
  const today = fromDateInput(dateInput(Date.now()));
  const from = h('input', { type: 'date', name: 'from', value: dateInput(today - (days - 1) * DAY_MS) });
  const to = h('input', { type: 'date', name: 'to', value: dateInput(today) });
  const bounds = () => ({ from: fromDateInput(from.value), to: fromDateInput(to.value) + DAY_MS });
  const preset = (n) => () => {
    from.value = dateInput(today - (n - 1) * DAY_MS);
    to.value = dateInput(today);
    onApply(bounds());
  };
  const el = h('form', { class: 'period', onsubmit: (e) => { e.preventDefault(); onApply(bounds()); } },
    h('label', {}, t('period.from'), ' ', from),
    h('label', {}, t('period.to'), ' ', to),
    h('button', { type: 'submit', class: 'primary' }, t('period.apply')),
    h('button', { type: 'button', onclick: preset(7) }, t('period.7d')),
    h('button', { type: 'button', onclick: preset(30) }, t('period.30d')));
  return { el, bounds };
}
