#include "engine/alert_json.hpp"

namespace vigie::engine {
namespace {

// The object in JSON type J: ordered_json keeps the contract's order, json sorts the keys.
template <typename J>
J object_of(const Alert& a) {
  J j;
  j["id"] = a.id;
  j["criterion"] = a.criterion;
  j["referentiel"] = a.referentiel;
  j["version"] = a.version;
  j["profile"] = a.profile;
  j["severity"] = referentiel::to_string(a.severity);
  j["site"] = a.site;
  j["subject"] = J{{referentiel::to_string(a.subject.kind), a.subject.id}};
  j["state"] = to_string(a.state);
  j["value"] = a.value ? J(*a.value) : J(nullptr);
  j["threshold"] = a.threshold ? J(*a.threshold) : J(nullptr);
  j["unit"] = a.unit;
  j["started_at"] = a.started_at;
  auto opt = [&](const char* key, const std::optional<TimestampMs>& t) {
    j[key] = t ? J(*t) : J(nullptr);
  };
  opt("due_at", a.due_at);
  opt("fired_at", a.fired_at);
  opt("resolved_at", a.resolved_at);
  if (a.nodata_at) j["nodata_at"] = *a.nodata_at;
  j["updated_at"] = a.updated_at;
  if (a.acked)
    j["acked"] = J{{"by", a.acked->by}, {"at", a.acked->at}, {"note", a.acked->note}};
  else
    j["acked"] = nullptr;
  if (a.justified)
    j["justified"] = J{{"by", a.justified->by},
                       {"at", a.justified->at},
                       {"reason", a.justified->reason},
                       {"note", a.justified->note}};
  else
    j["justified"] = nullptr;
  J params = J::object();
  for (const auto& [name, v] : a.params) params[name] = referentiel::to_text(v);
  j["params"] = params;
  j["summary"] = a.summary;
  return j;
}

}  // namespace

std::string to_json(const Alert& a) {
  return object_of<nlohmann::ordered_json>(a).dump();
}

nlohmann::json alert_object(const Alert& a) {
  return object_of<nlohmann::json>(a);
}

}  // namespace vigie::engine
