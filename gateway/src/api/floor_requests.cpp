#include "api/floor_requests.hpp"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>

namespace vigie::api {

namespace {

// The body as a JSON object whose keys are all in ALLOWED; an empty body is {}.
Parsed<nlohmann::json> parse_object(std::string_view body,
                                    std::initializer_list<std::string_view> allowed) {
  if (std::all_of(body.begin(), body.end(),
                  [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; })) {
    return Parsed<nlohmann::json>::ok(nlohmann::json::object());
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return Parsed<nlohmann::json>::fail("the request body is not valid JSON");
  if (!j.is_object()) return Parsed<nlohmann::json>::fail("the request body must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string names;
      for (std::string_view k : allowed)
        names += (names.empty() ? "\"" : ", \"") + std::string(k) + "\"";
      // The field is not named: nothing of the request is echoed back.
      return Parsed<nlohmann::json>::fail("an unknown field in the request body; it accepts " +
                                          names);
    }
  }
  return Parsed<nlohmann::json>::ok(std::move(j));
}

// The string field NAME of OBJECT ("" when absent or null), or why it is not acceptable.
Parsed<std::string> text_field(const nlohmann::json& object, const std::string& name) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return Parsed<std::string>::ok("");
  if (!it->is_string()) return Parsed<std::string>::fail("\"" + name + "\" must be a string");
  std::string text = it->get<std::string>();
  if (text.size() > kMaxNoteBytes) {
    return Parsed<std::string>::fail("\"" + name + "\" is longer than " +
                                     std::to_string(kMaxNoteBytes) + " bytes");
  }
  return Parsed<std::string>::ok(std::move(text));
}

bool is_blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

Parsed<AlertQuery> parse_alert_query(std::string_view query, const SiteLocalToUtc& site) {
  auto params = parse_query(query, {"state", "criterion", "since", "until"});
  if (!params.value) return Parsed<AlertQuery>::fail(params.error);
  const QueryParams& p = *params.value;
  AlertQuery q;
  if (const auto it = p.find("state"); it != p.end()) {
    if (it->second == "active")
      q.state = AlertStateFilter::active;
    else if (it->second == "resolved")
      q.state = AlertStateFilter::resolved;
    else if (it->second == "all")
      q.state = AlertStateFilter::all;
    else
      return Parsed<AlertQuery>::fail("'state' must be active, resolved or all");
  }
  if (const auto it = p.find("criterion"); it != p.end()) {
    if (!is_valid_id(it->second)) {
      return Parsed<AlertQuery>::fail(
          "'criterion' must be a criterion id such as BRK-01 (1-64 of A-Z a-z 0-9 . _ -)");
    }
    q.criterion = it->second;
  }
  for (const char* name : {"since", "until"}) {
    const auto it = p.find(name);
    if (it == p.end()) continue;
    const auto ms = parse_time_param(name, it->second, site);
    if (!ms.value) return Parsed<AlertQuery>::fail(ms.error);
    (std::string_view(name) == "since" ? q.since : q.until) = *ms.value;
  }
  if (q.since && q.until && *q.since > *q.until) {
    return Parsed<AlertQuery>::fail("'since' must not be after 'until'");
  }
  return Parsed<AlertQuery>::ok(std::move(q));
}

Parsed<Period> parse_period(std::string_view query, const SiteLocalToUtc& site) {
  auto params = parse_query(query, {"from", "to"});
  if (!params.value) return Parsed<Period>::fail(params.error);
  Period period;
  for (const char* name : {"from", "to"}) {
    const auto it = params.value->find(name);
    if (it == params.value->end()) {
      return Parsed<Period>::fail(std::string("'") + name +
                                  "' is required: a date (2026-12-07), a date and time or ms since the Unix epoch");
    }
    const auto ms = parse_time_param(name, it->second, site);
    if (!ms.value) return Parsed<Period>::fail(ms.error);
    (std::string_view(name) == "from" ? period.from : period.to) = *ms.value;
  }
  if (period.from >= period.to) return Parsed<Period>::fail("'from' must be before 'to'");
  if (period.to - period.from > kMaxCompliancePeriodMs) {
    return Parsed<Period>::fail("the period may span at most 400 days");
  }
  return Parsed<Period>::ok(period);
}

Parsed<AckBody> parse_ack_body(std::string_view body) {
  const auto object = parse_object(body, {"note"});
  if (!object.value) return Parsed<AckBody>::fail(object.error);
  auto note = text_field(*object.value, "note");
  if (!note.value) return Parsed<AckBody>::fail(note.error);
  return Parsed<AckBody>::ok({std::move(*note.value)});
}

Parsed<JustifyBody> parse_justify_body(std::string_view body) {
  const auto object = parse_object(body, {"reason", "note"});
  if (!object.value) return Parsed<JustifyBody>::fail(object.error);
  auto reason = text_field(*object.value, "reason");
  if (!reason.value) return Parsed<JustifyBody>::fail(reason.error);
  if (is_blank(*reason.value)) {
    return Parsed<JustifyBody>::fail("\"reason\" is required: say why the breach is justified");
  }
  auto note = text_field(*object.value, "note");
  if (!note.value) return Parsed<JustifyBody>::fail(note.error);
  return Parsed<JustifyBody>::ok({std::move(*reason.value), std::move(*note.value)});
}

}  // namespace vigie::api
