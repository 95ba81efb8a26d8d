// The engine's side of each criterion kind (referentiel/kind.hpp), one entry a
// kind in one table: what its alerts show as threshold and unit, the rule that
// computes it for a subject, and how far back its history must be replayed.
// The référentiel's side (parameters, checks, scope) is referentiel/kinds.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "engine/rule.hpp"
#include "referentiel/kinds.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::engine {

// What an alert of a criterion shows beside its value.
struct Gauge {
  std::optional<double> threshold;
  const char* unit = "min";
};

struct KindDef {
  referentiel::Kind kind;
  Gauge (*gauge)(const referentiel::ActiveCriterion&);
  // A fresh rule for one subject of the kind's scope: an agent's, or a team's or zone's
  // (their aggregate of agents or samples). Neither for a node's kinds: the engine keeps
  // those (lost, gap, refused) on the node itself.
  std::unique_ptr<AgentRule> (*agent_rule)(const CriterionDef&) = nullptr;
  std::unique_ptr<GroupRule> (*group_rule)(const CriterionDef&) = nullptr;
  // How much of the history the rule's state needs replayed at a restart, if more than
  // the two days of a work day (none: nullptr).
  std::int64_t (*history)(const referentiel::ActiveCriterion&) = nullptr;

  const referentiel::KindSpec& spec() const { return referentiel::kind_spec(kind); }
};

const KindDef& kind_def(referentiel::Kind kind);
const KindDef* find_kind_def(std::string_view name);

// The criterion in force with its kind and gauge. Throws std::logic_error for a kind the
// registry lacks (the loader refuses such a criterion first).
CriterionDef describe(const referentiel::ActiveCriterion& c);

// A fresh rule for one agent; nullptr if the kind is not about agents.
std::unique_ptr<AgentRule> make_agent_rule(const CriterionDef& def);

}  // namespace vigie::engine
