// The call tags a criterion's `tags` parameter names (incident,
// recovery_after_tag), how many of a call.tag's tags are among them, and the
// alert each tagged call opens.
#pragma once

#include <algorithm>
#include <vector>

#include "engine/alert_book.hpp"

namespace vigie::engine {

class CallTags {
 public:
  explicit CallTags(const CriterionDef& def) {
    for (const auto& name : def.criterion->list("tags"))
      if (auto tag = parse_call_tag(name)) wanted_.push_back(*tag);
  }
  int count_in(const CallTagged& tagged) const {
    int count = 0;
    for (auto v : tagged.tags)
      count += std::find(wanted_.begin(), wanted_.end(), v) != wanted_.end();
    return count;
  }

 private:
  std::vector<CallTag> wanted_;
};

// One alert per tagged call, opened by the tag at `at`.
struct TaggedAlert {
  TimestampMs at = 0;
  Occurrence occ;
};

}  // namespace vigie::engine
