// The group's page: every site first (compliance per criterion, open alerts, data
// completeness, shipping lag), then one site (#site=ID): its teams, open alerts, agents'
// days by pseudonym and its latest signed checkpoint. The token comes from the login form or
// the page's #token= (never sent to the server but as a header), kept for the tab only.
(function () {
  'use strict';
  const DAY = 86400000;
  const main = document.getElementById('group');

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }
  function hashParams() {
    return new URLSearchParams(location.hash.replace(/^#/, ''));
  }
  function token() {
    const fromHash = hashParams().get('token');
    if (fromHash) {
      sessionStorage.setItem('vigie-group-token', fromHash);
      const p = hashParams();
      p.delete('token');
      history.replaceState(null, '', '#' + p.toString());
    }
    return sessionStorage.getItem('vigie-group-token');
  }
  function period() {
    const to = Date.now() + DAY;
    return { from: to - 31 * DAY, to };
  }
  async function get(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
    if (res.status === 401) {
      sessionStorage.removeItem('vigie-group-token');
      throw new Error('jeton refusé');
    }
    const body = await res.json();
    if (!res.ok) throw new Error(body.message || res.statusText);
    return body;
  }
  function percent(v) {
    return v === null || v === undefined ? '—' : (100 * v).toFixed(1) + ' %';
  }
  function when(ms) {
    return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';
  }
  function compliance(c) {
    return el('td', { class: c.compliance !== null && c.compliance < 1 ? 'bad' : 'ok' }, percent(c.compliance));
  }

  function login(message) {
    main.replaceChildren(
      el('p', { class: 'note' }, message || 'Jeton d\u2019accès au serveur de groupe :'),
      el('form', { class: 'login', id: 'login' }, el('input', { type: 'password', id: 'token' }), el('button', {}, 'Entrer'))
    );
    document.getElementById('login').addEventListener('submit', (e) => {
      e.preventDefault();
      sessionStorage.setItem('vigie-group-token', document.getElementById('token').value);
      route();
    });
  }

  async function sitesView() {
    const p = period();
    const data = await get(`/api/v1/group/sites?from=${p.from}&to=${p.to}`);
    const criteria = [...new Set(data.sites.flatMap((s) => s.criteria.map((c) => c.criterion)))].sort();
    const head = el('tr', {}, el('th', {}, 'site'), el('th', {}, 'alertes ouvertes'), el('th', {}, 'trous ouverts'),
      el('th', {}, 'trous perdus'), el('th', {}, 'nœuds'), el('th', {}, 'en attente d\u2019envoi'), el('th', {}, 'dernier envoi'),
      ...criteria.map((c) => el('th', {}, c)));
    const rows = data.sites.map((s) => {
      const byCriterion = Object.fromEntries(s.criteria.map((c) => [c.criterion, c]));
      return el('tr', { 'data-site': s.site },
        el('td', {}, el('a', { href: '#site=' + encodeURIComponent(s.site) }, s.site)),
        el('td', {}, s.open_alerts), el('td', {}, s.completeness.open_gaps), el('td', {}, s.completeness.lost_gaps),
        el('td', {}, s.completeness.nodes), el('td', {}, s.outbox.depth), el('td', {}, when(s.last_batch_at)),
        ...criteria.map((c) => (byCriterion[c] ? compliance(byCriterion[c]) : el('td', {}, '—'))));
    });
    main.replaceChildren(
      el('h2', {}, 'Sites'),
      el('p', { class: 'note' }, 'Conformité par critère sur 31 jours (jours-agent tenus sur jours-agent jugés).'),
      el('table', { id: 'sites' }, head, ...rows)
    );
  }

  async function siteView(site) {
    const p = period();
    const s = await get(`/api/v1/group/sites/${encodeURIComponent(site)}?from=${p.from}&to=${p.to}`);
    const criteria = el('table', { id: 'criteria' },
      el('tr', {}, el('th', {}, 'critère'), el('th', {}, 'jours-agent'), el('th', {}, 'manquements'),
        el('th', {}, 'justifiés'), el('th', {}, 'sans données'), el('th', {}, 'alertes'), el('th', {}, 'conformité')),
      ...s.criteria.map((c) => el('tr', {}, el('td', {}, c.criterion), el('td', {}, c.agent_days), el('td', {}, c.breached),
        el('td', {}, c.justified), el('td', {}, c.no_data), el('td', {}, c.alerts_fired), compliance(c))));
    const teams = el('table', { id: 'teams' },
      el('tr', {}, el('th', {}, 'équipe'), el('th', {}, 'alertes ouvertes'), el('th', {}, 'alertes de la période')),
      ...s.teams.map((t) => el('tr', { 'data-team': t.team }, el('td', {}, t.team), el('td', {}, t.open_alerts), el('td', {}, t.alerts))));
    const alerts = el('table', { id: 'alerts' },
      el('tr', {}, el('th', {}, 'critère'), el('th', {}, 'sujet'), el('th', {}, 'état'), el('th', {}, 'depuis')),
      ...s.alerts.map((a) => el('tr', {}, el('td', {}, a.criterion), el('td', {}, Object.values(a.subject || {})[0] || ''),
        el('td', {}, a.state), el('td', {}, when(a.started_at)))));
    const days = el('table', { id: 'agent-days' },
      el('tr', {}, el('th', {}, 'agent (pseudonyme)'), el('th', {}, 'jour'), el('th', {}, 'travail (min)'),
        el('th', {}, 'pause (min)'), el('th', {}, 'manquements')),
      ...(s.agent_days || []).map((d) => el('tr', { 'data-agent': d.agent }, el('td', {}, d.agent), el('td', {}, d.day),
        el('td', {}, Math.round(d.work_ms / 60000)), el('td', {}, Math.round(d.pause_ms / 60000)),
        el('td', {}, Object.entries(d.criteria).filter(([, v]) => v === 'breached').map(([k]) => k).join(' ')))));
    main.replaceChildren(
      el('p', {}, el('a', { href: '#', id: 'back' }, '← tous les sites')),
      el('h2', { id: 'site', 'data-site': s.site }, s.site),
      el('p', { class: 'note' }, `Passerelle ${s.gateway_id} · ${s.outbox.depth} faits en attente · dernier envoi ${when(s.last_batch_at)}`),
      el('h3', {}, 'Critères'), criteria,
      el('h3', {}, 'Équipes'), teams,
      el('h3', {}, 'Alertes ouvertes'), alerts,
      el('h3', {}, 'Jours des agents'), days,
      el('h3', {}, 'Dernier point de contrôle signé'),
      el('pre', { class: 'checkpoint' }, s.checkpoint ? s.checkpoint.note : 'aucun'));
  }

  async function route() {
    if (!token()) return login();
    try {
      const who = await get('/api/v1/whoami');
      document.getElementById('who').textContent = `${who.name} (${who.role})`;
      const site = hashParams().get('site');
      if (site) await siteView(site);
      else await sitesView();
      main.setAttribute('data-ready', 'yes');
    } catch (e) {
      login('Erreur : ' + e.message);
    }
  }
  window.addEventListener('hashchange', route);
  route();
})();
