// Event times as text for people and other tools: "2026-11-30T08:00:00.000Z".
#pragma once

#include <string>

#include "domain/event.hpp"

namespace vigie {

std::string iso_utc(TimestampMs t);

}  // namespace vigie
