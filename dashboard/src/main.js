// The dashboard: login, then the pages, kept current by the live feed.
import './style.css';
import * as api from './api.js';
import { setSiteZone } from './clock.js';
import { clear, h } from './dom.js';
import { currentLang, setLang, t } from './i18n.js';
import * as live from './live.js';
import { forgetToken, saveRole, savedRole, saveToken, token } from './session.js';
import { reset } from './store.js';
import { alertesView } from './views/alertes.js';
import { auditView } from './views/audit.js';
import { conformiteView } from './views/conformite.js';
import { loginView } from './views/login.js';
import { isWall, wallView } from './views/mur.js';
import { noeudsView } from './views/noeuds.js';
import { plateauView } from './views/plateau.js';
import { representantsView } from './views/representants.js';

const PAGES = [
  { id: 'plateau', view: plateauView, roles: ['manager', 'auditor', 'admin'] },
  { id: 'alertes', view: alertesView, roles: ['manager', 'auditor', 'admin'] },
  { id: 'conformite', view: conformiteView, roles: ['manager', 'auditor', 'admin'] },
  { id: 'audit', view: auditView, roles: ['auditor', 'admin'] },
  { id: 'noeuds', view: noeudsView, roles: ['manager', 'auditor', 'admin'] },
  // The staff representatives see aggregates only: no live feed, no floor, no alert.
  { id: 'representants', view: representantsView, roles: ['cse', 'admin'] },
];

// The live feed carries agents: not for the staff representatives' role.
const hasLive = (role) => role !== 'cse';

const app = document.getElementById('app');
let who = null;
let gate = null; // the governance gate, read at start
let teardown = () => {};

// Per-agent monitoring off until the CSE, the DPIA and the staff information are recorded.
const perAgent = () => !gate || gate.complete !== false;

function governanceBanner() {
  if (perAgent()) return null;
  const missing = (gate.missing || []).map((k) => t(`governance.${k}`)).join(', ');
  return h('div', { class: 'governance-banner', role: 'alert' }, t('governance.banner', { missing }));
}

function pageFromHash() {
  // "#/alertes?alerte=ID" (the link in an alert sent to Alertmanager) opens the page.
  const id = location.hash.replace(/^#\/?/, '').split('?')[0];
  const allowed = PAGES.filter((p) => p.roles.includes(who.role));
  return allowed.find((p) => p.id === id) || allowed[0];
}

function layout() {
  setLang(currentLang());
  const liveStatus = hasLive(who.role) ? h('span', { class: 'live-status', 'data-live': 'connecting' }) : null;
  live.onStatus((s) => {
    if (!liveStatus) return;
    liveStatus.dataset.live = s;
    liveStatus.textContent = t(`live.${s}`);
  });
  const nav = h('nav', {}, ...PAGES.filter((p) => p.roles.includes(who.role)).map(
    (p) => h('a', { href: `#/${p.id}`, 'data-page': p.id }, t(`nav.${p.id}`))));
  const main = h('main', { id: 'page' });
  clear(app).append(
    h('header', {},
      h('h1', {}, t('app.title')),
      nav,
      h('div', { class: 'who' },
        ...[liveStatus].filter(Boolean),
        h('span', { class: 'user' }, `${who.name} (${t(`role.${who.role}`)})`),
        h('button', { type: 'button', class: 'lang', onclick: () => { setLang(currentLang() === 'fr' ? 'en' : 'fr'); layout(); } }, t('lang.switch')),
        h('button', { type: 'button', class: 'logout', onclick: logout }, t('logout')))),
    // append() writes null as the text "null": only a banner that exists.
    ...[governanceBanner()].filter(Boolean),
    main);
  show();
}

function show() {
  const page = pageFromHash();
  teardown();
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === page.id);
  const main = document.getElementById('page');
  main.dataset.page = page.id;
  teardown = page.view(main, { role: who.role, perAgent: perAgent() }) || (() => {});
}

function logout() {
  live.disconnect();
  forgetToken();
  who = null;
  teardown();
  teardown = () => {};
  reset();
  login();
}

function login() {
  setLang(currentLang());
  clear(app).append(
    h('header', {}, h('h1', {}, t('app.title')),
      h('button', { type: 'button', class: 'lang', onclick: () => { setLang(currentLang() === 'fr' ? 'en' : 'fr'); login(); } }, t('lang.switch'))),
    h('main', { id: 'page' }));
  loginView(document.getElementById('page'), (value, identity) => {
    saveToken(value);
    start(identity);
  });
}

async function start(identity, connected = false) {
  who = identity;
  saveRole(who.role);
  if (!hasLive(who.role)) live.disconnect();
  else if (!connected) live.connect(token());
  const health = await api.health();
  gate = health.governance;
  setSiteZone(health.site && health.site.timezone);
  if (isWall()) return wallView(app);
  layout();
}

window.addEventListener('hashchange', () => { if (who && !isWall()) show(); });

(async () => {
  if (!token()) return login();
  // The live feed starts at once, beside the identity check: the first rows come sooner
  // (not for a role that has none: the staff representatives').
  const early = hasLive(savedRole());
  if (early) live.connect(token());
  try {
    await start(await api.whoami(), early);
  } catch (err) {
    // A wall screen keeps its token through a gateway restart: it tries again.
    if (isWall() && err.status !== 401 && err.status !== 403) {
      setTimeout(() => location.reload(), 5000);
      return;
    }
    live.disconnect();
    forgetToken();
    login();
  }
})();
