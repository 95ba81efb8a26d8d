// vigie-node: an edge node on a host. Reads event lines on stdin, journals
// them in a file, and sends them to the gateway through an MQTT broker.
#include <poll.h>
#include <signal.h>
#include <sys/random.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>

#include "core/event_json.hpp"
#include "core/node_session.hpp"
#include "input_lines.hpp"
#include "line_intake.hpp"
#include "node_options.hpp"
#include "posix_ports.hpp"
#include "source_pump.hpp"
#include "sources/asterisk_source.hpp"
#include "sources/mapped_source.hpp"
#include "sources/schedule_source.hpp"

namespace {

using namespace vigie;
using posix::PosixPorts;
using Session = fw::NodeSession<PosixPorts>;
using JournalType = Session::JournalType;

volatile sig_atomic_t g_stop_requests = 0;

void on_stop_signal(int) {
  g_stop_requests = g_stop_requests + 1;
}

void install_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

std::uint64_t fresh_epoch() {
  std::uint64_t epoch = 0;
  while (getrandom(&epoch, sizeof epoch, 0) != static_cast<ssize_t>(sizeof epoch)) {
  }
  return epoch;
}

std::string epoch_text(std::uint64_t epoch) {
  char text[fw::kEpochChars + 1];
  fw::format_epoch(epoch, text);
  return text;
}

// The tables a --source reads beside its input (roster, pause reasons).
struct SourceTables {
  sources::AgentRoster roster;
  sources::PauseReasons reasons;
  sources::ActivityMap map;
};

std::unique_ptr<sources::EventSource> make_source(const posix::SourceOptions& o,
                                                  std::int64_t lateness_ms, SourceTables& tables,
                                                  std::string& error) {
  tables.roster = sources::AgentRoster(o.team);
  if (!o.roster.empty() && !tables.roster.load(o.roster, error)) return nullptr;
  if (!o.pause_reasons.empty() && !tables.reasons.load(o.pause_reasons, error)) return nullptr;
  if (o.kind == posix::SourceKind::schedule) {
    sources::ScheduleOptions schedule;
    schedule.path = o.path;
    schedule.zone = o.zone;
    schedule.follow = o.follow;
    schedule.lateness_ms = lateness_ms;
    return std::make_unique<sources::ScheduleSource>(schedule, tables.roster);
  }
  if (o.kind == posix::SourceKind::mapped) {
    if (!tables.map.load(o.map, error)) return nullptr;
    sources::MappedOptions mapped;
    mapped.path = o.path;
    mapped.follow = o.follow;
    mapped.lateness_ms = lateness_ms;
    return std::make_unique<sources::MappedSource>(mapped, tables.map, tables.roster);
  }
  sources::AsteriskOptions asterisk;
  asterisk.path = o.path;
  if (o.has_since) asterisk.since = o.since_ms;
  asterisk.follow = o.follow;
  asterisk.lateness_ms = lateness_ms;
  asterisk.rules.wrapup_ms = o.wrapup_ms;
  asterisk.rules.idle_logout_ms = o.idle_logout_ms;
  return std::make_unique<sources::AsteriskQueueLogSource>(asterisk, tables.roster, tables.reasons);
}

}  // namespace

int main(int argc, char** argv) {
  posix::NodeOptions options;
  std::string error;
  switch (posix::parse_node_options(argc, argv, options, error)) {
    case posix::ParseOutcome::help:
      std::fputs(posix::kNodeUsage, stdout);
      return 0;
    case posix::ParseOutcome::bad:
      std::fprintf(stderr, "vigie-node: %s (see vigie-node --help)\n", error.c_str());
      return 2;
    case posix::ParseOutcome::run:
      break;
  }
  if (!posix::load_node_secrets(options, error)) {
    std::fprintf(stderr, "vigie-node: %s\n", error.c_str());
    return 2;
  }
  install_signals();

  posix::FileFlash flash;
  if (!flash.open(options.store, error)) {
    std::fprintf(stderr, "vigie-node: %s\n", error.c_str());
    return 1;
  }
  flash.set_sync_each_write(options.sync_each_event);
  auto journal = std::make_unique<JournalType>(flash);
  switch (journal->open(fresh_epoch())) {
    case JournalType::OpenResult::failed:
      std::fprintf(stderr, "vigie-node: the store %s cannot be read or formatted\n",
                   options.store.c_str());
      return 1;
    case JournalType::OpenResult::formatted:
      std::fprintf(stderr, "vigie-node: new store %s, epoch %s\n", options.store.c_str(),
                   epoch_text(journal->epoch()).c_str());
      break;
    case JournalType::OpenResult::mounted:
      std::fprintf(stderr,
                   "vigie-node: store %s, epoch %s, next seq %" PRIu64 ", %" PRIu64
                   " events kept from before\n",
                   options.store.c_str(), epoch_text(journal->epoch()).c_str(), journal->next_seq(),
                   journal->last_seq() - journal->released());
      break;
  }

  fw::NodeIdentity identity;
  fw::make_identity(options.site, options.node, options.kind, VIGIE_NODE_VERSION, identity);
  posix::SystemClock clock;
  posix::PahoTransport transport;
  posix::StderrIndicator indicator;
  auto session =
      std::make_unique<Session>(clock, transport, indicator, *journal, identity, options.session);

  char will[fw::kControlPayloadMax];
  posix::PahoTransport::Setup setup;
  setup.broker_url = options.broker;
  setup.client_id = "vigie-node-" + options.site + "-" + options.node;  // stable: one session
  setup.will_topic = session->state_topic();
  setup.will_payload.assign(will, session->will_payload(will, sizeof will));
  setup.ack_topic = session->ack_topic();
  setup.cmd_topic = session->cmd_topic();
  setup.ca_file = options.ca_file;
  setup.cert_file = options.cert_file;
  setup.key_file = options.key_file;
  setup.username = options.username;
  setup.password = options.password;
  if (!transport.start(setup, error)) {
    std::fprintf(stderr, "vigie-node: %s\n", error.c_str());
    return 2;
  }

  posix::InputLines input(STDIN_FILENO);
  posix::LineIntake<Session> intake(input, *session, options.watermarks, options.lateness_ms);
  SourceTables tables;
  std::unique_ptr<sources::EventSource> source;
  std::unique_ptr<posix::SourcePump<Session>> pump;
  if (options.source.kind != posix::SourceKind::stdin_lines) {
    source = make_source(options.source, options.lateness_ms, tables, error);
    if (source == nullptr) {
      std::fprintf(stderr, "vigie-node: %s\n", error.c_str());
      return 2;
    }
    pump = std::make_unique<posix::SourcePump<Session>>(
        *source, *session, *journal, options.store + ".position",
        options.watermarks != posix::WatermarkSource::off);
    if (!pump->start(error)) {
      std::fprintf(stderr, "vigie-node: %s (remove it to start afresh)\n", error.c_str());
      return 1;
    }
  }
  bool reading = true;   // stdin still open and wanted
  bool waiting = false;  // a line waits for room in the journal
  std::int64_t drain_deadline = -1;
  bool all_acked = false;
  bool ever_connected = false;

  for (;;) {
    pollfd fds[2] = {{transport.wake_fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    // A file source is read on every turn (at most 20 ms apart).
    const nfds_t count = reading && !waiting && !pump ? 2 : 1;
    ::poll(fds, count, 20);
    transport.drain_wake();
    const std::int64_t now = clock.now_ms();

    posix::LinkEvent event;
    while (transport.next_event(event)) {
      switch (event.kind) {
        case posix::LinkEvent::Kind::connected:
          std::fprintf(stderr, "vigie-node: connected to %s\n", options.broker.c_str());
          ever_connected = true;
          session->on_connected();
          break;
        case posix::LinkEvent::Kind::lost:
          std::fprintf(stderr, "vigie-node: connection lost; reconnecting\n");
          session->on_disconnected();
          break;
        case posix::LinkEvent::Kind::message:
          session->on_message(event.topic,
                              reinterpret_cast<const std::uint8_t*>(event.payload.data()),
                              event.payload.size());
          break;
      }
    }
    transport.retry_if_needed(now);

    if (pump) {
      if (reading) waiting = !pump->drain(now);
    } else {
      if (count == 2 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) input.fill();
      waiting = !intake.drain(now);
    }
    journal->sync();              // group commit: one fdatasync for all the lines just taken
    if (pump) pump->commit(now);  // the read position, only once its events are synced
    session->tick();

    if (g_stop_requests > 1) break;  // asked twice: leave now, the store keeps the rest
    if (g_stop_requests > 0) {
      reading = false;
      if (pump) waiting = false;  // the source's unrecorded events are made again next start
    }
    if (pump ? pump->finished() : input.finished()) reading = false;
    if (reading || waiting) continue;

    if (drain_deadline < 0) {
      drain_deadline = now + static_cast<std::int64_t>(options.drain_timeout_s) * 1000;
      std::fprintf(stderr,
                   "vigie-node: end of input after %" PRIu64 " events; waiting for %" PRIu64
                   " acks\n",
                   pump ? pump->recorded() : intake.recorded(), session->unacked());
    }
    all_acked = session->all_acked();
    if (all_acked || now >= drain_deadline) break;
  }

  all_acked = session->all_acked();
  if (pump && journal->sync()) pump->commit(clock.now_ms(), true);
  if (!session->stop() && ever_connected)
    std::fprintf(stderr, "vigie-node: not connected: the broker will publish the Will (lost)\n");
  transport.stop(2000);
  if (source) source->summary(stderr);
  if (intake.bad_lines() > 0)
    std::fprintf(stderr, "vigie-node: %" PRIu64 " bad lines skipped\n", intake.bad_lines());
  if (intake.late_lines() > 0)
    std::fprintf(stderr, "vigie-node: %" PRIu64 " events came after their watermark\n",
                 intake.late_lines());
  if (!all_acked) {
    std::fprintf(stderr,
                 "vigie-node: %" PRIu64 " events not acked yet; kept in %s for the next start\n",
                 session->unacked(), options.store.c_str());
    return 1;
  }
  std::fprintf(stderr, "vigie-node: every event acked; offline\n");
  return 0;
}
