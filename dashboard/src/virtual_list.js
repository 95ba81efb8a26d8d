// A scrolling list that only builds the rows in view (plus a margin), so 1,000 agents cost
// about forty rows of DOM. Rows have one fixed height; their elements are reused.
import { h } from './dom.js';

export class VirtualList {
  // RENDER(rowElement, item) fills a row; CREATE() builds an empty one.
  constructor({ rowHeight, create, render, className = '' }) {
    this.rowHeight = rowHeight;
    this.create = create;
    this.render = render;
    this.items = [];
    this.pool = [];
    this.spacer = h('div', { class: 'vl-spacer' });
    this.window = h('div', { class: 'vl-window' });
    this.el = h('div', { class: `vl ${className}` }, this.spacer, this.window);
    this.el.addEventListener('scroll', () => this.draw(), { passive: true });
    new ResizeObserver(() => this.draw()).observe(this.el);
  }

  setItems(items) {
    if (items.length !== this.items.length) {
      this.spacer.style.height = `${items.length * this.rowHeight}px`;
    }
    this.items = items;
    this.draw();
  }

  draw() {
    const margin = 8;
    const height = this.el.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.el.scrollTop / this.rowHeight) - margin);
    const last = Math.min(
      this.items.length,
      Math.ceil((this.el.scrollTop + height) / this.rowHeight) + margin,
    );
    const count = Math.max(0, last - first);
    while (this.pool.length < count) {
      const row = this.create();
      this.pool.push(row);
      this.window.append(row);
    }
    this.window.style.transform = `translateY(${first * this.rowHeight}px)`;
    for (let i = 0; i < this.pool.length; i++) {
      const row = this.pool[i];
      if (i < count) {
        row.hidden = false;
        this.render(row, this.items[first + i]);
      } else if (!row.hidden) {
        // A spare row keeps no identity: a hidden copy of a shown item would be found twice.
        row.hidden = true;
        for (const key of Object.keys(row.dataset)) delete row.dataset[key];
      }
    }
  }
}
