#include <nlohmann/json.hpp>

#include "engine/alert.hpp"

namespace vigie::engine {

std::string to_json(const Alert& a) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["id"] = a.id;
  j["criterion"] = a.criterion;
  j["referentiel"] = a.referentiel;
  j["version"] = a.version;
  j["profile"] = a.profile;
  j["severity"] = referentiel::to_string(a.severity);
  j["site"] = a.site;
  j["subject"] = ordered_json{{referentiel::to_string(a.subject.kind), a.subject.id}};
  j["state"] = to_string(a.state);
  j["value"] = a.value ? ordered_json(*a.value) : ordered_json(nullptr);
  j["threshold"] = a.threshold ? ordered_json(*a.threshold) : ordered_json(nullptr);
  j["unit"] = a.unit;
  j["started_at"] = a.started_at;
  auto opt = [&](const char* key, const std::optional<TimestampMs>& t) {
    j[key] = t ? ordered_json(*t) : ordered_json(nullptr);
  };
  opt("due_at", a.due_at);
  opt("fired_at", a.fired_at);
  opt("resolved_at", a.resolved_at);
  if (a.nodata_at) j["nodata_at"] = *a.nodata_at;
  j["updated_at"] = a.updated_at;
  if (a.acked)
    j["acked"] = ordered_json{{"by", a.acked->by}, {"at", a.acked->at}, {"note", a.acked->note}};
  else
    j["acked"] = nullptr;
  if (a.justified)
    j["justified"] = ordered_json{{"by", a.justified->by},
                                  {"at", a.justified->at},
                                  {"reason", a.justified->reason},
                                  {"note", a.justified->note}};
  else
    j["justified"] = nullptr;
  ordered_json params = ordered_json::object();
  for (const auto& [name, v] : a.params) params[name] = referentiel::to_text(v);
  j["params"] = params;
  j["summary"] = a.summary;
  return j.dump();
}

}  // namespace vigie::engine
