// What the Plateau page shows, read from its DOM, and its comparison with GET /api/v1/agents.
// The page's words are checked as a reader sees them (French labels, "1 h 45"), not through
// attributes the page could set wrongly beside its text.

const STATES = {
  logged_out: 'Déconnecté', available: 'Disponible', talking: 'En appel', hold: 'En attente',
  wrap_up: 'Post-appel', not_ready: 'Indisponible',
};
const REASONS = {
  break: 'pause', lunch: 'déjeuner', personal: 'personnel', training: 'formation',
  coaching: 'coaching', meeting: 'réunion', back_office: 'back-office',
  recovery: 'récupération', technical: 'technique', other: 'autre',
};
const NO_TEAM = 'Sans équipe';
const TOLERANCE_MS = 2000;
const MIN = 60000;
const HOUR = 60 * MIN;

// The page's cards and rows once the frame in progress has painted.
export async function readFloor(page) {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const text = (el) => (el ? el.textContent.trim() : null);
    return {
      teams: [...document.querySelectorAll('.team-card')].map((el) => ({
        team: el.dataset.team,
        name: text(el.querySelector('.team-name')),
        figures: [...el.querySelectorAll('.team-figures span')].map(text),
        occupancy: text(el.querySelector('.occupancy-text')),
      })),
      agents: [...document.querySelectorAll('.agent-row[data-agent]')].map((row) => ({
        agent: row.dataset.agent,
        cells: [...row.children].map(text),
        // Badges shown, and those a "+N" badge stands for.
        badges: [...row.querySelectorAll('.badge[data-criterion]')].map((b) => `${b.dataset.criterion}:${b.dataset.state}`)
          .concat(...[...row.querySelectorAll('.badge[data-more]')].map((b) => b.dataset.more.split(',')))
          .sort(),
      })),
    };
  });
}

// The span a duration's text stands for, [lo, hi) in ms, or null for "–".
export function parseDuration(text) {
  let m;
  if (text === '–') return null;
  if ((m = /^(\d+) s$/.exec(text))) return [m[1] * 1000, (Number(m[1]) + 1) * 1000];
  if ((m = /^(\d+) min$/.exec(text))) return [m[1] * MIN, (Number(m[1]) + 1) * MIN];
  if ((m = /^(\d+) h (\d\d)$/.exec(text))) {
    const lo = (m[1] * 60 + Number(m[2])) * MIN;
    return [lo, lo + MIN];
  }
  if ((m = /^(\d+) j(?: (\d+) h)?$/.exec(text))) {
    const lo = (m[1] * 24 + Number(m[2] || 0)) * HOUR;
    return [lo, lo + HOUR];
  }
  throw new Error(`"${text}" is no duration the page should write`);
}

// TEXT (a duration) agrees with a true value somewhere in [lo, hi], within the tolerance.
function durationAgrees(text, lo, hi) {
  const shown = parseDuration(text);
  if (shown === null) return false;
  return shown[0] <= hi + TOLERANCE_MS && shown[1] > lo - TOLERANCE_MS;
}

const percent = (r) => (r === null || r === undefined ? '–' : `${Math.round(r * 100)} %`);
const teamKey = (t) => JSON.stringify([t.logged_in, t.handling, t.available, t.occupancy]);
const agentKey = (a) => JSON.stringify([a.team, a.state, a.reason, a.since, a.work_minutes_today,
  a.pause_minutes_today, a.last_real_pause_end, (a.alerts || []).map((x) => `${x.id}:${x.state}`).sort()]);

// A figure counted to as_of that grows while ACTIVITY goes on, on the gateway's clock at AT.
const grown = (a, figure, activity, at) => a[figure] * MIN + (a.activity === activity && a.as_of ? Math.max(0, at - a.as_of) : 0);

// Compares SCREEN with the API read just BEFORE and just AFTER it. Whatever changed between the
// two reads is not compared (it moved while the page was read); everything else must match.
// Returns {differences:[...], compared:N, signature}.
export function compareFloor(screen, before, after) {
  const differences = [];
  let compared = 0;
  const beforeTeams = new Map(before.teams.map((t) => [t.team, t]));
  const shownTeams = new Map(screen.teams.map((t) => [t.team, t]));
  const apiTeams = new Set(after.teams.map((t) => t.team));
  for (const shown of screen.teams) {
    if (!apiTeams.has(shown.team) && !beforeTeams.has(shown.team)) differences.push(`card "${shown.name}" is no team of the API`);
  }
  for (const t of after.teams) {
    const b = beforeTeams.get(t.team);
    if (!b || teamKey(b) !== teamKey(t)) continue;
    const card = shownTeams.get(t.team);
    const name = t.team || NO_TEAM;
    if (!card) {
      differences.push(`team "${name}" has no card`);
      continue;
    }
    const want = [`${t.logged_in} connectés`, `${t.handling} en appel`, `${t.available} disponibles`];
    if (card.name !== name) differences.push(`card "${card.team}" is named "${card.name}"`);
    if (JSON.stringify(card.figures) !== JSON.stringify(want)) differences.push(`team ${name}: card ${card.figures.join(', ')}; API ${want.join(', ')}`);
    if (card.occupancy !== `Occupation ${percent(t.occupancy)}`) differences.push(`team ${name}: card "${card.occupancy}"; API occupancy ${percent(t.occupancy)}`);
    compared += 1;
  }

  const beforeAgents = new Map(before.agents.map((a) => [a.agent, a]));
  const rows = new Map(screen.agents.map((r) => [r.agent, r]));
  if (screen.agents.length !== after.agents.length && screen.agents.length !== before.agents.length) {
    differences.push(`${screen.agents.length} rows on screen, ${after.agents.length} agents in the API`);
  }
  for (const a of after.agents) {
    const b = beforeAgents.get(a.agent);
    if (!b || agentKey(b) !== agentKey(a)) continue;
    const row = rows.get(a.agent);
    if (!row) {
      differences.push(`agent ${a.agent} has no row`);
      continue;
    }
    const [name, team, state, inState, work, pause, lastPause] = row.cells;
    const who = `agent ${a.agent}`;
    const wantState = a.reason ? `${STATES[a.state]} (${REASONS[a.reason]})` : STATES[a.state];
    if (name !== (a.name || a.agent)) differences.push(`${who}: name "${name}"`);
    if (team !== (a.team || NO_TEAM)) differences.push(`${who}: team "${team}"; API "${a.team}"`);
    if (state !== wantState) differences.push(`${who}: state "${state}"; API "${wantState}"`);
    if (!a.since) {
      if (inState !== '–') differences.push(`${who}: "depuis" ${inState} with no state start in the API`);
    } else if (!durationAgrees(inState, before.at - a.since, after.at - a.since)) {
      differences.push(`${who}: "depuis" ${inState}; API ${Math.round((after.at - a.since) / 1000)} s`);
    }
    const [w0, w1] = [grown(b, 'work_minutes_today', 'work', before.at), grown(a, 'work_minutes_today', 'work', after.at)];
    if (!durationAgrees(work, Math.min(w0, w1), Math.max(w0, w1))) differences.push(`${who}: work today ${work}; API ${Math.round(w1 / 1000)} s`);
    const [p0, p1] = [grown(b, 'pause_minutes_today', 'pause', before.at), grown(a, 'pause_minutes_today', 'pause', after.at)];
    if (!durationAgrees(pause, Math.min(p0, p1), Math.max(p0, p1))) differences.push(`${who}: pause today ${pause}; API ${Math.round(p1 / 1000)} s`);
    if (a.activity === 'pause') {
      if (lastPause !== 'en pause') differences.push(`${who}: "${lastPause}" while in a pause`);
    } else if (a.last_real_pause_end === null || a.last_real_pause_end === undefined) {
      if (lastPause !== 'aucune') differences.push(`${who}: "${lastPause}" with no real pause yet`);
    } else if (!durationAgrees(lastPause, before.at - a.last_real_pause_end, after.at - a.last_real_pause_end)) {
      differences.push(`${who}: since real pause ${lastPause}; API ${Math.round((after.at - a.last_real_pause_end) / 1000)} s`);
    }
    const wantBadges = (a.alerts || []).map((x) => `${x.criterion}:${x.state}`).sort();
    if (JSON.stringify(row.badges) !== JSON.stringify(wantBadges)) differences.push(`${who}: badges ${row.badges.join(',') || 'none'}; API ${wantBadges.join(',') || 'none'}`);
    compared += 1;
  }
  const signature = JSON.stringify([screen.teams.map((t) => t.figures), screen.agents.map((r) => r.cells[2])]);
  return { differences, compared, signature };
}
