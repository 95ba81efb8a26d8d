// The site's pause codes, as agents choose them on their phones or panels
// ("Lunch", "Tea Break", "Formation"), to the contract's reasons (sec. 3.2),
// which decide whether the time is work or pause. A CSV file of
// asterisk reason,contract reason lines; reasons are matched without regard to
// case or surrounding spaces. Asterisk's own "Auto-Pause" (a member who did not
// answer) is a system pause: `other` (work) unless the file says otherwise. A
// reason the file does not know counts as `other` and is counted.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/event.hpp"

namespace vigie::sources {

class PauseReasons {
 public:
  PauseReasons();
  bool load(const std::string& path, std::string& error);
  bool load_text(std::string_view text, std::string& error);

  enum class Match : std::uint8_t { listed, system, none_given, unknown };
  // The contract reason for an Asterisk reason, and how it was found.
  Match map(std::string_view reason, fw::NotReadyReason& out) const;

 private:
  std::map<std::string, fw::NotReadyReason> reasons_;  // by folded reason
};

// Lower case, outer spaces removed: how reasons are compared.
std::string fold_reason(std::string_view reason);

}  // namespace vigie::sources
