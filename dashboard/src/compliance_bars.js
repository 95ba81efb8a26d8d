// Compliance per criterion as horizontal bars, worst first, each coloured against its
// criterion's target and labelled in full. Plain elements, so long French titles wrap and
// the width follows the page. Criteria are sorted by their rate; agents never are.
import { criterionTitle } from './criteria_words.js';
import { h } from './dom.js';
import { percent } from './format.js';
import { label, t } from './i18n.js';

// The rate a criterion should reach is the référentiel's (the API's "target": the criterion's
// own, else by severity, docs/referentiel.md); these are the gateway's defaults, for a gateway
// that does not say.
export const TARGETS = { critical: 1.0, major: 0.95, minor: 0.9, info: 0.8 };
const NEAR = 0.05; // within 5 points below the target: amber, not red

export function targetOf(criterion) {
  if (typeof criterion.target === 'number') return criterion.target;
  return TARGETS[criterion.severity] ?? TARGETS.minor;
}

// 'ok' at or above the target, 'near' within NEAR below it, 'below' under that, 'none' unchecked.
export function standing(criterion) {
  const rate = criterion.compliance_rate;
  if (rate === null || rate === undefined) return 'none';
  const target = targetOf(criterion);
  if (rate >= target - 1e-9) return 'ok';
  return rate >= target - NEAR ? 'near' : 'below';
}

export function complianceBars(criteria) {
  const sorted = [...criteria].sort((a, b) => {
    const ra = a.compliance_rate ?? Infinity;
    const rb = b.compliance_rate ?? Infinity;
    return ra - rb || a.criterion.localeCompare(b.criterion);
  });
  return h('ol', { class: 'hbars', 'data-chart': 'rate' },
    ...sorted.map((c) => {
      const s = standing(c);
      const fill = h('span', { class: `hbar-fill ${s}` });
      fill.style.width = `${Math.round((c.compliance_rate ?? 0) * 1000) / 10}%`;
      const tick = h('span', { class: 'hbar-target', title: t('compliance.target', { pct: percent(targetOf(c)) }) });
      tick.style.left = `${targetOf(c) * 100}%`;
      return h('li', { class: `hbar ${s}`, 'data-criterion': c.criterion },
        h('span', { class: 'hbar-label' }, h('strong', {}, c.criterion), ' ', criterionTitle(c.criterion, c.title)),
        h('span', { class: 'hbar-track', role: 'img', 'aria-label': `${percent(c.compliance_rate)} / ${percent(targetOf(c))}` }, fill, tick),
        h('span', { class: 'hbar-value' }, s === 'none' ? t('compliance.not_checked') : percent(c.compliance_rate)),
        h('span', { class: 'hbar-standing' }, t(`compliance.standing.${s}`), ' · ',
          t('compliance.target', { pct: percent(targetOf(c)) }), ' · ', label('severity', c.severity)));
    }));
}

// The legend of the colours, in words.
export function barsLegend() {
  return h('p', { class: 'legend small' },
    ...['ok', 'near', 'below'].map((s) => h('span', { class: `legend-item ${s}` }, t(`compliance.standing.${s}`))),
    h('span', { class: 'legend-item target' }, t('compliance.target_legend')));
}
