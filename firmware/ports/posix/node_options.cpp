#include "node_options.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string_view>

#include "civil_time.hpp"
#include "core/identifiers.hpp"

namespace vigie::posix {

const char* const kNodeUsage =
    R"(usage: vigie-node --broker URL --site S --node N --kind K --store FILE [options]

Reads agent events from stdin, one JSON object a line without "seq", e.g.
  {"ts":1764489600123,"type":"agent.state","agent":"4012","team":"sav-1","state":"talking"}
journals each one in FILE, and sends them to the gateway through the broker
until the gateway's ack says they are stored. At the end of stdin it waits for
every event to be acked (or for --drain-timeout), says "offline", and exits.

A line {"until":T} (T in ms since the epoch, only that member) is a watermark:
the input promises that no later line has a ts below T. The node passes it on
as "until" (contract sec. 3.4): on a batch that sends everything recorded, or
alone in an empty batch every --beat once every event is sent and acked, so
the gateway can tell a quiet node from data still on its way. A line below
the promise is still recorded, with a warning.

  --broker URL          tcp://host:1883 (or ssl://host:8883)
  --site S              site id, e.g. paris-1
  --node N              this node's id, e.g. acd-1
  --kind K              acd-bridge, desk or sensor
  --store FILE          the journal (created if missing; 4 MiB)
  --batch-max N         events per batch, 1..1000 (100)
  --batch-ms T          longest wait before a partial batch leaves, ms (1000)
  --ack-timeout T       send unacked events again after T ms without an ack (10000)
  --drain-timeout S     at end of input, wait at most S s for acks (30; 0: no wait)
  --watermarks W        where watermarks come from: input ({"until":T} lines),
                        clock (the node's clock minus --lateness, for a bridge
                        that writes each event as it happens) or off (input)
  --lateness MS         with --watermarks clock: how late a line may come (2000)
  --beat S              seconds between watermarks while idle (10; 0: never send
                        one, nor "until" on a batch)
  --ca-file FILE        CA certificates (PEM) the broker's certificate must
                        chain to; ssl:// only (default: the system's)
  --cert-file FILE      this node's client certificate (PEM); ssl:// only,
                        with --key-file
  --key-file FILE       the private key of --cert-file (PEM, unencrypted)
  --username U          MQTT user name; by convention the node id (the broker's
                        ACL lets user U publish only as node U)
  --password-file FILE  the MQTT password: the file's first line; needs
                        --username
  --sync-each-event     fdatasync the store after every write, not only before
                        each send (slower; narrows what a power cut can take
                        from input already read but not yet sent)
  --help                this text

Reading a centre's own files instead of stdin:
  --source asterisk-queue-log PATH
                        follow Asterisk's queue_log (e.g. /var/log/asterisk/queue_log,
                        or a realtime table's CSV export) as Asterisk writes it,
                        through rotation and truncation; the read position is kept in
                        FILE.position beside --store, so a restart neither skips nor
                        repeats a line. Its rows vouch for their own time, and at the
                        end of the file the node's clock less --lateness does.
  --source mapped PATH  another ACD's agent-state records (JSON lines or CSV; PATH
                        - for stdin), mapped by --map FILE (key = value lines and a
                        [states] table; recipes in firmware/sources/recipes)
  --map FILE            with --source mapped: the mapping file
  --source schedule PATH
                        a WFM tool's schedule export, CSV (agent,team,shift,start,end,
                        breaks,published) or iCalendar (.ics), read each time it is
                        republished: schedule.shift events for new and changed shifts
  --zone Z              the site's time zone, for times written without an offset
                        (Europe/Paris)
  --since TIME          first start only: send from TIME (2025-12-01T08:00:00+01:00,
                        ...Z or ms since the epoch); without it, from the end of the
                        file (the rows before it only tell who is logged in)
  --no-follow           stop at the end of the file (an import; without --since every
                        row is sent)
  --roster FILE         member,agent[,team] lines: the ACD login (and team) for an
                        interface or member name; a member name that is no interface
                        or extension and is not listed is refused, never sent
  --pause-reasons FILE  asterisk reason,contract reason lines (Lunch,lunch); a reason
                        not listed is sent as other and counted
  --team T              the team of agents the roster gives none
  --wrapup S            the queues' wrap-up time in seconds (0: none is logged)
  --idle-logout MIN     log out an agent who shows no sign of presence for MIN
                        minutes (a missing logoff; 120; 0: never)

A bad line is reported on stderr with its line number and skipped. Nudges from
the gateway are printed on stderr. Exit status: 0 every event was acked, 1
events remain unacked in the store (they are sent at the next start) or the
store failed, 2 bad usage (or a TLS or password file that cannot be read).
A refused TLS handshake or refused credentials are reported on stderr and
retried with backoff.
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

bool parse_since(std::string_view text, std::int64_t& ms) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    if (text.size() > 15) return false;
    ms = std::stoll(std::string(text));
    return true;
  }
  sources::CivilTime t;
  if (!sources::parse_iso_datetime(text, t) || !t.has_zone) return false;
  ms = sources::to_epoch_ms(t);
  return true;
}

ParseOutcome parse_node_options(int argc, char** argv, NodeOptions& out, std::string& error) {
  bool has_kind = false;
  bool has_lateness = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") return ParseOutcome::help;
    if (flag == "--sync-each-event") {
      out.sync_each_event = true;
      continue;
    }
    if (flag == "--no-follow") {
      out.source.follow = false;
      continue;
    }
    if (flag == "--source") {
      if (i + 2 >= argc) {
        error = "--source needs a kind and a path (--source asterisk-queue-log PATH)";
        return ParseOutcome::bad;
      }
      const std::string_view kind = argv[++i];
      if (kind != "asterisk-queue-log" && kind != "mapped" && kind != "schedule") {
        error = "--source must be asterisk-queue-log, mapped or schedule, got '" +
                std::string(kind) + "'";
        return ParseOutcome::bad;
      }
      out.source.kind = kind == "mapped"     ? SourceKind::mapped
                        : kind == "schedule" ? SourceKind::schedule
                                             : SourceKind::asterisk_queue_log;
      out.source.path = argv[++i];
      if (out.source.path.empty()) {
        error = "--source " + std::string(kind) + " needs a path";
        return ParseOutcome::bad;
      }
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
    } else if (flag == "--watermarks") {
      ok = value == "input" || value == "clock" || value == "off";
      if (ok)
        out.watermarks = value == "input"   ? WatermarkSource::input
                         : value == "clock" ? WatermarkSource::clock
                                            : WatermarkSource::off;
      else
        error = "--watermarks must be input, clock or off, got '" + std::string(value) + "'";
    } else if (flag == "--lateness") {
      ok = number(0, 3600000, out.lateness_ms);
      has_lateness = true;
    } else if (flag == "--beat") {
      std::uint32_t seconds = 0;
      ok = number(0, 3600, seconds);
      out.session.beat_ms = seconds * 1000;
    } else if (flag == "--since") {
      ok = parse_since(value, out.source.since_ms);
      out.source.has_since = ok;
      if (!ok)
        error =
            "--since must be a date and time with its zone (2025-12-01T08:00:00+01:00, "
            "...Z) or ms since the epoch, got '" +
            std::string(value) + "'";
    } else if (flag == "--roster" || flag == "--pause-reasons" || flag == "--team" ||
               flag == "--map") {
      ok = !value.empty() && (flag != "--team" || fw::is_valid_id(value));
      if (!ok)
        error = std::string(flag) + " must be " +
                (flag == "--team" ? "1-64 chars of A-Za-z0-9._-" : "a file");
      (flag == "--roster"          ? out.source.roster
       : flag == "--pause-reasons" ? out.source.pause_reasons
       : flag == "--map"           ? out.source.map
                                   : out.source.team) = value;
    } else if (flag == "--zone") {
      ok = !value.empty() && value.find("..") == std::string_view::npos;
      if (!ok) error = "--zone must be an IANA zone name (Europe/Paris)";
      out.source.zone = value;
    } else if (flag == "--wrapup") {
      std::uint32_t seconds = 0;
      ok = number(0, 3600, seconds);
      out.source.wrapup_ms = static_cast<std::int64_t>(seconds) * 1000;
    } else if (flag == "--idle-logout") {
      std::uint32_t minutes = 0;
      ok = number(0, 7 * 24 * 60, minutes);
      out.source.idle_logout_ms = static_cast<std::int64_t>(minutes) * 60 * 1000;
    } else if (flag == "--ca-file" || flag == "--cert-file" || flag == "--key-file" ||
               flag == "--username" || flag == "--password-file") {
      ok = !value.empty();
      if (!ok) error = std::string(flag) + " must not be empty";
      std::string& into = flag == "--ca-file"     ? out.ca_file
                          : flag == "--cert-file" ? out.cert_file
                          : flag == "--key-file"  ? out.key_file
                          : flag == "--username"  ? out.username
                                                  : out.password_file;
      into = value;
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
  const bool tls = out.broker.rfind("ssl://", 0) == 0 || out.broker.rfind("mqtts://", 0) == 0;
  if (!tls && out.broker.rfind("tcp://", 0) != 0 && out.broker.rfind("mqtt://", 0) != 0) {
    error = "--broker must start with tcp:// or ssl://, got '" + out.broker + "'";
    return ParseOutcome::bad;
  }
  const char* tls_only = !out.ca_file.empty()     ? "--ca-file"
                         : !out.cert_file.empty() ? "--cert-file"
                         : !out.key_file.empty()  ? "--key-file"
                                                  : nullptr;
  if (!tls && tls_only != nullptr) {
    error = std::string(tls_only) + " needs an ssl:// broker";
    return ParseOutcome::bad;
  }
  if (out.cert_file.empty() != out.key_file.empty()) {
    error = out.cert_file.empty() ? "--key-file needs --cert-file" : "--cert-file needs --key-file";
    return ParseOutcome::bad;
  }
  const bool file_source = out.source.kind != SourceKind::stdin_lines;
  if (has_lateness && out.watermarks != WatermarkSource::clock && !file_source) {
    error = "--lateness needs --watermarks clock or --source";
    return ParseOutcome::bad;
  }
  if (file_source && out.watermarks == WatermarkSource::clock) {
    error = "--watermarks clock is for stdin; a --source vouches for its own time (or: off)";
    return ParseOutcome::bad;
  }
  const char* source_only = out.source.has_since                   ? "--since"
                            : !out.source.follow                   ? "--no-follow"
                            : !out.source.roster.empty()           ? "--roster"
                            : !out.source.pause_reasons.empty()    ? "--pause-reasons"
                            : !out.source.team.empty()             ? "--team"
                            : out.source.zone != "Europe/Paris"    ? "--zone"
                            : out.source.wrapup_ms != 0            ? "--wrapup"
                            : out.source.idle_logout_ms != 7200000 ? "--idle-logout"
                                                                   : nullptr;
  if (!file_source && source_only != nullptr) {
    error = std::string(source_only) + " needs --source";
    return ParseOutcome::bad;
  }
  if ((out.source.kind == SourceKind::mapped) != !out.source.map.empty()) {
    error =
        out.source.map.empty() ? "--source mapped needs --map FILE" : "--map needs --source mapped";
    return ParseOutcome::bad;
  }
  if (!out.password_file.empty() && out.username.empty()) {
    error = "--password-file needs --username";
    return ParseOutcome::bad;
  }
  // Room for twenty batches in flight before the node waits for an ack.
  out.session.max_unacked = out.session.batch_max * 20;
  return ParseOutcome::run;
}

namespace {

bool readable(const char* option, const std::string& path, std::string& error) {
  if (path.empty()) return true;
  std::ifstream file(path);
  if (file) return true;
  error = std::string(option) + " " + path + ": cannot read (" + std::strerror(errno) + ")";
  return false;
}

}  // namespace

bool load_node_secrets(NodeOptions& options, std::string& error) {
  if (!readable("--ca-file", options.ca_file, error) ||
      !readable("--cert-file", options.cert_file, error) ||
      !readable("--key-file", options.key_file, error) ||
      !readable("--password-file", options.password_file, error))
    return false;
  if (options.password_file.empty()) return true;
  std::ifstream file(options.password_file);
  std::getline(file, options.password);
  if (!options.password.empty() && options.password.back() == '\r') options.password.pop_back();
  if (options.password.empty()) {
    error = "--password-file " + options.password_file + ": the first line is empty";
    return false;
  }
  return true;
}

}  // namespace vigie::posix
