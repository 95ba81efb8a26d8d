// Login: paste a token; it is checked with GET /api/v1/whoami before being kept.
import * as api from '../api.js';
import { clear, h } from '../dom.js';
import { t } from '../i18n.js';

export function loginView(root, onLogin) {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, 'aria-label': t('login.token') });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'login' },
    h('h2', {}, t('login.title')),
    h('p', {}, t('login.help')),
    h('label', {}, t('login.token'), input),
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
    error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    try {
      const who = await api.whoami(token);
      onLogin(token, who);
    } catch (err) {
      error.textContent = err.status === 401 ? t('login.invalid') : t('login.failed', { msg: err.message });
    }
  });
  clear(root).append(form);
  input.focus();
}
