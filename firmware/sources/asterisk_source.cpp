#include "asterisk_source.hpp"

#include <cinttypes>

namespace vigie::sources {

AsteriskQueueLogSource::AsteriskQueueLogSource(AsteriskOptions options, const AgentRoster& roster,
                                               const PauseReasons& reasons, std::FILE* log)
    : options_(std::move(options)), log_(log), agents_(roster, reasons, options_.rules) {
  follower_.set_follow(options_.follow);
  // An import of a whole file (not followed, no --since) sends every row.
  live_ = !options_.follow && !options_.since;
  awaiting_current_ = options_.since.has_value();
}

void AsteriskQueueLogSource::start_following() {
  std::string note;
  follower_.start(options_.path, restored_ ? &restored_position_ : nullptr, note);
  if (!note.empty())
    std::fprintf(log_, "vigie-node: %s: %s\n", options_.path.c_str(), note.c_str());
  if (follower_.waiting_for_file())
    std::fprintf(log_, "vigie-node: %s: not there yet; waiting for it\n", options_.path.c_str());
  started_ = true;
  last_row_at_ = now_ms_;  // quiet is counted from the start, not from the epoch
}

void AsteriskQueueLogSource::read(std::int64_t now_ms, std::vector<fw::Event>& out) {
  now_ms_ = now_ms;
  if (!started_) start_following();
  FileFollower::Line line;
  std::string note;
  // A bounded share per call keeps the node answering its broker during a long import.
  for (int n = 0; n < 2000; ++n) {
    const bool got = follower_.next(line, note);
    if (!note.empty())
      std::fprintf(log_, "vigie-node: %s: %s\n", options_.path.c_str(), note.c_str());
    if (!got) break;
    take_line(line, out);
  }
  const bool quiet = follower_.at_end() || follower_.waiting_for_file();
  if (!quiet) {
    if (live_ && agents_.now() > 0) vouched_ = agents_.now();
    return;
  }
  if (!live_ && (options_.follow || follower_.finished()))
    go_live(options_.since ? *options_.since : now_ms - options_.lateness_ms, out);
  // At the end of the file, what Asterisk writes next is stamped now or later;
  // but a file still growing with rows far in the past is a history being
  // written (a replay, a simulator catching up): its rows keep the time.
  const bool current = now_ms - agents_.now() <= kCurrentRows;
  if (current) awaiting_current_ = false;
  // After a --since import, quiet proves nothing until the writer is seen live.
  const bool idle = now_ms - last_row_at_ >= kIdleRows && !awaiting_current_;
  if (options_.follow && (current || idle)) agents_.advance(now_ms - options_.lateness_ms, out);
  if (agents_.now() > 0) vouched_ = agents_.now();
}

void AsteriskQueueLogSource::go_live(std::int64_t at, std::vector<fw::Event>& out) {
  live_ = true;
  agents_.picture(at, out);
}

void AsteriskQueueLogSource::refuse(std::uint64_t number, const std::string& reason) {
  const std::uint64_t count = tally_.refuse(reason);
  if (count > kReportEach) return;
  std::fprintf(log_, "vigie-node: %s:%" PRIu64 ": %s; line refused%s\n", options_.path.c_str(),
               number, reason.c_str(),
               count == kReportEach ? " (more for this reason are only counted)" : "");
}

void AsteriskQueueLogSource::take_line(const FileFollower::Line& line,
                                       std::vector<fw::Event>& out) {
  ++tally_.lines;
  if (line.too_long) {
    refuse(line.number, "a line over 64 KiB");
    return;
  }
  const char* why = "";
  if (line.number == 1) {
    csv_ = looks_like_csv_header(line.text);
    if (csv_) {
      if (!table_.read_header(line.text, why)) {
        csv_ = false;
        refuse(line.number, why);
        return;
      }
      header_ = std::string(line.text);
      tally_.skip("the CSV export's header");
      return;
    }
  }
  QueueLogRow row;
  const RowRead read =
      csv_ ? table_.read_row(line.text, row, why) : read_queue_log_line(line.text, row, why);
  if (read == RowRead::blank) {
    tally_.skip("an empty line");
    return;
  }
  if (read == RowRead::bad) {
    refuse(line.number, why);
    return;
  }
  if (!live_ && options_.since && row.ts_ms >= *options_.since) go_live(*options_.since, out);
  std::vector<fw::Event>& sink = live_ ? out : unsent_;
  last_row_at_ = now_ms_;
  const LineFate fate = agents_.take(row, sink);
  unsent_.clear();
  switch (fate.fate) {
    case Fate::mapped:
      ++tally_.mapped;
      break;
    case Fate::skipped:
      tally_.skip(fate.reason);
      break;
    case Fate::refused:
      refuse(line.number, fate.reason);
      break;
  }
}

nlohmann::json AsteriskQueueLogSource::checkpoint() const {
  const FilePosition p = follower_.position();
  return {{"source", identity()},
          {"position",
           {{"device", p.device}, {"inode", p.inode}, {"offset", p.offset}, {"line", p.line}}},
          {"csv_header", csv_ ? header_ : std::string()},
          {"live", live_},
          {"agents", agents_.save()}};
}

bool AsteriskQueueLogSource::restore(const nlohmann::json& checkpoint, std::string& error) {
  try {
    if (checkpoint.at("source").get<std::string>() != identity()) {
      error = "it is the position of " + checkpoint.at("source").get<std::string>() + ", not of " +
              identity();
      return false;
    }
    const auto& p = checkpoint.at("position");
    restored_position_ = {p.at("device").get<std::uint64_t>(), p.at("inode").get<std::uint64_t>(),
                          p.at("offset").get<std::uint64_t>(), p.at("line").get<std::uint64_t>()};
    header_ = checkpoint.at("csv_header").get<std::string>();
    csv_ = !header_.empty();
    const char* why = "";
    if (csv_ && !table_.read_header(header_, why)) {
      error = std::string("the CSV header kept: ") + why;
      return false;
    }
    live_ = checkpoint.at("live").get<bool>();
    if (!agents_.restore(checkpoint.at("agents"), error)) return false;
    if (agents_.now() > 0) vouched_ = agents_.now();
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }
  restored_ = true;
  awaiting_current_ = false;
  return true;
}

void AsteriskQueueLogSource::summary(std::FILE* log) const {
  tally_.print(log, "vigie-node: queue_log");
  const AgentTally& a = agents_.tally();
  std::fprintf(log,
               "vigie-node: queue_log: %" PRIu64 " agent.state events; %" PRIu64
               " pauses with a reason the table does not list (sent as other), %" PRIu64
               " Auto-Pause, %" PRIu64 " Asterisk starts, %" PRIu64 " members restored, %" PRIu64
               " sessions ended after --idle-logout, %" PRIu64
               " rows dated before one read earlier\n",
               a.events, a.unknown_reasons, a.system_pauses, a.restarts, a.restores, a.idle_logouts,
               a.late_rows);
  for (const auto& [verb, n] : a.unknown_verbs)
    std::fprintf(log, "vigie-node: queue_log:   unknown event %s: %" PRIu64 "\n", verb.c_str(), n);
}

}  // namespace vigie::sources
