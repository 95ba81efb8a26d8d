#include "report/self_assessment_html.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "domain/iso_time.hpp"
#include "domain/names.hpp"
#include "evidence/pack_report.hpp"
#include "report/criterion_guide.hpp"

namespace vigie::report {
namespace {

using evidence::html;

constexpr std::array<const char*, 7> kWeekdays{"lundi",    "mardi",  "mercredi", "jeudi",
                                               "vendredi", "samedi", "dimanche"};

std::string hours(std::int64_t ms) {
  const std::int64_t minutes = ms / 60000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld h %02lld", static_cast<long long>(minutes / 60),
                static_cast<long long>(minutes % 60));
  return buf;
}

std::string percent(const std::optional<double>& share) {
  if (!share) return "–";
  return std::to_string(static_cast<int>(std::lround(*share * 100))) + "&nbsp;%";
}

std::string trend_text(Trend t) {
  static constexpr const char* kTexts[] = {"en amélioration sur la période",
                                           "en recul sur la période", "stable sur la période",
                                           "pas assez de semaines pour dégager une tendance"};
  static_assert(names_every(kTexts, Trend::unknown));
  return name_of(kTexts, t, kTexts[3]);
}

std::string sources_text(const std::vector<std::string>& sources) {
  std::string out;
  for (std::size_t i = 0; i < sources.size(); ++i) out += (i ? " ; " : "") + html(sources[i]);
  return out.empty() ? "–" : out;
}

std::string situation_text(const Situation& s) {
  return "le " + std::string(kWeekdays[static_cast<std::size_t>(s.weekday)]) + " : " +
         std::to_string(s.breached) + " journée(s) manquée(s) sur " + std::to_string(s.days) +
         " ; ces jours-là, " + hours(s.mean_work_ms) +
         " de travail en moyenne, dont une séquence " + "sans pause de " +
         hours(s.mean_longest_work_ms) + " en moyenne";
}

// The criterion's French title where the guide has one, else the référentiel's.
std::string title_of(const CriterionFigures& f) {
  const auto guide = criterion_guide(f.id);
  return html(guide ? guide->title : f.title);
}

std::string article(const CriterionFigures& f) {
  const auto& c = f.counts;
  std::string out = "<article class=\"criterion\" data-criterion=\"" + html(f.id) +
                    "\" data-held=\"" + std::to_string(c.held) + "\" data-justified=\"" +
                    std::to_string(c.justified) + "\" data-breached=\"" +
                    std::to_string(c.breached) + "\" data-without-data=\"" +
                    std::to_string(c.no_data) + "\" data-trend=\"" + to_string(f.trend) + "\">\n";
  out += "<h3>" + html(f.id) + " — " + title_of(f) + "</h3>\n";
  out +=
      "<p class=\"share\"><strong>" + percent(c.held_share()) +
      "</strong> des journées-conseiller jugées respectent ce critère : " + std::to_string(c.held) +
      " respectée(s), " + std::to_string(c.justified) + " justifiée(s), " +
      std::to_string(c.breached) + " manquée(s), " + std::to_string(c.no_data) +
      " sans données. Tendance : " + trend_text(f.trend) + ".</p>\n";
  if (f.weeks.size() > 1) {
    out +=
        "<table class=\"weeks\"><tr><th>Semaine du</th><th>Part respectée</th>"
        "<th>Manquées</th></tr>\n";
    for (const auto& [monday, w] : f.weeks)
      out += "<tr><td>" + html(monday) + "</td><td>" + percent(w.held_share()) + "</td><td>" +
             std::to_string(w.breached) + "</td></tr>\n";
    out += "</table>\n";
  }
  out += "<h4>Où se produisent les manquements</h4>\n";
  if (f.situations.empty()) {
    out += "<p>Aucun manquement sur la période.</p>\n";
  } else {
    out += "<ol class=\"situations\">\n";
    for (const auto& s : f.situations) out += "<li>" + situation_text(s) + "</li>\n";
    out += "</ol>\n";
  }
  const auto guide = criterion_guide(f.id);
  out += "<h4>Ce que demande la règle</h4>\n<p>" +
         (guide ? html(guide->requirement) : html(f.title)) + "</p>\n";
  out += "<p class=\"sources\">Où c'est écrit : " + sources_text(f.sources) + "</p>\n";
  out += "<h4>Ce que l'auditeur demandera à voir</h4>\n<p>" +
         (guide ? html(guide->auditor_asks)
                : "Les enregistrements qui montrent que ce critère est suivi et respecté.") +
         "</p>\n</article>\n";
  return out;
}

std::string proof(const SelfAssessment& a) {
  if (!a.checkpoint)
    return "<section id=\"preuve\" data-verified=\"no\"><h2>D'où viennent ces chiffres</h2>\n"
           "<p>Le registre de preuves ne contient encore aucun point de contrôle signé : ces "
           "chiffres ne peuvent pas encore être prouvés.</p></section>\n";
  const auto& c = *a.checkpoint;
  std::string out = "<section id=\"preuve\" data-verified=\"" +
                    std::string(c.verified ? "yes" : "no") + "\" data-checkpoint-size=\"" +
                    std::to_string(c.size) + "\" data-checkpoint-root=\"" + html(c.root_hex) +
                    "\">\n<h2>D'où viennent ces chiffres</h2>\n";
  out += "<p>Ils sont calculés à partir des " + std::to_string(a.agent_days) +
         " journées-conseiller enregistrées dans le registre de preuves de la passerelle "
         "(chaque journée sous pseudonyme), couvert par le point de contrôle signé ci-dessous : "
         "registre <code>" +
         html(c.origin) + "</code>, " + std::to_string(c.size) + " entrées, racine <code>" +
         html(c.root_hex) + "</code>, signé le " + html(iso_utc(c.signed_at)) +
         " avec la clé <code>" + html(c.fingerprint) + "</code>.</p>\n";
  out += c.verified ? "<p class=\"ok\">Vérifié à la rédaction de ce rapport : la signature, la "
                      "racine du registre et chaque journée utilisée.</p>\n"
                    : "<p class=\"warn\">Non vérifié : " + html(c.problem) + ".</p>\n";
  out += "<pre>" + html(c.note) + "</pre>\n";
  out += "<p>Pour prouver ces mêmes chiffres lors d'un audit : <code>vigie audit export --from " +
         html(a.from_text) + " --to " + html(a.to_text) +
         "</code>, puis <code>vigie audit verify</code> sur le pack obtenu.</p>\n</section>\n";
  return out;
}

}  // namespace

std::string self_assessment_html(const SelfAssessment& a) {
  std::string out =
      "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Auto-évaluation — " +
      html(a.site) + " — du " + html(a.from_text) + " au " + html(a.to_text) +
      "</title>\n<style>\n"
      "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
      "line-height:1.45;color:#111}\n"
      "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;"
      "padding:.25rem .5rem;text-align:left}\n"
      "article{border-top:2px solid #334;margin-top:1.5rem;page-break-inside:avoid}\n"
      ".ok{color:#166534}.warn{color:#b91c1c;font-weight:bold}pre{white-space:pre-wrap;"
      "background:#f4f4f5;padding:.5rem;font-size:.8rem}\n"
      "@media print{body{margin:0}}\n</style>\n</head>\n<body>\n";
  out += "<h1>Auto-évaluation des conditions de travail</h1>\n";
  out += "<p>Site <strong>" + html(a.site) + "</strong>, du " + html(a.from_text) + " au " +
         html(a.to_text) + " inclus (fuseau " + html(a.time_zone) + "). Référentiel " +
         html(a.referentiel) + " version " + html(a.version) + ", profil <strong>" +
         html(a.profile) + "</strong>.</p>\n";
  out +=
      "<section id=\"lecture\"><h2>Comment lire ce rapport</h2>\n<p>Une "
      "<em>journée-conseiller</em> est la journée de travail d'un conseiller. Pour chaque "
      "critère du profil en vigueur, le rapport compte les journées où le critère a été "
      "respecté, justifié par un responsable, manqué, ou n'a pas pu être jugé faute de "
      "données. La part respectée compte les journées justifiées avec les respectées. Aucun "
      "conseiller n'y est nommé.</p></section>\n";
  out +=
      "<section id=\"synthese\"><h2>En bref</h2>\n<table><tr><th>Critère</th>"
      "<th>Part respectée</th><th>Manquées</th><th>Tendance</th></tr>\n";
  for (const auto& f : a.criteria)
    out += "<tr><td>" + html(f.id) + " — " + title_of(f) + "</td><td>" +
           percent(f.counts.held_share()) + "</td><td>" + std::to_string(f.counts.breached) +
           "</td><td>" + trend_text(f.trend) + "</td></tr>\n";
  out += "</table>\n";
  if (a.criteria.empty())
    out +=
        "<p class=\"warn\">Aucun critère par conseiller n'est en vigueur : la surveillance "
        "individuelle reste désactivée tant que la consultation du CSE, l'analyse d'impact "
        "(AIPD) et l'information du personnel ne sont pas datées dans la configuration.</p>\n";
  out += "</section>\n<section id=\"criteres\"><h2>Critère par critère</h2>\n";
  for (const auto& f : a.criteria) out += article(f);
  out += "</section>\n";
  out += "<section id=\"completude\" data-agent-days=\"" + std::to_string(a.agent_days) +
         "\" data-without-data=\"" + std::to_string(a.agent_days_without_data) +
         "\"><h2>Complétude des données</h2>\n<p>" + std::to_string(a.agent_days) +
         " journées-conseiller sur la période, dont " + std::to_string(a.agent_days_without_data) +
         " avec au moins un critère qui n'a pas pu être jugé faute de données. Interruptions de "
         "collecte : " +
         std::to_string(a.gaps_open) + " en cours, " + std::to_string(a.gaps_lost) +
         " définitivement perdue(s). Des données manquantes se voient à l'audit : l'auditeur "
         "demandera ce qui s'est passé.</p></section>\n";
  out += proof(a);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace vigie::report
