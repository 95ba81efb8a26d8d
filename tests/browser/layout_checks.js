// Every page at 768 (a tablet), 1366 (a laptop) and 1920 px (a 1080p wall screen), manager,
// auditor and staff representatives (cse: the Représentants page), French and English, and
// for the manager the agent's day dialog and the wall screen: a screenshot of each (kept in
// the artifacts), and a failure on text cut off or overflowing its cell, a page wider than
// the screen, overlapping labels or controls (the timeline's hours, the labels of the uPlot
// charts, on their axes or drawn by the bars' hook), a chart without its legend, or "null",
// "undefined" or "NaN" in the text or in a tooltip.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { login, openBrowser } from './lib/browser.js';
import { expect } from './lib/checks.js';

const WIDTHS = [768, 1366, 1920];
const PAGES = ['plateau', 'alertes', 'conformite', 'noeuds', 'audit', 'representants'];

// Runs in the page: what is wrong with its layout, in words.
function layoutProblems() {
  const problems = [];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent || '').trim().slice(0, 40)}"`;
  // Inside a box that scrolls on purpose (the day grid, the agents' list), width is the box's.
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };

  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
  }
  const text = document.body.innerText;
  const bad = /\b(null|undefined|NaN)\b/.exec(text);
  if (bad) problems.push(`the text "${bad[1]}" on the page: …${text.slice(Math.max(0, bad.index - 40), bad.index + 20).replace(/\s+/g, ' ')}…`);
  // What a pointer or a screen reader shows: tooltips and labels.
  for (const el of document.querySelectorAll('[title], [aria-label], input[value]')) {
    for (const attr of ['title', 'aria-label', 'value']) {
      const v = el.getAttribute(attr);
      if (v && /\b(null|undefined|NaN)\b/.test(v)) problems.push(`${name(el)} has ${attr} "${v.slice(0, 80)}"`);
    }
  }
  // A uPlot chart draws its axis labels on a canvas: none may touch the next.
  for (const box of document.querySelectorAll('[data-chart]')) {
    const u = box.uplot;
    if (!u) {
      problems.push(`a ${box.dataset.chart} chart without its uPlot instance`);
      continue;
    }
    const ctx = document.createElement('canvas').getContext('2d');
    for (const axis of u.axes) {
      if (!axis.show || !axis._values || !axis._splits) continue;
      ctx.font = axis.font[0];
      const vertical = axis.side % 2 === 1;
      const spans = axis._splits.map((s, i) => {
        const at = u.valToPos(s, axis.scale);
        const half = vertical ? axis.font[1] / 2 : ctx.measureText(String(axis._values[i] ?? '')).width / 2;
        return [at - half, at + half, axis._values[i]];
      }).filter((sp) => sp[2] !== '' && sp[2] !== null).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) {
        if (spans[i][0] < spans[i - 1][1] + 2) problems.push(`the ${box.dataset.chart} chart's labels "${spans[i - 1][2]}" and "${spans[i][2]}" overlap`);
      }
      // In the canvas (the plot's offset added), from its first pixel to its last.
      const offset = (vertical ? u.bbox.top : u.bbox.left) / devicePixelRatio;
      const room = vertical ? u.height : u.width;
      if (spans.length && (offset + spans[0][0] < -1 || offset + spans.at(-1)[1] > room + 1)) problems.push(`a ${box.dataset.chart} chart's label ("${spans[0][2]}" or "${spans.at(-1)[2]}") is cut at the canvas's edge`);
      if (vertical) {
        const widest = Math.max(...axis._values.map((v) => ctx.measureText(String(v ?? '')).width));
        if (widest > axis._size - axis.gap) problems.push(`the ${box.dataset.chart} chart's labels (${Math.round(widest)} px) are wider than their axis (${axis._size} px)`);
      }
    }
    // Labels the chart draws itself (the bars' titles): inside the canvas, left of the plot,
    // each below the last.
    const labels = box.labels || [];
    const height = u.height;
    labels.forEach((l, i) => {
      if (l.left < 0 || l.right > box.plotLeft - 2 || l.top < 0 || l.bottom > height) problems.push(`the ${box.dataset.chart} chart's label "${l.lines.join(' ').slice(0, 40)}" is cut (${Math.round(l.left)}-${Math.round(l.right)} x ${Math.round(l.top)}-${Math.round(l.bottom)}, plot from ${Math.round(box.plotLeft)} px)`);
      if (i > 0 && l.top < labels[i - 1].bottom - 0.5) problems.push(`the ${box.dataset.chart} chart's labels "${labels[i - 1].lines[0]}" and "${l.lines[0]}" overlap`);
    });
    if (box.getBoundingClientRect().right > window.innerWidth + 1) problems.push(`the ${box.dataset.chart} chart is wider than the window`);
    const figure = box.closest('figure');
    if (box.dataset.chart !== 'trend' && (!figure || !figure.querySelector('.legend .legend-item'))) problems.push(`the ${box.dataset.chart} chart has no legend`);
  }

  const cells = document.querySelectorAll('header *, .team-card *, .agent-row > span, .badge, td, th, button, label, select, .chart-tip, figcaption, h2, h3, .legend-item, dd, dt');
  for (const el of cells) {
    if (!visible(el)) continue;
    if (el.tagName !== 'SELECT' && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto') {
      problems.push(`text overflows ${name(el)} (${el.scrollWidth} > ${el.clientWidth} px)`);
    }
    const r = el.getBoundingClientRect();
    if (!inScroller(el) && r.right > window.innerWidth + 1) problems.push(`${name(el)} is cut off at the right edge (${Math.round(r.right)} px)`);
  }

  // Siblings laid out side by side must not overlap.
  const rows = document.querySelectorAll('header, nav, .who, .toolbar, .period, .team-figures, .actions, .legend, .team-alerts, .agent-head, .tl-axis, .tl-figures, .agent-day-head, .u-legend tr');
  for (const row of rows) {
    const kids = [...row.children].filter(visible);
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const a = kids[i].getBoundingClientRect();
        const b = kids[j].getBoundingClientRect();
        const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        if (overlap) problems.push(`${name(kids[i])} overlaps ${name(kids[j])}`);
      }
    }
  }
  return [...new Set(problems)];
}

export async function layoutChecks(checks, { base, tokens, artifacts }) {
  const dir = join(artifacts, 'layout');
  mkdirSync(dir, { recursive: true });
  const browser = await openBrowser();
  try {
    for (const role of ['manager', 'auditor', 'cse']) {
      for (const lang of ['fr', 'en']) {
        const page = await browser.newPage();
        await page.setViewportSize({ width: 1366, height: 900 });
        await page.addInitScript((l) => localStorage.setItem('vigie.lang', l), lang);
        await login(page, base, tokens[role]);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          await checks.check(`layout ${role} ${lang} ${width} px: no cut text, overlap, nor null`, async () => {
            const found = [];
            for (const name of PAGES) {
              const link = page.locator(`nav a[data-page=${name}]`);
              if (!(await link.count())) continue; // a page this role does not have
              await link.click();
              await page.waitForSelector(`main[data-page=${name}]`);
              await page.waitForTimeout(name === 'plateau' ? 600 : 900); // the page's data and a frame
              await page.screenshot({ path: join(dir, `${role}-${lang}-${width}-${name}.png`), fullPage: true });
              for (const p of await page.evaluate(layoutProblems)) found.push(`${name}: ${p}`);
            }
            if (role === 'manager') {
              // The agent's day over the Plateau: its hours, bands and figures at this width.
              await page.click('nav a[data-page=plateau]');
              await page.locator('.agent-row[data-agent]').first().click();
              await page.waitForSelector('dialog.agent-day .tl-tick');
              await page.screenshot({ path: join(dir, `${role}-${lang}-${width}-agent-day.png`) });
              for (const p of await page.evaluate(layoutProblems)) found.push(`agent day: ${p}`);
              await page.click('dialog.agent-day button.close');
              // The wall screen (?mur=1), then back to the pages.
              await page.goto(`${base}/?mur=1`);
              await page.waitForSelector('.wall .team-card');
              await page.waitForTimeout(600);
              await page.screenshot({ path: join(dir, `${role}-${lang}-${width}-mur.png`), fullPage: true });
              for (const p of await page.evaluate(layoutProblems)) found.push(`mur: ${p}`);
              await page.goto(`${base}/#/plateau`);
              await page.waitForSelector('nav a[data-page=plateau]');
            }
            expect(found.length === 0, `${found.length} problem(s): ${found.slice(0, 5).join('; ')}`);
          });
        }
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
}
