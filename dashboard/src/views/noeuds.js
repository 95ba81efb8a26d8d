// Nœuds: each node's state, last event and sequence gaps.
import * as api from '../api.js';
import { clear, h } from '../dom.js';
import { dateTime } from '../format.js';
import { label, t } from '../i18n.js';
import { subscribe } from '../store.js';

export function noeudsView(root) {
  const fetched = new Map();
  let live = new Map();
  const body = h('tbody');
  const status = h('p', { class: 'status', role: 'status' });
  const none = h('p', { class: 'muted', hidden: true }, t('nodes.none'));
  clear(root).append(h('h2', {}, t('nodes.title')), status,
    h('table', { class: 'nodes-table' },
      h('thead', {}, h('tr', {}, ...['node', 'kind', 'state', 'last_event', 'last_seen', 'gaps'].map((k) => h('th', {}, t(`nodes.col.${k}`))))),
      body),
    none);

  function render() {
    const all = new Map([...fetched, ...live]);
    const nodes = [...all.values()].sort((a, b) => a.node.localeCompare(b.node));
    clear(body).append(...nodes.map((n) => h('tr', { class: `node ${n.state}`, 'data-node': n.node },
      h('td', {}, n.node),
      h('td', {}, n.kind || ''),
      h('td', {}, h('span', { class: `badge node-${n.state}` }, label('nodestate', n.state))),
      h('td', {}, dateTime(n.last_event_at)),
      h('td', {}, dateTime(n.last_seen_at)),
      h('td', {}, t('nodes.gaps', { open: n.gaps_open ?? 0, total: n.gaps_total ?? 0 }),
        (n.gaps || []).length ? h('ul', { class: 'gaps' }, ...n.gaps.map((g) => h('li', {}, `${g.first_seq}–${g.last_seq} ${g.state}`))) : null))));
    none.hidden = nodes.length > 0;
  }

  api.nodes().then((list) => {
    for (const n of list) fetched.set(n.node, n);
    render();
  }, (err) => { status.textContent = t('error.generic', { msg: err.message }); });
  const off = subscribe((state) => {
    live = state.nodes;
    render();
  });
  return off;
}
