#include "report/self_assessment.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "domain/names.hpp"
#include "engine/civil_date.hpp"
#include "evidence/hash.hpp"
#include "evidence/merkle.hpp"
#include "store/ledger_repository.hpp"
#include "store/period_queries.hpp"

namespace vigie::report {
namespace {

using nlohmann::json;

std::optional<engine::CivilDate> date_of(const json& day) {
  return engine::parse_civil_date(day.value("date", ""));
}

std::string verdict_of(const json& day, const std::string& criterion) {
  const auto c = day.find("criteria");
  if (c == day.end() || !c->is_object()) return "";
  const auto v = c->find(criterion);
  return v != c->end() && v->is_string() ? v->get<std::string>() : "";
}

Trend trend_of(const std::vector<std::pair<std::string, summary::VerdictCounts>>& weeks) {
  std::vector<double> shares;
  for (const auto& [monday, c] : weeks)
    if (const auto s = c.held_share()) shares.push_back(*s);
  if (shares.size() < 2) return Trend::unknown;
  const double change = shares.back() - shares.front();
  if (change >= 0.05) return Trend::better;
  if (change <= -0.05) return Trend::worse;
  return Trend::steady;
}

std::vector<Situation> situations_of(const std::vector<json>& days, const std::string& criterion) {
  std::array<Situation, 7> by_day{};
  std::array<std::int64_t, 7> work{}, longest{};
  for (int w = 0; w < 7; ++w) by_day[w].weekday = w;
  for (const auto& day : days) {
    const auto date = date_of(day);
    const auto verdict = verdict_of(day, criterion);
    if (!date || verdict.empty()) continue;
    auto& s = by_day[engine::weekday(*date)];
    ++s.days;
    if (verdict != "breached") continue;
    ++s.breached;
    work[s.weekday] += day.value("work_ms", std::int64_t{0});
    longest[s.weekday] += day.value("longest_work_ms", std::int64_t{0});
  }
  std::vector<Situation> out;
  for (auto& s : by_day) {
    if (s.breached == 0) continue;
    s.mean_work_ms = work[s.weekday] / s.breached;
    s.mean_longest_work_ms = longest[s.weekday] / s.breached;
    out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Situation& a, const Situation& b) { return a.breached > b.breached; });
  if (out.size() > 3) out.resize(3);
  return out;
}

CheckpointReference check(store::LedgerRepository& ledger, const store::CheckpointRow& row,
                          const std::vector<store::LedgerEntry>& used,
                          const evidence::SigningKey& key) {
  CheckpointReference ref;
  ref.size = row.size;
  ref.root_hex = evidence::to_hex(row.root);
  ref.note = row.note;
  ref.signed_at = row.signed_at;
  ref.fingerprint = evidence::fingerprint(key.public_key());
  std::string error;
  const auto verifier = evidence::Verifier::parse(key.verifier_key(), &error);
  const auto body = verifier ? evidence::open_note(row.note, *verifier, &error) : std::nullopt;
  if (!body) {
    ref.problem = "la signature du point de contrôle ne se vérifie pas (" + error + ")";
    return ref;
  }
  const auto signed_tree = evidence::Checkpoint::parse(*body, &error);
  if (!signed_tree || signed_tree->size != static_cast<std::uint64_t>(row.size) ||
      signed_tree->root != row.root) {
    ref.problem = "le texte signé ne correspond pas au point de contrôle enregistré";
    return ref;
  }
  ref.origin = signed_tree->origin;
  const auto leaves = ledger.leaf_hashes(row.size);
  if (static_cast<std::int64_t>(leaves.size()) != row.size ||
      evidence::tree_root(leaves) != row.root) {
    ref.problem = "la racine signée n'est pas celle du registre de preuves";
    return ref;
  }
  for (const auto& e : used) {
    if (e.idx >= row.size) {
      ref.problem = "des journées de la période sont postérieures au dernier point de contrôle";
      return ref;
    }
    if (evidence::leaf_hash(e.entry) != leaves[static_cast<std::size_t>(e.idx)]) {
      ref.problem =
          "l'entrée " + std::to_string(e.idx) + " du registre ne correspond pas à sa feuille";
      return ref;
    }
  }
  ref.verified = true;
  return ref;
}

}  // namespace

const char* to_string(Trend t) {
  static constexpr const char* kTrends[] = {"better", "worse", "steady", "unknown"};
  static_assert(names_every(kTrends, Trend::unknown));
  return name_of(kTrends, t, "unknown");
}

std::vector<CriterionFigures> criterion_figures(const std::vector<json>& days,
                                                const referentiel::ActiveReferentiel& referentiel) {
  std::vector<CriterionFigures> out;
  for (const auto& c : referentiel.criteria) {
    if (c.scope != referentiel::Scope::agent) continue;
    CriterionFigures f;
    f.id = c.id;
    f.title = c.title;
    f.severity = referentiel::to_string(c.severity);
    f.sources = c.sources;
    std::map<std::string, summary::VerdictCounts> weeks;
    for (const auto& day : days) {
      const auto verdict = verdict_of(day, c.id);
      const auto date = date_of(day);
      if (verdict.empty() || !date) continue;
      f.counts.count(verdict);
      weeks[engine::to_string(engine::monday_of(*date))].count(verdict);
    }
    f.weeks.assign(weeks.begin(), weeks.end());
    f.trend = trend_of(f.weeks);
    f.situations = situations_of(days, c.id);
    out.push_back(std::move(f));
  }
  return out;
}

SelfAssessment assess(store::Database& db, const AssessmentRequest& request) {
  SelfAssessment a;
  a.site = request.site;
  a.time_zone = request.time_zone;
  a.from_text = request.from_text;
  a.to_text = request.to_text;
  a.referentiel = request.referentiel->name;
  a.version = request.referentiel->version;
  a.profile = request.referentiel->profile;

  store::LedgerRepository ledger(db);
  std::vector<store::LedgerEntry> used;
  std::vector<json> days;
  for (auto& e : ledger.entries_between(request.from, request.to)) {
    if (e.kind != "agent.day") continue;
    const auto entry = json::parse(e.entry, nullptr, false);
    if (!entry.is_object() || !entry.contains("data")) continue;
    days.push_back(entry["data"]);
    used.push_back(std::move(e));
  }
  a.agent_days = static_cast<std::int64_t>(days.size());
  for (const auto& day : days) {
    const auto c = day.find("criteria");
    if (c == day.end() || !c->is_object()) continue;
    for (const auto& [id, verdict] : c->items())
      if (verdict == "no_data") {
        ++a.agent_days_without_data;
        break;
      }
  }
  a.criteria = criterion_figures(days, *request.referentiel);

  auto gaps = store::gaps_by_status(db, request.from, request.to);
  a.gaps_open = gaps["open"];
  a.gaps_lost = gaps["lost"];

  if (const auto latest = ledger.latest_checkpoint())
    a.checkpoint = check(ledger, *latest, used, *request.key);
  return a;
}

}  // namespace vigie::report
