// The gateway's clock as the page knows it. Every snapshot and every live update carries the
// gateway's "at"; between messages it advances with the browser's monotonic clock. Durations
// on screen ("depuis", work today...) are measured with it, never with the browser's date,
// which may be wrong or set elsewhere.
let offset = null; // the gateway's ms minus performance.now(), at the last message

export function noteGatewayTime(at) {
  if (typeof at !== 'number' || !Number.isFinite(at) || at <= 0) return;
  offset = at - performance.now();
}

// The gateway's "now" in ms since the epoch, or null before the first message told it.
export function gatewayNow() {
  return offset === null ? null : Math.round(performance.now() + offset);
}

export function forgetGatewayTime() {
  offset = null;
}

// The site's IANA time zone ("Europe/Paris"), from /healthz: every time and date on screen is
// the centre's, so a manager abroad or a browser set to UTC sees the hours the agents work.
// Until the gateway says, and for a zone this browser does not know, the browser's own.
let zone;

export function setSiteZone(name) {
  zone = undefined;
  if (typeof name !== 'string' || !name) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    zone = name;
  } catch {
    console.error(`vigie: unknown time zone ${name}; times shown in the browser's`);
  }
}

// The zone to give Intl (undefined: the browser's).
export function siteZone() {
  return zone;
}
