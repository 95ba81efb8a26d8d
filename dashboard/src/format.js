// Numbers and times as people read them, in the current language.
import { siteZone } from './clock.js';
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

// An instant as a date and time on the site's clock.
export function dateTime(ms) {
  if (!ms) return t('never');
  return new Date(ms).toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'medium', timeZone: siteZone() });
}

// An instant as "HH:MM" on the site's clock.
export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', timeZone: siteZone() });
}

// The site's civil date of an instant, in words ("lundi 7 décembre 2026").
export function longDate(ms) {
  return new Date(ms).toLocaleDateString(locale(), { dateStyle: 'full', timeZone: siteZone() });
}

export function bytes(n) {
  if (n < 1024) return `${n} o`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} Kio`;
  return `${(n / 1024 / 1024).toFixed(1)} Mio`;
}

// The site's civil date of an instant as "2026-12-07" (an <input type="date"> value).
export function dateInput(ms) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: siteZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

// The civil date N days after VALUE ("2026-12-07", -6 -> "2026-12-01"), by the calendar alone.
export function addDays(value, n) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// "lun. 07/12" for the civil date "2026-12-07" (a site's day as the API names it), read as that
// date whatever the browser's zone.
export function civilDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale(), { timeZone: 'UTC', weekday: 'short', day: '2-digit', month: '2-digit' });
}
