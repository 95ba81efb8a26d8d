// What the engine keeps per subject (an agent, a team, a zone): its rules,
// the node that reports it (whose clock drives its deadlines), the time it
// has been evaluated to, and its own nodata alert while its data is missing.
#pragma once

#include <functional>
#include <string>

#include "engine/alert_book.hpp"
#include "engine/clock.hpp"

namespace vigie::engine {

class SubjectState {
 public:
  explicit SubjectState(Subject s) : subject_(std::move(s)) {}
  virtual ~SubjectState() = default;
  SubjectState(const SubjectState&) = delete;
  SubjectState& operator=(const SubjectState&) = delete;

  // The earliest instant after now() at which a rule acts; kNever if none.
  virtual TimestampMs next_deadline() const = 0;
  // Handles every deadline up to and including t, each at its own instant.
  virtual void advance_to(TimestampMs t, AlertBook& book) = 0;
  virtual void for_each_open(const std::function<void(Occurrence&)>& f) = 0;

  const Subject& subject() const { return subject_; }
  const std::string& node() const { return node_; }
  void set_node(const std::string& node) { node_ = node; }
  TimestampMs now() const { return now_; }
  RuleScope scope(AlertBook& book) const { return RuleScope{book, subject_, node_}; }

  // The subject's own alert for a span without data (criterion SYS-01 or SYS-02).
  Occurrence& nodata() { return nodata_; }

 protected:
  Subject subject_;
  std::string node_;
  TimestampMs now_ = kBeforeTime;
  Occurrence nodata_;
};

}  // namespace vigie::engine
