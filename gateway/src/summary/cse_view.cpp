#include "summary/cse_view.hpp"

#include <map>

#include "store/period_queries.hpp"
#include "summary/team_tally.hpp"

namespace vigie::summary {
namespace {

using nlohmann::json;

// Agents handling calls and available, now: occupancy only over kMinGroup or more of them,
// so that it never shows what one or two people are doing.
struct Load {
  std::int64_t handling = 0, available = 0;
  json occupancy() const {
    if (handling + available < static_cast<std::int64_t>(kMinGroup)) return nullptr;
    return static_cast<double>(handling) / static_cast<double>(handling + available);
  }
};

// A count of agents a reader may see: under the smallest group, only that it is under it.
json agents_shown(std::size_t n) {
  if (n < kMinGroup) return "< " + std::to_string(kMinGroup);
  return n;
}

json group_json(const TeamTally& t, const referentiel::ActiveReferentiel& ref,
                const std::optional<PauseQuota>& quota, const std::map<std::string, Load>& live) {
  json criteria = json::array();
  for (const auto& c : ref.criteria) {
    if (c.scope != referentiel::Scope::agent) continue;
    const auto it = t.criteria.find(c.id);
    const VerdictCounts v = it == t.criteria.end() ? VerdictCounts{} : it->second;
    const auto share = v.held_share();
    criteria.push_back({{"criterion", c.id},
                        {"title", c.title},
                        {"held", v.held},
                        {"breached", v.breached},
                        {"justified", v.justified},
                        {"without_data", v.no_data},
                        {"held_share", share ? json(*share) : json(nullptr)}});
  }
  Load load;
  for (const auto& team : t.teams)
    if (const auto l = live.find(team); l != live.end()) {
      load.handling += l->second.handling;
      load.available += l->second.available;
    }
  return {{"teams", t.teams},
          {"agents", agents_shown(t.agents.size())},
          {"agent_days", t.agent_days},
          {"criteria", criteria},
          {"pauses_taken", t.pauses_taken},
          {"pauses_due", quota ? json(t.pauses_due) : json(nullptr)},
          {"work_hours", static_cast<double>(t.work_ms) / 3.6e6},
          {"pause_hours", static_cast<double>(t.pause_ms) / 3.6e6},
          {"occupancy", load.occupancy()}};
}

}  // namespace

json CseView::overview(api::EpochMs from, api::EpochMs to) const {
  // Each agent's own key stays in this function: the tallies count agents, never list them.
  const DaySummaryInput input{&zone_, &referentiel_, [](const std::string& id) { return id; }};
  const auto quota = pause_quota(referentiel_);
  std::vector<AgentDay> all;
  json days = json::array();
  std::int64_t without_data = 0;
  json noise = json::array();
  store::AlertReviews reviews;
  std::map<std::string, std::int64_t> gaps;
  {
    std::lock_guard lock(mu_);
    auto d = zone_.date_of(from);
    if (zone_.start_of_day(d) < from) d = engine::add_days(d, 1);
    for (; zone_.start_of_day(d) < to; d = engine::add_days(d, 1)) {
      auto day = summarise_day(db_, input, d);
      std::map<std::string, std::int64_t> breaches;
      for (const auto& a : day) {
        bool lacks_data = false;
        for (const auto& [criterion, verdict] : a.summary["criteria"].items()) {
          if (verdict == "breached") ++breaches[criterion];
          lacks_data = lacks_data || verdict == "no_data";
        }
        if (lacks_data) ++without_data;
      }
      // A day worked by fewer than kMinGroup agents says so and no more: its breaches
      // would be about people a reader can name from the rota.
      const bool few = !day.empty() && day.size() < kMinGroup;
      days.push_back({{"day", engine::to_string(d)},
                      {"agent_days", few ? agents_shown(day.size()) : json(day.size())},
                      {"breaches", few || breaches.empty() ? json::object() : json(breaches)}});
      all.insert(all.end(), std::make_move_iterator(day.begin()),
                 std::make_move_iterator(day.end()));
    }
    for (const auto& z : store::noise_by_zone(db_, from, to))
      noise.push_back({{"zone", z.zone},
                       {"samples", z.samples},
                       {"laeq_mean_db", z.laeq_mean_db},
                       {"laeq_max_db", z.laeq_max_db}});
    reviews = store::alert_reviews(db_, from, to);
    gaps = store::gaps_by_status(db_, from, to);
  }

  std::map<std::string, Load> live;
  const auto floor = floor_.teams();
  if (const auto teams = floor.find("teams"); teams != floor.end() && teams->is_array())
    for (const auto& team : *teams)
      live[team.value("team", "")] = {team.value("handling", std::int64_t{0}),
                                      team.value("available", std::int64_t{0})};

  const auto by_team = tally_by_team(all, quota);
  TeamTally site;
  for (const auto& [name, tally] : by_team) site.merge(tally);
  json groups = json::array();
  for (const auto& group : merge_small_teams(by_team))
    groups.push_back(group_json(group, referentiel_, quota, live));

  const auto compliance = floor_.compliance(from, to);
  return {{"from", from},
          {"to", to},
          {"min_group", kMinGroup},
          {"profile", referentiel_.profile},
          {"site", group_json(site, referentiel_, quota, live)},
          {"teams", groups},
          {"days", days},
          {"compliance", compliance.value("criteria", json::array())},
          {"noise", noise},
          {"completeness",
           {{"agent_days", site.agent_days},
            {"agent_days_without_data", without_data},
            {"gaps_open", gaps["open"]},
            {"gaps_lost", gaps["lost"]},
            {"gaps_filled", gaps["filled"]}}},
          {"acknowledgements", reviews.acks},
          {"justifications", reviews.justifications}};
}

}  // namespace vigie::summary
