#include "report/criterion_guide.hpp"

#include <array>
#include <utility>

namespace vigie::report {
namespace {

struct Row {
  std::string_view id, title, requirement, auditor_asks;
};

// Summaries of ../shared/research/referentiel.md sec. 2 and 3, and of the référentiel's
// criteria (../shared/spec/referentiel.md).
constexpr std::array<Row, 15> kRows{{
    {"BRK-01", "Pause de 20 minutes consécutives dès 6 h de travail",
     "Dès que le temps de travail quotidien atteint 6 heures, le salarié bénéficie d'une pause "
     "d'au moins 20 minutes consécutives. Deux pauses de 15 minutes ne suffisent pas ; la preuve "
     "que la pause a été prise incombe à l'employeur.",
     "Les relevés de temps de travail et de pause de chaque journée, et comment l'organisation "
     "du planning garantit la pause de 20 minutes."},
    {"BRK-02", "Pas de séquence de travail continue de plus de 3 h",
     "Une séquence de travail effectif au téléphone ne dépasse pas 3 heures (centres d'appels "
     "prestataires).",
     "Les plannings de pauses et la preuve qu'aucune séquence continue ne dépasse 3 heures."},
    {"BRK-03", "Pauses de 10 min toutes les 2 h (ou 15 min toutes les 3 h)",
     "Une pause de 10 minutes toutes les 2 heures de travail effectif, ou de 15 minutes toutes "
     "les 3 heures selon le choix de l'entreprise ; les pauses ne se cumulent pas en fin de "
     "journée.",
     "Le mode retenu (2 h / 10 min ou 3 h / 15 min), les plannings et les pauses réellement "
     "prises."},
    {"BRK-04", "Pause déjeuner d'au moins 45 min entre 11 h et 15 h",
     "Une pause déjeuner d'au moins 45 minutes entre 11 h et 15 h.",
     "Les plannings de déjeuner et les pauses déjeuner réellement prises."},
    {"BRK-06", "Travail sur écran interrompu régulièrement",
     "Le travail sur écran est interrompu périodiquement par des pauses ou des changements "
     "d'activité ; la loi ne fixe pas de fréquence, c'est à l'établissement de la définir.",
     "La règle fixée par l'établissement et la preuve qu'elle est appliquée."},
    {"LOAD-02", "Appels enchaînés sans temps de respiration",
     "Bonne pratique : ne pas enchaîner les appels sans temps de respiration entre deux "
     "appels.",
     "Le réglage de la distribution des appels (temps entre deux appels, décroché "
     "automatique)."},
    {"LOAD-04", "Récupération après un appel difficile",
     "Bonne pratique : après un appel difficile ou agressif, le conseiller peut prendre un temps "
     "de récupération.",
     "La procédure de récupération après un appel difficile et son application."},
    {"TIME-01", "Au plus 10 h de travail par jour",
     "La durée quotidienne de travail effectif ne dépasse pas 10 heures (12 heures par accord ou "
     "autorisation).",
     "Le décompte des heures de chaque salarié, jour par jour."},
    {"TIME-02", "Au plus 48 h de travail par semaine",
     "La durée hebdomadaire de travail ne dépasse pas 48 heures sur une même semaine.",
     "Le décompte hebdomadaire des heures."},
    {"TIME-03", "Au plus 44 h en moyenne sur 12 semaines",
     "La durée hebdomadaire moyenne sur 12 semaines consécutives ne dépasse pas 44 heures.",
     "Le décompte des heures sur 12 semaines glissantes."},
    {"REST-01", "Repos quotidien d'au moins 11 h consécutives",
     "Chaque salarié bénéficie d'un repos quotidien d'au moins 11 heures consécutives.",
     "Les heures de fin et de reprise de travail d'un jour sur l'autre."},
    {"REST-02", "Repos hebdomadaire d'au moins 35 h consécutives",
     "Le repos hebdomadaire est d'au moins 35 heures consécutives (24 h + 11 h), six jours "
     "travaillés au plus par semaine.",
     "Les plannings hebdomadaires et les jours de repos réellement pris."},
    {"REST-03", "Amplitude de la journée d'au plus 13 h",
     "L'amplitude de la journée (du début à la fin du travail) ne dépasse pas 13 heures, "
     "conséquence du repos quotidien de 11 heures.",
     "Les heures de début et de fin de chaque journée."},
    {"PLN-01", "Planning publié au moins 7 jours à l'avance",
     "Le planning est communiqué au moins 7 jours à l'avance, sauf accord prévoyant un autre "
     "délai.",
     "Les dates de publication des plannings et les changements de dernière minute."},
    {"ENV-03", "Chocs acoustiques",
     "Tout choc acoustique est traité comme un incident (procédure d'accident du travail).",
     "Le registre des incidents acoustiques et les suites données."},
}};

}  // namespace

std::optional<CriterionGuide> criterion_guide(std::string_view id) {
  for (const auto& r : kRows)
    if (r.id == id)
      return CriterionGuide{std::string(r.title), std::string(r.requirement),
                            std::string(r.auditor_asks)};
  return std::nullopt;
}

}  // namespace vigie::report
