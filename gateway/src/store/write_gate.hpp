// One writer at a time among this process's connections to one store file,
// handed over as soon as the writer commits.
//
// SQLite lets one connection write at a time and makes the others wait in its
// busy handler, which sleeps 1, 2, 5, then 10 ms and more between tries: a
// commit that meets another connection's half-millisecond transaction (the
// engine recording an alert while ingest commits an event) can lose several
// milliseconds. The gate queues the process's own writers on a mutex instead.
// SQLite's lock stays the guarantee: the gate is waited for at most as long
// as SQLite's busy timeout, then the writer goes on to SQLite's lock alone.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

namespace vigie::store {

// How long a connection waits for another writer, in the gate and then in SQLite.
inline constexpr std::chrono::milliseconds kBusyTimeout{5000};

using WriteGate = std::timed_mutex;

// The gate of FILE in this process, shared by every connection opened on it; a
// gate of its own for ":memory:" and for an empty path.
std::shared_ptr<WriteGate> write_gate_of(const std::filesystem::path& file);

}  // namespace vigie::store
