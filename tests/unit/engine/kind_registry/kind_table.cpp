// A table built as the référentiel's and the engine's kind tables are
// (referentiel::by_kind): compiled as is, it must compile; compiled with
// -DKIND_LEFT_OUT (the entry of `incident` left out), it must not
// (tests/unit/engine/CMakeLists.txt, KindRegistry.*).
#include "referentiel/kind.hpp"

namespace {

using vigie::referentiel::Kind;

struct Entry {
  Kind kind;
  const char* what;
};

constexpr auto kTable = vigie::referentiel::by_kind(std::array{
    Entry{Kind::work_until_pause, "agent"},
    Entry{Kind::work_run, "agent"},
    Entry{Kind::pause_in_window, "agent"},
    Entry{Kind::occupancy, "team"},
    Entry{Kind::recovery_after_tag, "agent"},
    Entry{Kind::work_sum, "agent"},
    Entry{Kind::work_average, "agent"},
    Entry{Kind::rest_in_window, "agent"},
    Entry{Kind::amplitude, "agent"},
    Entry{Kind::notice, "agent"},
    Entry{Kind::level, "zone"},
#ifndef KIND_LEFT_OUT
    Entry{Kind::incident, "agent"},
#endif
    Entry{Kind::node_lost, "node"},
    Entry{Kind::data_gap, "node"},
    Entry{Kind::node_refused, "node"},
});

static_assert(kTable[vigie::referentiel::index_of(Kind::level)].what[0] == 'z');

}  // namespace

int main() {
  return 0;
}
