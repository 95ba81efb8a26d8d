// Where a criterion stands against its target, and the colour that says it: one owner for the
// rule and the colours the rate bars, their legend and the figures table all use. Criteria
// are sorted by their rate; agents never are.
import { percent } from './format.js';
import { t } from './i18n.js';

// The rate a criterion should reach is the référentiel's (the API's "target": the criterion's
// own, else by severity, docs/referentiel.md); these are the gateway's defaults, for a gateway
// that does not say.
export const TARGETS = { critical: 1.0, major: 0.95, minor: 0.9, info: 0.8 };
const NEAR = 0.05; // within 5 points below the target: amber, not red

// The colour of each standing, on the canvas and in the legend.
export const STANDING_COLOURS = { ok: '#16a34a', near: '#d97706', below: '#dc2626', none: '#9ca3af' };
export const TARGET_COLOUR = '#111827';

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

// Lowest rate first, unchecked criteria last, ties by code.
export function sortedByRate(criteria) {
  return [...criteria].sort((a, b) => {
    const ra = a.compliance_rate ?? Infinity;
    const rb = b.compliance_rate ?? Infinity;
    return ra - rb || a.criterion.localeCompare(b.criterion);
  });
}

// "49 %" or "non évalué", and "Objectif 95 %": a criterion's figures in words.
export const rateText = (c) => (standing(c) === 'none' ? t('compliance.not_checked') : percent(c.compliance_rate));
export const targetText = (c) => t('compliance.target', { pct: percent(targetOf(c)) });
