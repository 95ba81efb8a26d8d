// "Rapport d'auto-évaluation": downloads the French self-assessment report of the period a
// picker shows (Conformité, Représentants). Every role may have it: it names no agent.
import * as api from './api.js';
import { h, offerDownload } from './dom.js';
import { t } from './i18n.js';

export function reportButton(picker) {
  const status = h('span', { class: 'status', role: 'status', 'data-status': 'report' });
  let url = null;
  const button = h('button', { type: 'button', class: 'report', onclick: fetchReport }, t('report.download'));
  async function fetchReport() {
    const { from, last } = picker.bounds();
    button.disabled = true;
    status.textContent = t('report.preparing');
    try {
      const { blob, name } = await api.selfAssessment(from, last);
      if (url) URL.revokeObjectURL(url);
      url = offerDownload(blob, name);
      status.textContent = t('report.done', { name });
    } catch (err) {
      status.textContent = t('error.generic', { msg: err.message });
    } finally {
      button.disabled = false;
    }
  }
  const el = h('p', { class: 'report-line' }, button, ' ', status);
  return { el, dispose: () => { if (url) URL.revokeObjectURL(url); } };
}
