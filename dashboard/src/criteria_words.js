// Each criterion's title in French and English. The English titles are the référentiel's own
// (gateway/referentiel/vigie-fr-default.yaml); the French ones say the same in the words of a
// French centre. A criterion not listed here (a site's own référentiel) keeps the title the
// gateway sends, or its code.
import { currentLang } from './i18n.js';

const TITLES = {
  'BRK-01': ['Une pause d’au moins 20 min consécutives dès 6 h de travail dans la journée', 'A pause of at least 20 consecutive minutes once daily work reaches 6 h'],
  'BRK-02': ['Pas de travail continu de plus de 3 h', 'No continuous work sequence over 3 h'],
  'BRK-03': ['Quota de pause : 10 min par 2 h de travail (15 min par 3 h en idcc2098-3h15)', 'Pause quota: 10 min per 2 h of work (15 min per 3 h under idcc2098-3h15)'],
  'BRK-04': ['Pause déjeuner d’au moins 45 min entre 11:00 et 15:00', 'Lunch break of at least 45 min inside 11:00-15:00'],
  'BRK-06': ['Travail sur écran et téléphone interrompu régulièrement', 'Screen and phone work interrupted regularly'],
  'LOAD-01': ['Occupation soutenable', 'Sustainable occupancy'],
  'LOAD-02': ['Appels enchaînés sans temps de respiration', 'Calls chained without breathing time'],
  'LOAD-04': ['Récupération après un appel difficile', 'Recovery after a difficult call'],
  'TIME-01': ['Travail quotidien de 10 h au plus', 'Daily work at most 10 h'],
  'TIME-02': ['Travail hebdomadaire de 48 h au plus', 'Weekly work at most 48 h'],
  'TIME-03': ['Moyenne sur 12 semaines consécutives de 44 h au plus', 'Average over 12 consecutive weeks at most 44 h'],
  'REST-01': ['Repos quotidien d’au moins 11 h consécutives', 'Daily rest of at least 11 consecutive hours'],
  'REST-02': ['Repos hebdomadaire d’au moins 35 h consécutives', 'Weekly rest of at least 35 consecutive hours'],
  'REST-03': ['Amplitude journalière de 13 h au plus', 'Daily amplitude at most 13 h'],
  'PLN-01': ['Planning publié au moins 7 jours à l’avance', 'Schedule published at least 7 days ahead'],
  'ENV-02': ['Bruit ambiant du plateau', 'Ambient noise of the plateau'],
  'ENV-03': ['Choc acoustique', 'Acoustic shock'],
  'SYS-01': ['Nœud perdu', 'Node lost'],
  'SYS-02': ['Données manquantes', 'Data gap'],
  'SYS-03': ['Nœud défaillant', 'Node misbehaving'],
};

// The title of criterion ID in the current language; FALLBACK is the gateway's title.
export function criterionTitle(id, fallback) {
  const titles = TITLES[id];
  if (titles) return currentLang() === 'en' ? titles[1] : titles[0];
  return fallback || id;
}
