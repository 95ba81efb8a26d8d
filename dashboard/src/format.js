// Numbers and times as people read them, in the current language.
import { locale, t } from './i18n.js';

// The one duration formatter: "42 s", "17 min", "1 h 45", "2 j 3 h" (English "2 d 3 h"),
// for a span in ms. Never rounded up: a span shows the whole units it has reached.
export function span(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '–';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  return wholeMinutes(Math.floor(s / 60));
}

// A figure counted in minutes ("travail aujourd'hui"): "0 min", "45 min", "5 h 12", "2 j".
export function minutes(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return wholeMinutes(Math.max(0, Math.floor(value)));
}

function wholeMinutes(m) {
  if (m < 60) return `${m} min`;
  const hours = Math.floor(m / 60);
  if (hours < 24) return `${hours} h ${String(m % 60).padStart(2, '0')}`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${days} ${t('unit.day')} ${rest} h` : `${days} ${t('unit.day')}`;
}

export function percent(ratio) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '–';
  return `${Math.round(ratio * 100)} %`;
}

export function dateTime(ms) {
  if (!ms) return t('never');
  return new Date(ms).toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'medium' });
}

export function bytes(n) {
  if (n < 1024) return `${n} o`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} Kio`;
  return `${(n / 1024 / 1024).toFixed(1)} Mio`;
}

// <input type="date"> value for ms, in local time.
export function dateInput(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Local midnight of an <input type="date"> value, in ms.
export function fromDateInput(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}
