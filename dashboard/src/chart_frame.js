// What every uPlot chart drawn by hand needs around it: a width that follows its figure's
// (redrawn on resize, 768 to 1920 px screens), a height from that width, and a tooltip that
// says in words what is under the pointer.
import { h } from './dom.js';

// Makes PLOT follow the width of BOX's parent; HEIGHT_FOR(width) gives the height that width
// needs. Returns what stops following.
export function followWidth(box, plot, heightFor) {
  const fit = () => {
    const width = Math.max(280, Math.floor(box.parentElement ? box.parentElement.clientWidth - 16 : 600));
    const height = heightFor(width);
    if (Math.abs(width - plot.width) > 2 || height !== plot.height) plot.setSize({ width, height });
  };
  const watcher = new ResizeObserver(fit);
  requestAnimationFrame(() => {
    fit();
    if (box.parentElement) watcher.observe(box.parentElement);
  });
  return () => watcher.disconnect();
}

// A tooltip inside BOX (which is positioned): show(text, x, y) near the pointer at (x, y) in
// the plot area's CSS pixels, kept inside the box; hide() when the pointer leaves.
export function tooltip(box) {
  const tip = h('div', { class: 'chart-tip', role: 'tooltip', hidden: true });
  box.append(tip);
  return {
    show(text, plot, x, y) {
      tip.textContent = text;
      tip.hidden = false;
      const over = plot.over;
      const left = over.offsetLeft + x + 14;
      const top = over.offsetTop + y + 14;
      const maxLeft = box.clientWidth - tip.offsetWidth - 4;
      tip.style.left = `${Math.max(4, Math.min(left, maxLeft))}px`;
      tip.style.top = `${top}px`;
    },
    hide() {
      tip.hidden = true;
    },
  };
}

// TEXT cut into lines no wider than WIDTH px in CTX's current font; the first word measured in
// FIRST_FONT (a bold code) when given. A word wider than the line gets a line of its own. A
// number stays with its unit ("48 h", "20 min", "95 %").
export function wrapText(ctx, text, width, firstFont) {
  const words = text.replace(/(\d) (?=(h|min|s|j|d|%)(\s|$|\)))/g, '$1\u00a0').split(/ +/).filter(Boolean);
  const font = ctx.font;
  const measure = (s, i) => {
    if (i === 0 && firstFont) {
      ctx.font = firstFont;
      const w = ctx.measureText(s).width;
      ctx.font = font;
      return w;
    }
    return ctx.measureText(s).width;
  };
  const lines = [];
  let line = '';
  let lineWidth = 0;
  const space = ctx.measureText(' ').width;
  words.forEach((word, i) => {
    const w = measure(word, i);
    if (line && lineWidth + space + w > width) {
      lines.push(line);
      line = word;
      lineWidth = w;
    } else {
      lineWidth += (line ? space : 0) + w;
      line = line ? `${line} ${word}` : word;
    }
  });
  if (line) lines.push(line);
  return lines;
}

// A 2-D context for measuring text before the chart exists.
export function measurer(font) {
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = font;
  return ctx;
}
