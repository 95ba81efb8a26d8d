#include "modem_transport.hpp"

#include <cstring>

#include "byte_ring.hpp"
#include "stm32_usart.hpp"

namespace vigie::board {
namespace {

constexpr Usart kModem(Usart::kUsart1);
// Acks and commands are small and the loop drains the ring every turn.
ByteRing<256> g_from_modem;

}  // namespace

void ModemTransport::send_header(std::size_t size) {
  kModem.write(header_, size);
}

void ModemTransport::configure(const char* will_topic, const char* will, std::size_t will_size,
                               const char* ack_topic, const char* cmd_topic) {
  std::size_t n = write_will_header(will_topic, will_size, header_, sizeof header_);
  if (n != 0) {
    send_header(n);
    kModem.write(will, will_size);
    kModem.write("\n", 1);
  }
  const char* const topics[] = {ack_topic, cmd_topic};
  for (const char* topic : topics) {
    n = write_sub_header(topic, header_, sizeof header_);
    if (n != 0) send_header(n);
  }
}

bool ModemTransport::publish(const char* topic, const std::uint8_t* payload, std::size_t size,
                             int qos, bool retained) {
  if (!link_up_) return false;
  const std::size_t n = write_pub_header(qos, retained, topic, size, header_, sizeof header_);
  if (n == 0) return false;
  send_header(n);
  kModem.write(payload, size);
  kModem.write("\n", 1);
  return true;
}

void ModemTransport::poll() {
  std::uint8_t byte = 0;
  while (!message_waiting_ && g_from_modem.pop(byte)) {
    switch (reader_.feed(byte)) {
      case ModemFrameReader::Event::link_up:
        link_up_ = true;
        break;
      case ModemFrameReader::Event::link_down:
        link_up_ = false;
        break;
      case ModemFrameReader::Event::message:
        message_waiting_ = true;
        break;
      case ModemFrameReader::Event::none:
        break;
    }
  }
}

bool ModemTransport::take_inbound(const char*& topic, const std::uint8_t*& payload,
                                  std::size_t& size) {
  if (!message_waiting_) return false;
  topic = reader_.topic();
  payload = reader_.payload();
  size = reader_.size();
  return true;
}

}  // namespace vigie::board

extern "C" void USART1_IRQHandler() {
  using namespace vigie::board;
  std::uint8_t byte = 0;
  while (kModem.take(byte)) g_from_modem.push(byte);
}
