// The token lives in sessionStorage: it goes with the tab, never into a cookie or a URL.
const KEY = 'vigie.token';
// The role the token had at login: a reload knows, before asking, whether to open the live feed.
const ROLE = 'vigie.role';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function saveToken(value) {
  sessionStorage.setItem(KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(ROLE);
}

export function savedRole() {
  return sessionStorage.getItem(ROLE);
}

export function saveRole(value) {
  sessionStorage.setItem(ROLE, value);
}
