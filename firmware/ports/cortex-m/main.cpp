// A desk unit on a Cortex-M4: reads event lines from USART2, journals them,
// and keeps its gateway informed through the modem on USART1. Everything is
// static.
#include "board_ports.hpp"
#include "core/event_json.hpp"
#include "core/node_session.hpp"
#include "line_feed.hpp"
#include "stm32_usart.hpp"

namespace {

using namespace vigie;
using board::BoardPorts;
using Session = fw::NodeSession<BoardPorts>;

constexpr std::uint32_t kCoreHz = 16000000;  // the internal RC oscillator after reset

// Provisioning would come from a configuration sector; fixed for the stub.
constexpr const char* kSite = "paris-1";
constexpr const char* kNode = "desk-0001";
constexpr const char* kFirmware = "1.0.0";

board::SysTickClock g_clock;
board::JournalFlash g_flash;
board::ModemTransport g_transport;
board::LedIndicator g_indicator;
Session::JournalType g_journal(g_flash);
board::LineFeed g_feed;
fw::Event g_line_event;

[[noreturn]] void halt() {
  for (;;) __asm volatile("wfi");
}

void announce_will(const Session& session) {
  static char will[fw::kControlPayloadMax];
  std::size_t size = session.will_payload(will, sizeof will);
  g_transport.configure(session.state_topic(), will, size, session.ack_topic(),
                        session.cmd_topic());
}

}  // namespace

int main() {
  g_clock.start(kCoreHz);
  board::start_serial_ports();
  if (g_journal.open(board::random_epoch()) == Session::JournalType::OpenResult::failed) halt();

  fw::NodeIdentity identity;
  if (!fw::make_identity(kSite, kNode, fw::NodeKind::desk, kFirmware, identity)) halt();
  fw::SessionConfig config;
  config.batch_max = 20;
  static Session session(g_clock, g_transport, g_indicator, g_journal, identity, config);
  announce_will(session);

  bool link_was_up = false;
  bool event_waiting = false;  // parsed but not yet journaled (journal full)
  for (;;) {
    g_transport.poll();
    const bool link_up = g_transport.connected();
    if (link_up && !link_was_up) session.on_connected();
    if (!link_up && link_was_up) {
      session.on_disconnected();
      announce_will(session);  // the next CONNECT carries a fresh Will
    }
    link_was_up = link_up;

    const char* topic = nullptr;
    const std::uint8_t* payload = nullptr;
    std::size_t size = 0;
    while (g_transport.take_inbound(topic, payload, size)) {
      session.on_message(topic, payload, size);
      g_transport.release_inbound();
      g_transport.poll();
    }

    const char* line = nullptr;
    std::size_t line_size = 0;
    fw::EventLineError error;
    if (!event_waiting && g_feed.next_line(line, line_size))
      event_waiting = fw::read_event_line(std::string_view(line, line_size), g_line_event, error);
    if (event_waiting) event_waiting = session.record(g_line_event) == fw::RecordResult::full;

    session.tick();
    __asm volatile("wfi");  // SysTick wakes the loop every millisecond
  }
}
