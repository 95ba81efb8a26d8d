#include "referentiel/kinds.hpp"

#include <array>

#include "domain/names.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::referentiel {
namespace {

using T = ParamType;

constexpr std::array kWorkUntilPause{
    ParamSpec{"work_limit", T::duration, "360min",
              "work of the work day that, once exceeded, needs a qualifying pause"},
    ParamSpec{"min_pause", T::duration, "20min",
              "an interruption at least this long (consecutive) qualifies; shorter ones neither "
              "count nor reset"},
};

constexpr std::array kWorkRun{
    ParamSpec{"limit", T::duration, "",
              "a run longer than this is a breach (strict: exactly the "
              "limit is not)"},
    ParamSpec{"reset", T::duration, "10min",
              "a break in the run at least this long ends it; shorter ones are joined over"},
    ParamSpec{"states", T::states, "",
              "agent states that make up the run; empty: every state the site mapping counts as "
              "work"},
};

constexpr std::array kPauseInWindow{
    ParamSpec{"window_start", T::time_of_day, "11:00",
              "local start of the window; the check applies to work days whose first shift "
              "starts before it"},
    ParamSpec{"window_end", T::time_of_day, "15:00",
              "local end of the window: the check fires then if the work is still going"},
    ParamSpec{"min_pause", T::duration, "45min",
              "one interruption must overlap the window for at least this long"},
};

constexpr std::array kOccupancy{
    ParamSpec{"threshold", T::percent, "85", "occupancy above this (strict) is the condition"},
    ParamSpec{"clear_below", T::percent, "80",
              "once firing, occupancy must stay below this (strict) to clear"},
    ParamSpec{"window", T::duration, "60min", "sliding window the occupancy is summed over"},
    ParamSpec{"step", T::duration, "1min", "the condition is checked at each multiple of this"},
    ParamSpec{"hold", T::duration, "15min", "the condition must hold this long before firing"},
    ParamSpec{"clear_hold", T::duration, "15min", "below clear_below this long clears the alert"},
};

constexpr std::array kRecoveryAfterTag{
    ParamSpec{"tags", T::tags, "difficult,abusive", "call tags that call for recovery time"},
    ParamSpec{"within", T::duration, "15min", "the recovery interruption must begin this soon"},
    ParamSpec{"min_recovery", T::duration, "5min", "the recovery interruption's least length"},
};

constexpr std::array kWorkSum{
    ParamSpec{"period", T::choice, "day", "work day or week (Monday to Sunday of work days)",
              "day week"},
    ParamSpec{"limit", T::duration, "", "work in the period above this (strict) is a breach"},
};

constexpr std::array kWorkAverage{
    ParamSpec{"weeks", T::integer, "12", "number of consecutive complete weeks averaged"},
    ParamSpec{"limit", T::duration, "", "an average weekly work above this (strict) is a breach"},
};

constexpr std::array kRestInWindow{
    ParamSpec{"min_rest", T::duration, "",
              "the longest interruption inside the window must be at least this long"},
    ParamSpec{"window", T::duration, "",
              "the sliding window ending now; only the part of an "
              "interruption inside it counts"},
};

constexpr std::array kAmplitude{
    ParamSpec{"limit", T::duration, "13h",
              "from the work day's first work to now, while working; above this is a breach"},
};

constexpr std::array kNotice{
    ParamSpec{"min_notice", T::duration, "7d",
              "a shift's start minus its publication below this (strict) is a breach"},
};

constexpr std::array kLevel{
    ParamSpec{"fields", T::choices, "l50_db,laeq_db",
              "env.sample fields to read, first present wins",
              "l50_db laeq_db lpeak_db temp_c "
              "co2_ppm"},
    ParamSpec{"threshold", T::number, "", "a level above this (strict) is the condition"},
    ParamSpec{"hold", T::duration, "15min", "the condition must hold this long before firing"},
    ParamSpec{"clear_hold", T::duration, "15min",
              "at or below the threshold this long clears the alert"},
};

constexpr std::array kIncident{
    ParamSpec{"tags", T::tags, "acoustic_shock", "call tags that are incidents in themselves"},
    ParamSpec{"open_for", T::duration, "24h",
              "how long the incident alert stays active for follow-up before it resolves"},
};

constexpr std::array kNodeLost{
    ParamSpec{"hold", T::duration, "5min",
              "a lost node not back within this (gateway wall clock, site clock in replay) fires"},
};

constexpr std::array kDataGap{
    ParamSpec{"hold", T::duration, "5min", "a sequence gap not filled within this fires"},
};

constexpr std::array kNodeRefused{
    ParamSpec{"hold", T::duration, "15min",
              "resolves once the node has gone this long (gateway time) without a refusal"},
};

// The checks of values that make no sense together, per kind.
std::optional<std::string> window_clash(const ActiveCriterion& c) {
  if (c.time_of_day("window_end") <= c.time_of_day("window_start"))
    return "window_end must be after window_start";
  return std::nullopt;
}

std::optional<std::string> occupancy_clash(const ActiveCriterion& c) {
  if (c.number("clear_below") > c.number("threshold"))
    return "clear_below must not be above threshold";
  if (c.duration("window") % c.duration("step") != 0)
    return "window must be a whole number of steps";
  return std::nullopt;
}

std::optional<std::string> rest_clash(const ActiveCriterion& c) {
  if (c.duration("min_rest") > c.duration("window"))
    return "min_rest must not be longer than window";
  return std::nullopt;
}

constexpr auto kKinds = by_kind(std::array{
    KindSpec{Kind::work_until_pause, "work_until_pause", Scope::agent, true,
             "fires when the work day's work exceeds work_limit and no interruption of at least "
             "min_pause has happened since the day's first work",
             kWorkUntilPause},
    KindSpec{Kind::work_run, "work_run", Scope::agent, true,
             "a run is work joined across breaks shorter than reset; its length counts its work "
             "only; fires when the length exceeds limit, resolves when a break reaches reset",
             kWorkRun},
    KindSpec{Kind::pause_in_window, "pause_in_window", Scope::agent, true,
             "on a work day starting before window_start and still going at window_end, fires at "
             "window_end unless an interruption overlapped the window for min_pause",
             kPauseInWindow, window_clash},
    KindSpec{Kind::occupancy, "occupancy", Scope::team, false,
             "(talking+hold+wrap_up)/(available+talking+hold+wrap_up) over the team on a sliding "
             "window, checked every step; fires after hold above threshold",
             kOccupancy, occupancy_clash},
    KindSpec{Kind::recovery_after_tag, "recovery_after_tag", Scope::agent, false,
             "after a tagged call, an interruption of min_recovery must begin within `within`",
             kRecoveryAfterTag},
    KindSpec{Kind::work_sum, "work_sum", Scope::agent, true,
             "work per work day or per week above limit", kWorkSum},
    KindSpec{Kind::work_average, "work_average", Scope::agent, false,
             "average weekly work of the last `weeks` complete weeks, checked at each week's end",
             kWorkAverage},
    KindSpec{Kind::rest_in_window, "rest_in_window", Scope::agent, false,
             "fires when the agent works and the longest interruption inside the window is shorter "
             "than min_rest; needs a window's worth of the agent's history",
             kRestInWindow, rest_clash},
    KindSpec{Kind::amplitude, "amplitude", Scope::agent, true,
             "from the work day's first work to now, while working, above limit", kAmplitude},
    KindSpec{Kind::notice, "notice", Scope::agent, false,
             "each schedule.shift (and replacement) published less than min_notice before its "
             "start fires at its ts",
             kNotice},
    KindSpec{Kind::level, "level", Scope::zone, false,
             "an env.sample level above threshold for hold fires; at or below for clear_hold "
             "clears",
             kLevel},
    KindSpec{Kind::incident, "incident", Scope::agent, false,
             "a call.tag with one of `tags` fires at once", kIncident},
    KindSpec{Kind::node_lost, "node_lost", Scope::node, false,
             "a node whose state becomes lost and is not back within hold", kNodeLost},
    KindSpec{Kind::data_gap, "data_gap", Scope::node, false, "a seq gap not filled within hold",
             kDataGap},
    KindSpec{Kind::node_refused, "node_refused", Scope::node, false,
             "a node refused for going over its own quota (new agents) fires at once",
             kNodeRefused},
});

}  // namespace

const char* to_string(Scope s) {
  static constexpr const char* kScopes[] = {"agent", "team", "zone", "node"};
  static_assert(names_every(kScopes, Scope::node));
  return name_of(kScopes, s);
}

std::span<const KindSpec> kinds() {
  return kKinds;
}

const KindSpec& kind_spec(Kind kind) {
  return kKinds[index_of(kind)];
}

const KindSpec* find_kind(std::string_view name) {
  for (const auto& k : kKinds)
    if (k.name == name) return &k;
  return nullptr;
}

std::string describe_kinds() {
  std::string out;
  for (const auto& k : kKinds) {
    out += k.name;
    out += " (";
    out += to_string(k.scope);
    out += k.preventive ? ", accepts due_before" : "";
    out += "): ";
    out += k.doc;
    out += '\n';
    for (const auto& p : k.params) {
      out += "  ";
      out += p.name;
      out += ": ";
      out += to_string(p.type);
      if (!p.choices.empty()) {
        out += " of {";
        out += p.choices;
        out += '}';
      }
      out += p.default_value.empty()
                 ? std::string(is_list_type(p.type) ? ", default []" : ", required")
                 : ", default " + std::string(p.default_value);
      out += " - ";
      out += p.doc;
      out += '\n';
    }
  }
  return out;
}

const ParamSpec* find_param(const KindSpec& kind, std::string_view name) {
  for (const auto& p : kind.params)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace vigie::referentiel
