#include "custody/in_force.hpp"

#include <fstream>
#include <sstream>

#include "evidence/hash.hpp"
#include "referentiel/kinds.hpp"
#include "referentiel/param.hpp"

namespace vigie::custody {
namespace {

using nlohmann::json;

// Empty when FILE cannot be read.
std::string file_sha256(const std::filesystem::path& file) {
  std::ifstream f(file, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return f ? evidence::to_hex(evidence::sha256(s.str())) : std::string();
}

}  // namespace

json referentiel_record(const engine::EngineOptions& options, const std::filesystem::path& file) {
  const auto& r = options.referentiel;
  json criteria = json::array();
  for (const auto& c : r.criteria) {
    json params = json::object();
    for (const auto& [name, value] : c.params) params[name] = referentiel::to_text(value);
    criteria.push_back({{"id", c.id},
                        {"title", c.title},
                        {"basis", referentiel::to_string(c.basis)},
                        {"kind", c.kind},
                        {"scope", referentiel::to_string(c.scope)},
                        {"severity", referentiel::to_string(c.severity)},
                        {"due_before", c.due_before ? json(*c.due_before) : json(nullptr)},
                        {"params", params}});
  }
  return {{"name", r.name},
          {"version", r.version},
          {"profile", r.profile},
          {"time_zone", options.zone.name()},
          {"file", file.filename().string()},
          {"file_sha256", file_sha256(file)},
          {"criteria", criteria}};
}

namespace {
// The dates that allow per-agent monitoring, as an auditor needs them.
json governance_record(const GovernanceConfig& g) {
  auto date = [](const std::optional<std::string>& d) { return d ? json(*d) : json(nullptr); };
  return {{"cse_consulted", date(g.cse_consulted)},
          {"dpia_done", date(g.dpia_done)},
          {"staff_informed", date(g.staff_informed)},
          {"mode", g.complete() ? "per_agent" : "team_only"}};
}
}  // namespace

json config_record(const Config& config, const std::filesystem::path& file) {
  // The file's hash, and the settings that change what is measured or kept;
  // never the tokens.
  return {{"file", file.filename().string()},
          {"file_sha256", file_sha256(file)},
          {"site", config.site},
          {"time_zone", config.timezone},
          {"gateway_id", config.gateway_id},
          {"checkpoint_every_ms", config.evidence.checkpoint_every.count()},
          {"retention_raw_days", config.retention.raw_days},
          {"retention_evidence_days", config.retention.evidence_days},
          {"governance", governance_record(config.governance)}};
}

}  // namespace vigie::custody
