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
  virtual void for_each_open(const std::function<void(Occurrence&)>& f) = 0;
  // Whether any criterion judges this subject: one that none judges (an agent while the
  // governance gate keeps agent criteria out) gets no nodata record either.
  virtual bool judged() const { return true; }

  // Handles every deadline up to and including t, each at its own instant.
  void advance_to(TimestampMs t, AlertBook& book) {
    if (next_ > t) return;
    advance_through(t, book);
    refresh();
  }
  // The next deadline as of the last change (each change ends with refresh()).
  TimestampMs next() const { return next_; }
  void refresh() { next_ = next_deadline(); }

  const Subject& subject() const { return subject_; }
  const std::string& node() const { return node_; }
  std::uint32_t node_handle() const { return node_handle_; }
  void set_node(const std::string& node, std::uint32_t handle) {
    if (handle == node_handle_ && !node_.empty()) return;
    node_ = node;
    node_handle_ = handle;
  }
  TimestampMs now() const { return now_; }
  RuleScope scope(AlertBook& book) const { return RuleScope{book, subject_, node_}; }

  // The subject's own alert for a span without data (criterion SYS-01 or SYS-02).
  Occurrence& nodata() { return nodata_; }

 protected:
  virtual void advance_through(TimestampMs t, AlertBook& book) = 0;

  Subject subject_;
  std::string node_;
  std::uint32_t node_handle_ = 0;
  TimestampMs now_ = kBeforeTime;
  TimestampMs next_ = kBeforeTime;  // unknown until the first refresh()
  Occurrence nodata_;
};

}  // namespace vigie::engine
