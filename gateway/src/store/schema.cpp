#include "store/schema.hpp"

#include <array>
#include <string>

namespace vigie::store {
namespace {

// Never edit a migration once released: add a new one.
constexpr std::array kMigrations = {
    // 1: ingest: nodes, events in columns, quarantine, gaps, sequences, counters.
    R"sql(
CREATE TABLE nodes (
  node TEXT PRIMARY KEY,
  kind TEXT,
  fw TEXT,
  epoch TEXT,
  birth_ts INTEGER,
  state TEXT,
  state_ts INTEGER,
  last_event_ts INTEGER,
  first_seen_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE node_history (
  id INTEGER PRIMARY KEY,
  node TEXT NOT NULL,
  what TEXT NOT NULL CHECK (what IN ('birth', 'state')),
  epoch TEXT,
  kind TEXT,
  fw TEXT,
  state TEXT,
  ts INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  node TEXT NOT NULL,
  epoch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  type TEXT NOT NULL,
  agent TEXT,
  team TEXT,
  state TEXT,
  reason TEXT,
  call TEXT,
  queue TEXT,
  tags TEXT,
  shift TEXT,
  start_ts INTEGER,
  end_ts INTEGER,
  published_ts INTEGER,
  breaks TEXT,
  zone TEXT,
  window_s REAL,
  laeq_db REAL,
  l50_db REAL,
  lpeak_db REAL,
  temp_c REAL,
  co2_ppm REAL,
  received_at INTEGER NOT NULL,
  UNIQUE (node, epoch, seq)
);
CREATE INDEX events_by_agent_ts ON events (agent, ts) WHERE agent IS NOT NULL;
CREATE INDEX events_by_ts ON events (ts);
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  topic TEXT NOT NULL,
  node TEXT,
  epoch TEXT,
  seq INTEGER,
  reason TEXT NOT NULL,
  raw BLOB NOT NULL,
  raw_size INTEGER NOT NULL,
  raw_sha256 TEXT NOT NULL
);
CREATE UNIQUE INDEX quarantine_by_event ON quarantine (node, epoch, seq) WHERE seq IS NOT NULL;
CREATE TABLE gaps (
  id INTEGER PRIMARY KEY,
  node TEXT NOT NULL,
  epoch TEXT NOT NULL,
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  from_ts INTEGER,
  to_ts INTEGER NOT NULL,
  detected_at INTEGER NOT NULL,
  resync_sent_at INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'filled', 'lost')),
  closed_at INTEGER
);
CREATE INDEX gaps_open ON gaps (node, epoch) WHERE status = 'open';
CREATE TABLE sequences (
  node TEXT NOT NULL,
  epoch TEXT NOT NULL,
  contiguous INTEGER NOT NULL,
  max_seen INTEGER NOT NULL,
  max_seen_ts INTEGER,
  PRIMARY KEY (node, epoch)
);
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES
  ('events_received', 0), ('events_stored', 0), ('duplicates', 0),
  ('quarantined', 0), ('gaps', 0);
)sql",
    // 2: alerts: every transition (the evidence), and each alert as it stands.
    R"sql(
CREATE TABLE alert_transitions (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  alert_id TEXT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('state', 'ack', 'justify')),
  from_state TEXT,
  state TEXT NOT NULL,
  at INTEGER NOT NULL,
  alert TEXT NOT NULL,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX alert_transitions_by_alert ON alert_transitions (alert_id, id);
CREATE TABLE alerts (
  alert_id TEXT PRIMARY KEY,
  criterion TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  state TEXT NOT NULL,
  severity TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  alert TEXT NOT NULL
);
CREATE INDEX alerts_by_state ON alerts (state, updated_at);
CREATE INDEX alerts_by_criterion ON alerts (criterion, started_at);
)sql",
    // 3: the evidence ledger: leaf hashes of an RFC 9162 Merkle tree (never
    // deleted, so every checkpoint stays verifiable), the entries themselves
    // (deleted only by retention, through the purge gate), signed checkpoints.
    R"sql(
CREATE TABLE ledger_leaves (
  idx INTEGER PRIMARY KEY,
  hash BLOB NOT NULL CHECK (length(hash) = 32)
);
CREATE TABLE ledger_entries (
  idx INTEGER PRIMARY KEY,
  src TEXT NOT NULL,
  src_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  entry TEXT NOT NULL,
  UNIQUE (src, src_id)
);
CREATE INDEX ledger_entries_by_at ON ledger_entries (at);
CREATE TABLE ledger_purge_gate (open INTEGER NOT NULL);
INSERT INTO ledger_purge_gate (open) VALUES (0);
CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY,
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  signed_at INTEGER NOT NULL
);
CREATE TRIGGER ledger_leaves_no_update BEFORE UPDATE ON ledger_leaves
BEGIN SELECT RAISE(ABORT, 'the evidence ledger is append-only'); END;
CREATE TRIGGER ledger_leaves_no_delete BEFORE DELETE ON ledger_leaves
BEGIN SELECT RAISE(ABORT, 'the evidence ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the evidence ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
WHEN (SELECT open FROM ledger_purge_gate) = 0
BEGIN SELECT RAISE(ABORT, 'the evidence ledger is append-only'); END;
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
)sql",
    // 4: retention. The ledger feed must not forget what it appended once
    // retention deletes the entries: ledger_cursor keeps, per source, the
    // highest source id ever appended (last_id, kept by every append) and a
    // horizon below which every source id is known to have been appended
    // (raised by retention, read by sources fed out of order: gaps.closed).
    // Both only ever grow. Indexes on received_at let retention find old raw
    // rows without scanning the tables.
    R"sql(
CREATE TABLE ledger_cursor (
  src TEXT PRIMARY KEY,
  last_id INTEGER NOT NULL DEFAULT 0,
  horizon INTEGER NOT NULL DEFAULT 0
);
INSERT INTO ledger_cursor (src, last_id)
  SELECT src, max(src_id) FROM ledger_entries GROUP BY src;
CREATE TRIGGER ledger_cursor_no_rewind BEFORE UPDATE ON ledger_cursor
WHEN NEW.last_id < OLD.last_id OR NEW.horizon < OLD.horizon
BEGIN SELECT RAISE(ABORT, 'the ledger cursor only moves forward'); END;
CREATE TRIGGER ledger_cursor_no_delete BEFORE DELETE ON ledger_cursor
BEGIN SELECT RAISE(ABORT, 'the ledger cursor only moves forward'); END;
CREATE INDEX events_by_received_at ON events (received_at);
CREATE INDEX quarantine_by_received_at ON quarantine (received_at);
)sql",
    // 5: node watermarks (contract sec. 3.4): the latest one each sequence
    // received (`until`, the seq it covers, when it came), so that a restart
    // clocks the node as the run before did; and which bound a quarantined
    // message passed (a node over its agent quota is alerted on, SYS-03).
    R"sql(
ALTER TABLE sequences ADD COLUMN until_ts INTEGER;
ALTER TABLE sequences ADD COLUMN until_seq INTEGER;
ALTER TABLE sequences ADD COLUMN until_at INTEGER;
CREATE INDEX gaps_by_from_ts ON gaps (from_ts);
ALTER TABLE quarantine ADD COLUMN refusal TEXT;
)sql",
    // 6: the outbox (issue 18): each fact the group's central PostgreSQL consolidates is
    // queued by a trigger, so in the very transaction that stores it, whoever writes it;
    // only while shipping is enabled (outbox_state), so a site without a central queues
    // nothing. A row names its source row, from which the shipper builds the payload at
    // ship time (those rows are never deleted), and keeps the ledger entry of an agent's
    // day itself (retention deletes entries). AUTOINCREMENT: an id is never reused, so
    // the outbox ships in id order and "shipped through id N" means one thing.
    R"sql(
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL
    CHECK (source IN ('alert_transition', 'node_history', 'gap', 'agent_day', 'checkpoint')),
  source_id INTEGER NOT NULL,
  payload TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE outbox_state (enabled INTEGER NOT NULL);
INSERT INTO outbox_state (enabled) VALUES (0);
CREATE TRIGGER alert_transitions_outbox AFTER INSERT ON alert_transitions
WHEN (SELECT enabled FROM outbox_state) = 1
BEGIN
  INSERT INTO outbox (source, source_id, created_at) VALUES ('alert_transition', NEW.id,
    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER node_history_outbox AFTER INSERT ON node_history
WHEN (SELECT enabled FROM outbox_state) = 1
BEGIN
  INSERT INTO outbox (source, source_id, created_at) VALUES ('node_history', NEW.id,
    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER gaps_opened_outbox AFTER INSERT ON gaps
WHEN (SELECT enabled FROM outbox_state) = 1
BEGIN
  INSERT INTO outbox (source, source_id, created_at) VALUES ('gap', NEW.id,
    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER gaps_closed_outbox AFTER UPDATE OF status ON gaps
WHEN NEW.status != OLD.status AND (SELECT enabled FROM outbox_state) = 1
BEGIN
  INSERT INTO outbox (source, source_id, created_at) VALUES ('gap', NEW.id,
    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER agent_day_outbox AFTER INSERT ON ledger_entries
WHEN NEW.kind = 'agent.day' AND (SELECT enabled FROM outbox_state) = 1
BEGIN
  INSERT INTO outbox (source, source_id, payload, created_at) VALUES ('agent_day', NEW.idx,
    NEW.entry, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER checkpoints_outbox AFTER INSERT ON checkpoints
WHEN (SELECT enabled FROM outbox_state) = 1
BEGIN
  INSERT INTO outbox (source, source_id, created_at) VALUES ('checkpoint', NEW.id,
    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
)sql",
    // 7: witnesses' cosignatures of the checkpoints (C2SP tlog-cosignature lines, as each
    // witness answered), and per witness the size it last cosigned, to prove from.
    R"sql(
CREATE TABLE witness_cosignatures (
  witness TEXT NOT NULL,
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  line TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (witness, size, root)
);
CREATE TABLE witness_progress (
  witness TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
)sql",
    // 8: what one message changes, in one row (issue 15). Each sequence keeps its own share
    // of the counters and when its node last had events stored, so that a commit of one
    // event writes the event, its indexes and its sequence's row, not also a page of
    // counters and one of nodes. `counters` is now the sum: what the table held before
    // (and what belongs to no sequence: a message quarantined before its epoch is known),
    // plus every sequence's share; it is read as before.
    R"sql(
ALTER TABLE sequences ADD COLUMN events_received INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sequences ADD COLUMN events_stored INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sequences ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sequences ADD COLUMN quarantined INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sequences ADD COLUMN gaps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sequences ADD COLUMN last_event_ts INTEGER;
ALTER TABLE sequences ADD COLUMN last_stored_at INTEGER;
ALTER TABLE counters RENAME TO counters_base;
CREATE VIEW counters (name, value) AS
  SELECT b.name, b.value + coalesce((SELECT sum(CASE b.name
      WHEN 'events_received' THEN s.events_received WHEN 'events_stored' THEN s.events_stored
      WHEN 'duplicates' THEN s.duplicates WHEN 'quarantined' THEN s.quarantined
      WHEN 'gaps' THEN s.gaps ELSE 0 END) FROM sequences s), 0)
  FROM counters_base b;
)sql",
};

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

int schema_version(Database& db) {
  return static_cast<int>(db.scalar("PRAGMA user_version"));
}

void migrate(Database& db) {
  const int have = schema_version(db);
  if (have > latest_schema_version())
    throw StoreError(db.file().string() + ": schema version " + std::to_string(have) +
                         " is newer than this build (" + std::to_string(latest_schema_version()) +
                         ")",
                     SQLITE_ERROR);
  for (int v = have; v < latest_schema_version(); ++v) {
    Transaction tx(db);
    db.exec(kMigrations[static_cast<std::size_t>(v)]);
    db.exec("PRAGMA user_version=" + std::to_string(v + 1));
    tx.commit();
  }
}

}  // namespace vigie::store
