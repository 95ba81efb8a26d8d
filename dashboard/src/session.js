// The token lives in sessionStorage: it goes with the tab, never into a cookie or a URL.
const KEY = 'vigie.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function saveToken(value) {
  sessionStorage.setItem(KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}
