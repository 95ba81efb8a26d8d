#include "node_options.hpp"

#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "core/identifiers.hpp"

namespace vigie::posix {

const char* const kNodeUsage =
    R"(usage: vigie-node --broker URL --site S --node N --kind K --store FILE [options]

Reads agent events from stdin, one JSON object a line without "seq", e.g.
  {"ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1","state":"talking"}
journals each one in FILE, and sends them to the gateway through the broker
until the gateway's ack says they are stored. At the end of stdin it waits for
every event to be acked (or for --drain-timeout), says "offline", and exits.

  --broker URL          tcp://host:1883 (or ssl://host:8883)
  --site S              site id, e.g. paris-1
  --node N              this node's id, e.g. acd-1
  --kind K              acd-bridge, desk or sensor
  --store FILE          the journal (created if missing; 4 MiB)
  --batch-max N         events per batch, 1..1000 (100)
  --batch-ms T          longest wait before a partial batch leaves, ms (1000)
  --ack-timeout T       send unacked events again after T ms without an ack (10000)
  --drain-timeout S     at end of input, wait at most S s for acks (30; 0: no wait)
  --sync-each-event     fdatasync the store after every write, not only before
                        each send (slower; narrows what a power cut can take
                        from input already read but not yet sent)
  --help                this text

A bad line is reported on stderr with its line number and skipped. Nudges from
the gateway are printed on stderr. Exit status: 0 every event was acked, 1
events remain unacked in the store (they are sent at the next start) or the
store failed, 2 bad usage.
)";

namespace {

bool parse_uint(std::string_view text, std::uint64_t min, std::uint64_t max, std::uint32_t& out) {
  if (text.empty() || text.size() > 10) return false;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value < min || value > max) return false;
  out = static_cast<std::uint32_t>(value);
  return true;
}

}  // namespace

ParseOutcome parse_node_options(int argc, char** argv, NodeOptions& out, std::string& error) {
  bool has_kind = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") return ParseOutcome::help;
    if (flag == "--sync-each-event") {
      out.sync_each_event = true;
      continue;
    }
    if (i + 1 >= argc) {
      error = std::string(flag) + " needs a value";
      return ParseOutcome::bad;
    }
    const std::string_view value = argv[++i];
    auto number = [&](std::uint64_t min, std::uint64_t max, std::uint32_t& into) {
      if (parse_uint(value, min, max, into)) return true;
      error = std::string(flag) + " must be an integer in " + std::to_string(min) + ".." +
              std::to_string(max) + ", got '" + std::string(value) + "'";
      return false;
    };
    bool ok = true;
    if (flag == "--broker") {
      out.broker = value;
    } else if (flag == "--site") {
      out.site = value;
    } else if (flag == "--node") {
      out.node = value;
    } else if (flag == "--kind") {
      has_kind = fw::parse_kind(value, out.kind);
      if (!has_kind) {
        error = "--kind must be acd-bridge, desk or sensor, got '" + std::string(value) + "'";
        ok = false;
      }
    } else if (flag == "--store") {
      out.store = value;
    } else if (flag == "--batch-max") {
      ok = number(1, fw::kBatchMaxLimit, out.session.batch_max);
    } else if (flag == "--batch-ms") {
      ok = number(0, 3600000, out.session.batch_ms);
    } else if (flag == "--ack-timeout") {
      ok = number(100, 3600000, out.session.ack_timeout_ms);
    } else if (flag == "--drain-timeout") {
      ok = number(0, 86400, out.drain_timeout_s);
    } else {
      error = "unknown option '" + std::string(flag) + "'";
      ok = false;
    }
    if (!ok) return ParseOutcome::bad;
  }
  const char* missing = out.broker.empty()  ? "--broker"
                        : out.site.empty()  ? "--site"
                        : out.node.empty()  ? "--node"
                        : !has_kind         ? "--kind"
                        : out.store.empty() ? "--store"
                                            : nullptr;
  if (missing != nullptr) {
    error = std::string(missing) + " is required";
    return ParseOutcome::bad;
  }
  if (!fw::is_valid_id(out.site)) {
    error = "--site must be 1-64 chars of A-Za-z0-9._-";
    return ParseOutcome::bad;
  }
  if (!fw::is_valid_id(out.node)) {
    error = "--node must be 1-64 chars of A-Za-z0-9._-";
    return ParseOutcome::bad;
  }
  // Room for twenty batches in flight before the node waits for an ack.
  out.session.max_unacked = out.session.batch_max * 20;
  return ParseOutcome::run;
}

}  // namespace vigie::posix
