// An alert as a manager reads it: its criterion's title, its state in plain words (a `due`
// alert is "à venir", with the time the breach is predicted), its value and threshold in the
// units people count in ("1 h 45", "2 j", "85 %"). The one place alert wording is made.
import { criterionTitle } from './criteria_words.js';
import { clockTime, minutes } from './format.js';
import { label, locale, t } from './i18n.js';

// VALUE of UNIT (the alert object's "unit") as people read it.
export function measure(value, unit) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  const v = Number(value);
  switch (unit) {
    case 'min': return minutes(v);
    case 'h': return minutes(v * 60);
    case '%': return `${Math.round(v)} %`;
    case 'dB': return `${v.toLocaleString(locale(), { maximumFractionDigits: 1 })} dB`;
    default: {
      const n = v.toLocaleString(locale(), { maximumFractionDigits: 1 });
      return unit ? `${n} ${label('unit', unit)}` : n;
    }
  }
}

// "à venir (14:05)" for a due alert, else the state's name.
export function stateText(alert) {
  const name = label('alertstate', alert.state);
  if (alert.state !== 'due' || !alert.due_at) return name;
  const at = clockTime(alert.due_at);
  return t('alerts.due_at', { state: name, at });
}

// "Quota de pause : … — 1 h 45 (seuil 2 h 00)".
export function summaryText(alert) {
  const title = criterionTitle(alert.criterion);
  if (alert.value === null || alert.value === undefined) return title;
  const value = measure(alert.value, alert.unit);
  if (alert.threshold === null || alert.threshold === undefined) return `${title} — ${value}`;
  return `${title} — ${t('alerts.value_threshold', { value, threshold: measure(alert.threshold, alert.unit) })}`;
}

// "conseiller 4012", "équipe sav-1", "zone plateau-2".
export function subjectText(subject) {
  if (!subject) return '';
  const [kind, id] = Object.entries(subject)[0] || [];
  return kind ? `${label('subject', kind)} ${id}` : '';
}

// What a manager may still do on ALERT: nothing once it is resolved; each act once.
export function actionsFor(alert) {
  if (alert.state === 'resolved') return [];
  return [alert.acked ? null : 'ack', alert.justified ? null : 'justify'].filter(Boolean);
}
