// An agent's day as a timeline, against the known capture the gateway stage feeds
// (lib/floor_feed.js): agent 4013 worked from T-120 min, paused T-60..T-35 min, then worked;
// agent 4012's BRK-01 fired. The API's bands at those exact times, bad input refused, and the
// dialog's bands drawn where their minutes are.
import { join } from 'node:path';
import { apiClient } from './lib/api.js';
import { login, openBrowser } from './lib/browser.js';
import { expect } from './lib/checks.js';

const MIN = 60000;

// The site's day before DAY (the gateway's default zone), joined to it: bands that meet at
// midnight with the same activity become one, the pause time adds up.
async function joinedWithDayBefore(client, day) {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(day.from - 1));
  const res = await client.get(`/api/v1/agents/${day.agent}/day?date=${date}`);
  expect(res.status === 200, `the day before (${date}) answered ${res.status}: ${res.text.slice(0, 200)}`);
  const before = res.json;
  expect(before.until === day.from, `the day before ends at ${before.until}, today starts at ${day.from}`);
  const bands = [...before.bands.map((b) => ({ ...b }))];
  for (const b of day.bands) {
    const last = bands.at(-1);
    if (last && last.end === b.start && last.activity === b.activity) last.end = b.end;
    else bands.push({ ...b });
  }
  return { ...day, from: before.from, bands, pause_ms: before.pause_ms + day.pause_ms };
}

export async function dayChecks(checks, { base, tokens, artifacts, feed }) {
  const manager = apiClient(base, tokens.manager);
  const T = feed.startedAt;

  await checks.check("GET /api/v1/agents/{id}/day: the known day's bands at their minutes", async () => {
    const res = await manager.get('/api/v1/agents/4013/day');
    expect(res.status === 200, `answered ${res.status}: ${res.text.slice(0, 200)}`);
    // Run within two hours after the site's midnight, the known pattern began yesterday: the
    // two days, joined at midnight, must then show it.
    const day = res.json.from > T - 120 * MIN ? await joinedWithDayBefore(manager, res.json) : res.json;
    const within = (t) => Math.min(day.until, Math.max(day.from, t));
    const pause = day.bands.find((b) => b.activity === 'pause');
    expect(pause && pause.start === within(T - 60 * MIN) && pause.end === within(T - 35 * MIN),
      `pause band ${JSON.stringify(pause)}, expected ${within(T - 60 * MIN)}..${within(T - 35 * MIN)}`);
    const work = day.bands.find((b) => b.activity === 'work');
    expect(work && work.start === within(T - 120 * MIN) && work.end === within(T - 60 * MIN), `first work band ${JSON.stringify(work)}`);
    expect(day.pause_ms === within(T - 35 * MIN) - within(T - 60 * MIN), `pause_ms ${day.pause_ms}`);
    for (let i = 1; i < day.bands.length; i++) expect(day.bands[i].start === day.bands[i - 1].end, 'the bands leave a hole');
    expect(day.bands[0].start === day.from && day.bands.at(-1).end === day.until, 'the bands do not cover the day up to now');
    const d4012 = (await manager.get('/api/v1/agents/4012/day')).json;
    expect(d4012.alerts.some((a) => a.criterion === 'BRK-01' && a.fired_at), `4012's day lists no fired BRK-01: ${JSON.stringify(d4012.alerts)}`);
    return `${day.bands.length} bands, pause ${day.pause_ms / MIN} min`;
  });

  await checks.check('an agent day with bad input: 400 or 404 in words, 403 to auditors', async () => {
    for (const [path, status, words] of [
      ['/api/v1/agents/4013/day?date=2026-13-01', 400, "'date' must be a civil date"],
      ['/api/v1/agents/4013/day?date=1796630400000', 400, "'date' must be a civil date"],
      ['/api/v1/agents/4013/day?day=2026-12-07', 400, 'an unknown query parameter'],
      ['/api/v1/agents/nobody/day', 404, 'no agent with this id'],
    ]) {
      const res = await manager.get(path);
      expect(res.status === status && res.json && res.json.message.includes(words), `${path}: ${res.status} ${res.text.slice(0, 160)}`);
    }
    const auditor = await apiClient(base, tokens.auditor).get('/api/v1/agents/4013/day');
    expect(auditor.status === 403, `an auditor got ${auditor.status}`);
    const health = await fetch(`${base}/healthz`);
    expect(health.status === 200, 'the gateway stopped answering');
  });

  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    await checks.check("the agent's day dialog draws each band and alert at its minutes", async () => {
      await login(page, base, tokens.manager);
      const api = (await manager.get('/api/v1/agents/4013/day')).json;
      await page.locator('.agent-row[data-agent="4013"]').click();
      await page.waitForSelector('dialog.agent-day .tl-band');
      const drawn = await page.evaluate(() => {
        const tl = document.querySelector('dialog.agent-day .timeline');
        const track = tl.querySelector('.tl-track').getBoundingClientRect();
        return {
          lo: Number(tl.dataset.lo), hi: Number(tl.dataset.hi), width: track.width,
          bands: [...tl.querySelectorAll('.tl-band')].map((b) => {
            const r = b.getBoundingClientRect();
            return { activity: b.dataset.activity, start: Number(b.dataset.start), end: Number(b.dataset.end), left: r.left - track.left, w: r.width };
          }),
          figures: document.querySelector('dialog.agent-day .tl-figures').textContent,
        };
      });
      const shown = api.bands.filter((b) => b.end > drawn.lo && b.start < drawn.hi);
      expect(drawn.bands.length === api.bands.length, `${drawn.bands.length} bands drawn, ${api.bands.length} in the API`);
      for (const [i, b] of shown.entries()) {
        const d = drawn.bands.find((x) => x.start === Math.max(b.start, drawn.lo));
        expect(d && d.activity === b.activity, `band ${i} (${b.activity}) not drawn`);
        const px = (t) => ((t - drawn.lo) / (drawn.hi - drawn.lo)) * drawn.width;
        expect(Math.abs(d.left - px(Math.max(b.start, drawn.lo))) < 1.5 && Math.abs(d.left + d.w - px(Math.min(b.end, drawn.hi))) < 1.5,
          `band ${b.activity} drawn at ${d.left.toFixed(1)}+${d.w.toFixed(1)} px, its minutes say ${px(b.start).toFixed(1)}..${px(b.end).toFixed(1)}`);
      }
      // Today's figures as the API gives them (the whole known pause, counted once, unless
      // the site's midnight fell inside the pattern).
      const pauseWords = api.pause_ms >= MIN ? `Pause : ${Math.floor(api.pause_ms / MIN)} min (${api.pauses.length})` : `(${api.pauses.length})`;
      if (api.from <= T - 120 * MIN) expect(api.pauses.length === 1, `${api.pauses.length} pauses today, the feed made 1`);
      expect(drawn.figures.includes(pauseWords), `figures "${drawn.figures}", expected "${pauseWords}"`);
      await page.screenshot({ path: join(artifacts, 'agent-day-4013.png') });
      await page.click('dialog.agent-day button.close');
      await page.locator('.agent-row[data-agent="4012"]').click();
      await page.waitForSelector('dialog.agent-day .tl-mark[data-criterion="BRK-01"]');
      await page.screenshot({ path: join(artifacts, 'agent-day-4012.png') });
      return `${drawn.bands.length} bands; ${drawn.figures}`;
    });
  } finally {
    await browser.close();
  }
}
