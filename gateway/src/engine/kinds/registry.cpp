#include "engine/kinds/registry.hpp"

#include <array>
#include <stdexcept>

#include "engine/civil_date.hpp"
#include "engine/kinds/rules.hpp"

namespace vigie::engine {
namespace {

using referentiel::ActiveCriterion;
using referentiel::Kind;

// A duration parameter as the alert's threshold, in minutes.
Gauge minutes_of(const ActiveCriterion& c, std::string_view param) {
  return {static_cast<double>(c.duration(param)) / 60000.0, "min"};
}

const char* level_unit(const ActiveCriterion& c) {
  const auto& f = c.list("fields");
  const std::string first = f.empty() ? "" : f.front();
  return first == "temp_c" ? "C" : first == "co2_ppm" ? "ppm" : "dB";
}

constexpr auto kRegistry = referentiel::by_kind(std::array{
    KindDef{Kind::work_until_pause,
            [](const ActiveCriterion& c) { return minutes_of(c, "work_limit"); },
            work_until_pause_rule},
    KindDef{Kind::work_run, [](const ActiveCriterion& c) { return minutes_of(c, "limit"); },
            work_run_rule},
    KindDef{Kind::pause_in_window,
            [](const ActiveCriterion& c) { return minutes_of(c, "min_pause"); },
            pause_in_window_rule},
    KindDef{Kind::occupancy,
            [](const ActiveCriterion& c) {
              return Gauge{c.number("threshold"), "%"};
            },
            nullptr, occupancy_rule},
    KindDef{Kind::recovery_after_tag,
            [](const ActiveCriterion& c) { return minutes_of(c, "min_recovery"); },
            recovery_after_tag_rule},
    KindDef{Kind::work_sum, [](const ActiveCriterion& c) { return minutes_of(c, "limit"); },
            work_sum_rule, nullptr,
            [](const ActiveCriterion& c) {
              return c.word("period") == "week" ? 8 * kMsPerDay : std::int64_t{0};
            }},
    KindDef{Kind::work_average, [](const ActiveCriterion& c) { return minutes_of(c, "limit"); },
            work_average_rule, nullptr,
            [](const ActiveCriterion& c) { return (c.integer("weeks") + 1) * 7 * kMsPerDay; }},
    KindDef{Kind::rest_in_window,
            [](const ActiveCriterion& c) { return minutes_of(c, "min_rest"); }, rest_in_window_rule,
            nullptr, [](const ActiveCriterion& c) { return c.duration("window") + kMsPerDay; }},
    KindDef{Kind::amplitude, [](const ActiveCriterion& c) { return minutes_of(c, "limit"); },
            amplitude_rule},
    KindDef{Kind::notice, [](const ActiveCriterion& c) { return minutes_of(c, "min_notice"); },
            notice_rule},
    KindDef{Kind::level,
            [](const ActiveCriterion& c) { return Gauge{c.number("threshold"), level_unit(c)}; },
            nullptr, level_rule},
    KindDef{Kind::incident, [](const ActiveCriterion&) { return Gauge{std::nullopt, "tags"}; },
            incident_rule},
    KindDef{Kind::node_lost, [](const ActiveCriterion& c) { return minutes_of(c, "hold"); }},
    KindDef{Kind::data_gap, [](const ActiveCriterion& c) { return minutes_of(c, "hold"); }},
    KindDef{Kind::node_refused,
            [](const ActiveCriterion&) { return Gauge{std::nullopt, "events"}; }},
});

}  // namespace

const KindDef& kind_def(Kind kind) {
  return kRegistry[referentiel::index_of(kind)];
}

const KindDef* find_kind_def(std::string_view name) {
  const referentiel::KindSpec* spec = referentiel::find_kind(name);
  return spec ? &kind_def(spec->kind) : nullptr;
}

CriterionDef describe(const ActiveCriterion& c) {
  const KindDef* kind = find_kind_def(c.kind);
  if (!kind) throw std::logic_error(c.id + ": no kind '" + c.kind + "' in the registry");
  const Gauge gauge = kind->gauge(c);
  CriterionDef d;
  d.criterion = &c;
  d.kind = kind;
  d.threshold = gauge.threshold;
  d.unit = gauge.unit;
  return d;
}

std::unique_ptr<AgentRule> make_agent_rule(const CriterionDef& def) {
  return def.kind->agent_rule ? def.kind->agent_rule(def) : nullptr;
}

}  // namespace vigie::engine
