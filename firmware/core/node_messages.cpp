#include "core/node_messages.hpp"

#include <initializer_list>

#include "core/json_reader.hpp"
#include "core/json_writer.hpp"
#include "core/wire_vocabulary.hpp"

namespace vigie::fw {
namespace {

constexpr std::string_view kTopicRoot = "vigie/v1/";

void make_topic(const NodeIdentity& id, std::string_view suffix, Topic& out) {
  char text[kTopicMax];
  std::size_t n = 0;
  for (std::string_view part : {kTopicRoot, id.site.view(), std::string_view("/node/"),
                                id.node.view(), std::string_view("/"), suffix})
    for (char c : part) text[n++] = c;
  out.assign(std::string_view(text, n));
}

static_assert(static_cast<std::size_t>(NodeStatus::lost) + 1 == wire::count(wire::kNodeStatuses));

const char* status_name(NodeStatus s) {
  const auto i = static_cast<std::size_t>(s);
  return i < wire::count(wire::kNodeStatuses) ? wire::kNodeStatuses[i] : "?";
}

bool read_epoch(JsonReader& json, std::uint64_t& epoch) {
  FixedString<kEpochChars> text;
  if (!json.read_string(text)) return false;
  return parse_epoch(text.view(), epoch) || json.fail("epoch: 16 hex digits expected");
}

}  // namespace

bool make_identity(std::string_view site, std::string_view node, NodeKind kind, std::string_view fw,
                   NodeIdentity& out) {
  if (!assign_id(out.site, site) || !assign_id(out.node, node)) return false;
  if (fw.empty() || !out.fw.assign(fw)) return false;
  out.kind = kind;
  return true;
}

void make_topics(const NodeIdentity& id, NodeTopics& out) {
  make_topic(id, "birth", out.birth);
  make_topic(id, "state", out.state);
  make_topic(id, "evt", out.evt);
  make_topic(id, "ack", out.ack);
  make_topic(id, "cmd", out.cmd);
}

std::size_t write_birth(const NodeIdentity& id, std::uint64_t epoch, std::int64_t ts, char* out,
                        std::size_t capacity) {
  char epoch_text[kEpochChars + 1];
  format_epoch(epoch, epoch_text);
  JsonWriter json(out, capacity);
  json.begin_object();
  json.key("v");
  json.u64(1);
  json.key("node");
  json.string(id.node.view());
  json.key("epoch");
  json.string(epoch_text);
  json.key("kind");
  json.string(kind_name(id.kind));
  json.key("fw");
  json.string(id.fw.view());
  json.key("ts");
  json.i64(ts);
  json.end_object();
  return json.ok() ? json.size() : 0;
}

std::size_t write_state(NodeStatus status, std::uint64_t epoch, std::int64_t ts, char* out,
                        std::size_t capacity) {
  char epoch_text[kEpochChars + 1];
  format_epoch(epoch, epoch_text);
  JsonWriter json(out, capacity);
  json.begin_object();
  json.key("state");
  json.string(status_name(status));
  json.key("epoch");
  json.string(epoch_text);
  json.key("ts");
  json.i64(ts);
  json.end_object();
  return json.ok() ? json.size() : 0;
}

bool parse_ack(const std::uint8_t* payload, std::size_t size, Ack& out) {
  JsonReader json(reinterpret_cast<const char*>(payload), size);
  bool has_epoch = false, has_seq = false;
  Ack ack;
  if (!json.begin_object()) return false;
  while (json.next_member()) {
    if (json.key() == "epoch") {
      has_epoch = read_epoch(json, ack.epoch);
    } else if (json.key() == "seq") {
      has_seq = json.read_u64(ack.seq);
    } else {
      json.skip_value();  // "ts" and any later addition
    }
  }
  if (!json.finish() || !has_epoch || !has_seq) return false;
  out = ack;
  return true;
}

bool parse_command(const std::uint8_t* payload, std::size_t size, Command& out) {
  JsonReader json(reinterpret_cast<const char*>(payload), size);
  FixedString<16> name;
  bool has_name = false, has_epoch = false, has_from = false, has_agent = false,
       has_criterion = false;
  Command cmd;
  if (!json.begin_object()) return false;
  while (json.next_member()) {
    std::string_view key = json.key();
    if (key == "cmd") {
      has_name = json.read_string(name);
    } else if (key == "epoch") {
      has_epoch = read_epoch(json, cmd.epoch);
    } else if (key == "from_seq") {
      has_from = json.read_u64(cmd.from_seq);
    } else if (key == "agent") {
      has_agent = json.read_string(cmd.agent) && is_valid_id(cmd.agent.view());
    } else if (key == "criterion") {
      has_criterion = json.read_string(cmd.criterion) && is_valid_id(cmd.criterion.view());
    } else if (key == "text") {
      json.read_text(cmd.text);
    } else {
      json.skip_value();
    }
  }
  if (!json.finish() || !has_name) return false;
  if (name.view() == "resync") {
    if (!has_epoch || !has_from || cmd.from_seq == 0) return false;
    cmd.kind = Command::Kind::resync;
  } else if (name.view() == "nudge") {
    if (!has_agent || !has_criterion) return false;
    cmd.kind = Command::Kind::nudge;
  } else {
    return false;
  }
  out = cmd;
  return true;
}

}  // namespace vigie::fw
