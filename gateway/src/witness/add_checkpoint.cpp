#include "witness/add_checkpoint.hpp"

#include <charconv>
#include <cstring>

namespace vigie::witness {
namespace {

// Decimal without leading zeros ("0" alone is zero), as the spec writes sizes.
std::optional<std::uint64_t> decimal(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::nullopt_t fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

}  // namespace

std::string format_add_checkpoint(const AddCheckpoint& request) {
  std::string out = "old " + std::to_string(request.old_size) + "\n";
  for (const auto& h : request.proof) out += evidence::base64_encode(evidence::as_bytes(h)) + "\n";
  return out + "\n" + request.note;
}

std::optional<AddCheckpoint> parse_add_checkpoint(std::string_view body, std::string* error) {
  AddCheckpoint out;
  auto next_line = [&body]() -> std::optional<std::string_view> {
    const auto eol = body.find('\n');
    if (eol == std::string_view::npos) return std::nullopt;
    const auto line = body.substr(0, eol);
    body.remove_prefix(eol + 1);
    return line;
  };
  const auto first = next_line();
  if (!first || first->substr(0, 4) != "old ")
    return fail(error, "line 1: expected \"old <size>\"");
  const auto old_size = decimal(first->substr(4));
  if (!old_size) return fail(error, "line 1: the old size is not a decimal number");
  out.old_size = *old_size;
  for (std::size_t n = 2;; ++n) {
    const auto line = next_line();
    if (!line) return fail(error, "no blank line before the checkpoint");
    if (line->empty()) break;
    if (out.proof.size() == kMaxProofLines)
      return fail(error, "more than 63 consistency proof lines");
    const auto raw = evidence::base64_decode(*line);
    evidence::Hash h{};
    if (!raw || raw->size() != h.size())
      return fail(error, "line " + std::to_string(n) + ": not the base64 of a 32-byte hash");
    std::memcpy(h.data(), raw->data(), h.size());
    out.proof.push_back(h);
  }
  if (body.empty()) return fail(error, "no checkpoint after the blank line");
  out.note = std::string(body);
  return out;
}

std::optional<std::uint64_t> parse_size_body(std::string_view body) {
  if (body.empty() || body.back() != '\n') return std::nullopt;
  return decimal(body.substr(0, body.size() - 1));
}

}  // namespace vigie::witness
