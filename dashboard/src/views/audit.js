// Audit (auditors, and admins): download the audit pack of a period; see the latest
// checkpoint and its fingerprint. The evidence endpoints may not exist yet: 404 and 501 say so.
import * as api from '../api.js';
import { clear, h, offerDownload } from '../dom.js';
import { bytes, dateTime } from '../format.js';
import { t } from '../i18n.js';
import { periodPicker } from '../period.js';

const notYet = (err) => err.status === 404 || err.status === 501;

export function auditView(root, { role }) {
  if (role !== 'auditor' && role !== 'admin') {
    clear(root).append(h('h2', {}, t('audit.title')), h('p', { class: 'notice' }, t('audit.auditors_only')));
    return () => {};
  }
  const packStatus = h('p', { class: 'status', role: 'status', 'data-status': 'pack' });
  const checkpoint = h('div', { class: 'checkpoint', 'data-status': 'checkpoint' }, '…');
  let url = null;

  const picker = periodPicker(() => {}, 30, { apply: false });
  const download = h('button', { class: 'primary', type: 'button', onclick: fetchPack }, t('audit.download'));

  clear(root).append(
    h('h2', {}, t('audit.title')),
    h('section', {}, h('h3', {}, t('audit.pack')), h('p', { class: 'muted' }, t('audit.pack_help')), picker.el, download, packStatus),
    h('section', {}, h('h3', {}, t('audit.checkpoint')), checkpoint));

  async function fetchPack() {
    const { from, to } = picker.bounds();
    packStatus.textContent = t('audit.downloading');
    download.disabled = true;
    try {
      const { blob, name } = await api.auditPack(from, to);
      if (url) URL.revokeObjectURL(url);
      url = offerDownload(blob, name);
      packStatus.textContent = t('audit.downloaded', { name, size: bytes(blob.size) });
    } catch (err) {
      packStatus.textContent = notYet(err) ? t('audit.not_available') : t('error.generic', { msg: err.message });
    } finally {
      download.disabled = false;
    }
  }

  api.checkpoint().then(
    (cp) => clear(checkpoint).append(
      h('dl', {},
        h('dt', {}, t('audit.at')), h('dd', {}, dateTime(cp.at ?? cp.ts)),
        h('dt', {}, t('audit.fingerprint')), h('dd', { class: 'mono' }, cp.fingerprint ?? cp.root ?? '–'))),
    (err) => { checkpoint.textContent = notYet(err) ? t('audit.not_available') : t('error.generic', { msg: err.message }); },
  );
  return () => { if (url) URL.revokeObjectURL(url); };
}
