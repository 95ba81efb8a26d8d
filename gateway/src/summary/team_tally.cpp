#include "summary/team_tally.hpp"

namespace vigie::summary {

std::optional<double> VerdictCounts::held_share() const {
  if (judged() == 0) return std::nullopt;
  return static_cast<double>(held + justified) / static_cast<double>(judged());
}

void VerdictCounts::add(const VerdictCounts& other) {
  held += other.held;
  breached += other.breached;
  justified += other.justified;
  no_data += other.no_data;
}

void VerdictCounts::count(std::string_view verdict) {
  if (verdict == "held")
    ++held;
  else if (verdict == "breached")
    ++breached;
  else if (verdict == "justified")
    ++justified;
  else
    ++no_data;
}

std::optional<PauseQuota> pause_quota(const referentiel::ActiveReferentiel& referentiel) {
  const auto* quota = referentiel.find("BRK-03");
  if (quota == nullptr || quota->kind != "work_run") return std::nullopt;
  const PauseQuota q{quota->duration("limit"), quota->duration("reset")};
  if (q.limit_ms <= 0) return std::nullopt;
  return q;
}

void TeamTally::add(const AgentDay& day, const std::optional<PauseQuota>& quota) {
  const auto& s = day.summary;
  agents.insert(day.pseudonym);
  ++agent_days;
  const std::int64_t work = s.value("work_ms", std::int64_t{0});
  work_ms += work;
  pause_ms += s.value("pause_ms", std::int64_t{0});
  if (quota) {
    pauses_due += work / quota->limit_ms;
    if (const auto pauses = s.find("pauses"); pauses != s.end() && pauses->is_array())
      for (const auto& p : *pauses)
        if (p.value("ms", std::int64_t{0}) >= quota->min_pause_ms) ++pauses_taken;
  }
  const auto verdicts = s.find("criteria");
  if (verdicts == s.end() || !verdicts->is_object()) return;
  for (const auto& [criterion, verdict] : verdicts->items())
    criteria[criterion].count(verdict.is_string() ? verdict.get<std::string>() : "");
}

void TeamTally::merge(const TeamTally& other) {
  teams.insert(teams.end(), other.teams.begin(), other.teams.end());
  agents.insert(other.agents.begin(), other.agents.end());
  agent_days += other.agent_days;
  for (const auto& [id, counts] : other.criteria) criteria[id].add(counts);
  pauses_taken += other.pauses_taken;
  pauses_due += other.pauses_due;
  work_ms += other.work_ms;
  pause_ms += other.pause_ms;
}

std::map<std::string, TeamTally> tally_by_team(const std::vector<AgentDay>& days,
                                               const std::optional<PauseQuota>& quota) {
  std::map<std::string, TeamTally> out;
  for (const auto& day : days) {
    auto& t = out[day.team];
    if (t.teams.empty()) t.teams.push_back(day.team);
    t.add(day, quota);
  }
  return out;
}

std::vector<TeamTally> merge_small_teams(const std::map<std::string, TeamTally>& teams,
                                         std::size_t min) {
  std::vector<TeamTally> groups;
  for (const auto& [name, tally] : teams) groups.push_back(tally);
  // The first group too small goes into its next neighbour (or the previous one when it is
  // the last); each merge leaves one group fewer, so this ends.
  for (;;) {
    std::size_t i = 0;
    while (i < groups.size() && groups[i].agents.size() >= min) ++i;
    if (i == groups.size() || groups.size() < 2) break;
    const std::size_t into = i + 1 < groups.size() ? i + 1 : i - 1;
    TeamTally merged = groups[std::min(i, into)];
    merged.merge(groups[std::max(i, into)]);
    groups[std::min(i, into)] = std::move(merged);
    groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(std::max(i, into)));
  }
  return groups;
}

}  // namespace vigie::summary
