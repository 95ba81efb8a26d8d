// The live feed: GET /api/v1/live as a WebSocket. A browser cannot set Authorization on a
// WebSocket, so the token goes as the subprotocol pair "bearer, TOKEN"; the gateway answers
// "bearer". Reconnects with backoff; every (re)connection starts with a snapshot.
import { apply } from './store.js';

let socket = null;
let retry = 0;
let timer = null;
let wanted = false;
const statusListeners = new Set();
let status = 'connecting';

function setStatus(next) {
  status = next;
  for (const l of statusListeners) l(status);
}

export function onStatus(listener) {
  statusListeners.add(listener);
  listener(status);
  return () => statusListeners.delete(listener);
}

export function connect(token) {
  wanted = true;
  clearTimeout(timer);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
  setStatus('connecting');
  socket = new WebSocket(url, ['bearer', token]);
  socket.onopen = () => {
    retry = 0;
    setStatus('connected');
  };
  socket.onmessage = (event) => {
    try {
      apply(JSON.parse(event.data));
    } catch (e) {
      console.error('vigie: bad live message', e);
    }
  };
  socket.onclose = () => {
    socket = null;
    if (!wanted) return;
    setStatus('offline');
    const delay = Math.min(10000, 500 * 2 ** retry++);
    timer = setTimeout(() => connect(token), delay);
  };
}

export function disconnect() {
  wanted = false;
  clearTimeout(timer);
  if (socket) socket.close(1000);
  socket = null;
}

// A tab that slept may have missed messages: ask for a fresh snapshot when it wakes.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify({ type: 'snapshot' }));
  }
});
