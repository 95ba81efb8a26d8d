// A source's checkpoint, kept in a small file beside the node's store
// (STORE.position): the journal's epoch and last seq when it was taken, and
// the source's read position and state. The file is replaced whole (written to
// a temporary file, synced, renamed over, the folder synced), so a crash leaves
// the old checkpoint or the new one, never half of one.
//
// vigie-node takes a checkpoint only after the journal is synced, so the
// checkpoint never runs ahead of the events; the events recorded after it (a
// crash between the journal's sync and the next checkpoint) are known by their
// seqs, and are made again from the same lines at the next start but not
// recorded again.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace vigie::sources {

struct Checkpoint {
  std::uint64_t epoch = 0;  // the journal's
  std::uint64_t seq = 0;    // its last seq when the checkpoint was taken
  nlohmann::json source;    // EventSource::checkpoint()
};

bool write_checkpoint(const std::string& path, const Checkpoint& checkpoint, std::string& error);

enum class CheckpointRead : std::uint8_t { none, ok, bad };
// `none`: no file (a first start). `bad` with `error` naming the file.
CheckpointRead read_checkpoint(const std::string& path, Checkpoint& checkpoint, std::string& error);

}  // namespace vigie::sources
