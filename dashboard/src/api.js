// Calls to the gateway's HTTP API with the session's bearer token.
import { token } from './session.js';

export class ApiError extends Error {
  constructor(status, error, message) {
    super(message || error || `HTTP ${status}`);
    this.status = status;
    this.error = error;
  }
}

async function failure(res) {
  let body = {};
  try {
    body = await res.json();
  } catch {
    // Not JSON: keep the status alone.
  }
  return new ApiError(res.status, body.error, body.message);
}

export async function request(method, path, { body, tokenOverride } = {}) {
  const headers = { Authorization: `Bearer ${tokenOverride ?? token()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!res.ok) throw await failure(res);
  return res.json();
}

export const whoami = (candidate) => request('GET', '/api/v1/whoami', { tokenOverride: candidate });

export function alerts({ state = 'all', criterion, since, until } = {}) {
  const q = new URLSearchParams({ state });
  if (criterion) q.set('criterion', criterion);
  if (since !== undefined) q.set('since', String(since));
  if (until !== undefined) q.set('until', String(until));
  return request('GET', `/api/v1/alerts?${q}`);
}

export const acknowledge = (id, note) =>
  request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`, { body: { note } });

export const justify = (id, reason, note) =>
  request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/justify`, { body: { reason, note } });

export const compliance = (from, to) => request('GET', `/api/v1/compliance?from=${from}&to=${to}`);

export const nodes = () => request('GET', '/api/v1/nodes');

// Team- and site-level figures for the staff representatives (cse role, and admins).
export const cseOverview = (from, to) => request('GET', `/api/v1/cse/overview?from=${from}&to=${to}`);
// One agent's day as a timeline (DATE "2026-12-07", or today on the site's clock).
export const agentDay = (id, date) =>
  request('GET', `/api/v1/agents/${encodeURIComponent(id)}/day${date ? `?date=${date}` : ''}`);

// What /healthz tells a token holder (carried even while degraded; without a token it says
// the status alone): the governance gate {complete, missing: ["dpia_done", ...], mode} and the
// site {id, timezone}, each null when the gateway does not say.
export async function health() {
  try {
    const res = await fetch('/healthz', {
      headers: { Authorization: `Bearer ${token()}` },
      cache: 'no-store',
    });
    const body = await res.json();
    return { governance: body.governance || null, site: body.site || null };
  } catch {
    return { governance: null, site: null };
  }
}

export const checkpoint = () => request('GET', '/api/v1/audit/checkpoint');

// A download as a Blob and the file name the gateway suggests (else FALLBACK).
async function download(path, fallback) {
  const res = await fetch(path, {
    headers: { Authorization: `Bearer ${token()}` },
    cache: 'no-store',
  });
  if (!res.ok) throw await failure(res);
  const disposition = res.headers.get('Content-Disposition') || '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return { blob: await res.blob(), name: match ? match[1] : fallback };
}

// The audit pack of [from, to) in ms.
export const auditPack = (from, to) =>
  download(`/api/v1/audit/pack?from=${from}&to=${to}`, `vigie-audit-${from}-${to}.tar`);

// The self-assessment report (French HTML) of the civil days FROM..TO (YYYY-MM-DD, included).
export const selfAssessment = (from, to) =>
  download(`/api/v1/report/self-assessment?from=${from}&to=${to}`, `vigie-auto-evaluation-${from}-${to}.html`);
