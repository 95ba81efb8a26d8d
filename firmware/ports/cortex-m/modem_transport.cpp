#include "modem_transport.hpp"

namespace vigie::board {
namespace {

// The modem driver's interface, stubbed as plain memory so the image also runs
// in a simulator: a descriptor the driver would send, the link state it would
// report, and a mailbox its receive interrupt would fill.
struct OutboundFrame {
  const char* volatile topic;
  const std::uint8_t* volatile payload;
  volatile std::size_t size;
  volatile std::uint8_t flags;  // bit 0..1 QoS, bit 2 retained
  volatile bool pending;
};

struct InboundMailbox {
  char topic[160];
  std::uint8_t payload[1024];
  volatile std::size_t size;
  volatile bool full;
};

struct SessionSetup {
  const char* volatile will_topic;
  const char* volatile will;
  volatile std::size_t will_size;
  const char* volatile ack_topic;
  const char* volatile cmd_topic;
};

OutboundFrame g_outbound;
InboundMailbox g_inbound;
SessionSetup g_setup;
volatile bool g_link_up = false;

}  // namespace

void ModemTransport::configure(const char* will_topic, const char* will, std::size_t will_size,
                               const char* ack_topic, const char* cmd_topic) {
  g_setup.will_topic = will_topic;
  g_setup.will = will;
  g_setup.will_size = will_size;
  g_setup.ack_topic = ack_topic;
  g_setup.cmd_topic = cmd_topic;
}

bool ModemTransport::publish(const char* topic, const std::uint8_t* payload, std::size_t size,
                             int qos, bool retained) {
  // One frame at a time: the modem has not taken the last one yet.
  if (!g_link_up || g_outbound.pending) return false;
  g_outbound.topic = topic;
  g_outbound.payload = payload;
  g_outbound.size = size;
  g_outbound.flags = static_cast<std::uint8_t>((qos & 3) | (retained ? 4 : 0));
  g_outbound.pending = true;
  return true;
}

bool ModemTransport::connected() const {
  return g_link_up;
}

bool ModemTransport::take_inbound(const char*& topic, const std::uint8_t*& payload,
                                  std::size_t& size) {
  if (!g_inbound.full) return false;
  topic = g_inbound.topic;
  payload = g_inbound.payload;
  size = g_inbound.size <= sizeof g_inbound.payload ? g_inbound.size : sizeof g_inbound.payload;
  return true;
}

void ModemTransport::release_inbound() {
  g_inbound.full = false;
}

}  // namespace vigie::board
