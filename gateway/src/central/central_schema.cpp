#include "central/central_schema.hpp"

#include <array>

namespace vigie::central {
namespace {

// Never edit a migration once released: add a new one.
constexpr std::array kMigrations = {
    // 1: the roles, the sites and their facts. Every fact table is keyed by
    // (site, the site's row id, its time): the time is the partition key, which
    // PostgreSQL wants in the key, and never changes for a given row, so the key
    // names one fact and a shipment sent twice is an update to the same values.
    R"sql(
DO $roles$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vigie_site') THEN
    CREATE ROLE vigie_site NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vigie_reader') THEN
    CREATE ROLE vigie_reader NOLOGIN;
  END IF;
END $roles$;
GRANT USAGE ON SCHEMA vigie TO vigie_site, vigie_reader;

-- Which login role ships for which site: a site role writes that site's rows only.
CREATE TABLE vigie.site_roles (
  role name PRIMARY KEY,
  site text NOT NULL UNIQUE
);
GRANT SELECT ON vigie.site_roles TO vigie_site, vigie_reader;
CREATE FUNCTION vigie.current_site() RETURNS text LANGUAGE sql STABLE
AS $$ SELECT site FROM vigie.site_roles WHERE role = current_user $$;
CREATE FUNCTION vigie.add_site(p_site text, p_role name) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO vigie.site_roles (role, site) VALUES (p_role, p_site);
  EXECUTE format('GRANT vigie_site TO %I', p_role);
END $$;
REVOKE EXECUTE ON FUNCTION vigie.add_site(text, name) FROM PUBLIC;

-- Each site's shipping as it last reported it: how far, and what it still holds.
CREATE TABLE vigie.sites (
  site text PRIMARY KEY,
  gateway_id text NOT NULL,
  shipped_through bigint NOT NULL,
  outbox_depth bigint NOT NULL,
  outbox_oldest timestamptz,
  last_batch_at timestamptz NOT NULL
);

CREATE TABLE vigie.alert_transitions (
  site text NOT NULL,
  id bigint NOT NULL,
  at timestamptz NOT NULL,
  key text NOT NULL,
  alert_id text NOT NULL,
  change text NOT NULL,
  from_state text,
  state text NOT NULL,
  criterion text NOT NULL,
  severity text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text NOT NULL,
  started_at timestamptz,
  alert jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (site, id, at)
) PARTITION BY RANGE (at);
CREATE INDEX alert_transitions_by_criterion ON vigie.alert_transitions (criterion, at, site);
CREATE INDEX alert_transitions_by_alert ON vigie.alert_transitions (site, alert_id, at);

CREATE TABLE vigie.node_history (
  site text NOT NULL,
  id bigint NOT NULL,
  at timestamptz NOT NULL,
  node text NOT NULL,
  what text NOT NULL,
  epoch text,
  node_kind text,
  fw text,
  state text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (site, id, at)
) PARTITION BY RANGE (at);
CREATE INDEX node_history_by_node ON vigie.node_history (site, node, at);

CREATE TABLE vigie.gaps (
  site text NOT NULL,
  id bigint NOT NULL,
  detected_at timestamptz NOT NULL,
  node text NOT NULL,
  epoch text NOT NULL,
  from_seq bigint NOT NULL,
  to_seq bigint NOT NULL,
  from_ts timestamptz,
  to_ts timestamptz,
  status text NOT NULL,
  closed_at timestamptz,
  PRIMARY KEY (site, id, detected_at)
) PARTITION BY RANGE (detected_at);
CREATE INDEX gaps_by_status ON vigie.gaps (site, status, detected_at);

-- Each agent's day as its site's ledger holds it (entry: the exact bytes its leaf
-- hash covers, so a site's signed checkpoints vouch for it here too).
CREATE TABLE vigie.agent_days (
  site text NOT NULL,
  id bigint NOT NULL,
  day date NOT NULL,
  agent text NOT NULL,
  work_ms bigint,
  pause_ms bigint,
  off_ms bigint,
  longest_work_ms bigint,
  criteria jsonb NOT NULL,
  entry text NOT NULL,
  PRIMARY KEY (site, id, day)
) PARTITION BY RANGE (day);
CREATE INDEX agent_days_by_day ON vigie.agent_days (day, site);

CREATE TABLE vigie.checkpoints (
  site text NOT NULL,
  id bigint NOT NULL,
  signed_at timestamptz NOT NULL,
  size bigint NOT NULL,
  root text NOT NULL,
  note text NOT NULL,
  PRIMARY KEY (site, id, signed_at)
) PARTITION BY RANGE (signed_at);
CREATE INDEX checkpoints_by_site ON vigie.checkpoints (site, signed_at);

DO $tables$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['alert_transitions', 'node_history', 'gaps', 'agent_days',
                           'checkpoints'] LOOP
    -- Rows of a month without its partition yet land here: never refused.
    EXECUTE format('CREATE TABLE vigie.%I PARTITION OF vigie.%I DEFAULT', t || '_default', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['sites', 'alert_transitions', 'node_history', 'gaps', 'agent_days',
                           'checkpoints'] LOOP
    EXECUTE format('ALTER TABLE vigie.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY site_own_rows ON vigie.%I TO vigie_site'
                   ' USING (site = vigie.current_site()) WITH CHECK (site = vigie.current_site())', t);
    EXECUTE format('CREATE POLICY readers_all_rows ON vigie.%I FOR SELECT TO vigie_reader'
                   ' USING (true)', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON vigie.%I TO vigie_site', t);
    EXECUTE format('GRANT SELECT ON vigie.%I TO vigie_reader', t);
  END LOOP;
END $tables$;

-- A month's partition of PARENT, with the rows of that month moved out of the
-- default partition (attaching would fail with them there). False if it exists.
CREATE FUNCTION vigie.add_month(parent regclass, month date) RETURNS boolean
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
  base text := (SELECT relname FROM pg_class WHERE oid = parent);
  name text := base || to_char(month, '"_"YYYY"_"MM');
  key text := substring(pg_get_partkeydef(parent) FROM '\((.*)\)');
  lo date := date_trunc('month', month)::date;
  hi date := (date_trunc('month', month) + interval '1 month')::date;
BEGIN
  IF to_regclass(format('vigie.%I', name)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE vigie.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                 name, parent);
  EXECUTE format('WITH moved AS (DELETE FROM vigie.%I WHERE %I >= %L AND %I < %L RETURNING *)'
                 ' INSERT INTO vigie.%I SELECT * FROM moved',
                 base || '_default', key, lo, key, hi, name);
  EXECUTE format('ALTER TABLE %s ATTACH PARTITION vigie.%I FOR VALUES FROM (%L) TO (%L)',
                 parent, name, lo, hi);
  RETURN true;
END $$;

-- Monthly partitions from this month to MONTHS_AHEAD ahead, and for every month
-- whose rows wait in a default partition. Returns how many it created.
CREATE FUNCTION vigie.ensure_partitions(months_ahead integer) RETURNS integer
LANGUAGE plpgsql SET TimeZone = 'UTC' AS $$
DECLARE
  t text;
  key text;
  m date;
  added integer := 0;
BEGIN
  FOREACH t IN ARRAY ARRAY['alert_transitions', 'node_history', 'gaps', 'agent_days',
                           'checkpoints'] LOOP
    key := substring(pg_get_partkeydef(format('vigie.%I', t)::regclass) FROM '\((.*)\)');
    FOR m IN EXECUTE format(
        'SELECT DISTINCT date_trunc(''month'', %I)::date FROM vigie.%I'
        ' UNION SELECT generate_series(date_trunc(''month'', now()),'
        ' date_trunc(''month'', now()) + make_interval(months => %s), interval ''1 month'')::date',
        key, t || '_default', months_ahead) LOOP
      IF vigie.add_month(format('vigie.%I', t)::regclass, m) THEN
        added := added + 1;
      END IF;
    END LOOP;
  END LOOP;
  RETURN added;
END $$;
REVOKE EXECUTE ON FUNCTION vigie.add_month(regclass, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION vigie.ensure_partitions(integer) FROM PUBLIC;
)sql",
    // 2: each alert as it stands (its latest transition), kept by the shipments, so
    // that the group's open alerts are read from one small table, not derived from
    // every transition ever shipped. Filled from what migration 1's tables hold.
    R"sql(
CREATE TABLE vigie.alerts (
  site text NOT NULL,
  alert_id text NOT NULL,
  criterion text NOT NULL,
  severity text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text NOT NULL,
  state text NOT NULL,
  started_at timestamptz,
  updated_at timestamptz NOT NULL,
  transition_id bigint NOT NULL,
  alert jsonb NOT NULL,
  PRIMARY KEY (site, alert_id)
);
CREATE INDEX alerts_open ON vigie.alerts (site, criterion) WHERE state <> 'resolved';
INSERT INTO vigie.alerts
  SELECT DISTINCT ON (site, alert_id) site, alert_id, criterion, severity, subject_kind,
    subject_id, state, started_at, at, id, alert
  FROM vigie.alert_transitions ORDER BY site, alert_id, at DESC, id DESC;
ALTER TABLE vigie.alerts ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_own_rows ON vigie.alerts TO vigie_site
  USING (site = vigie.current_site()) WITH CHECK (site = vigie.current_site());
CREATE POLICY readers_all_rows ON vigie.alerts FOR SELECT TO vigie_reader USING (true);
GRANT SELECT, INSERT, UPDATE ON vigie.alerts TO vigie_site;
GRANT SELECT ON vigie.alerts TO vigie_reader;
)sql",
    // 3: the site policies ask for the role's site once per statement (a scalar subquery
    // is an InitPlan), not once per row: a shipment writes thousands of rows.
    R"sql(
DO $policies$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sites', 'alert_transitions', 'node_history', 'gaps', 'agent_days',
                           'checkpoints', 'alerts'] LOOP
    EXECUTE format('ALTER POLICY site_own_rows ON vigie.%I'
                   ' USING (site = (SELECT vigie.current_site()))'
                   ' WITH CHECK (site = (SELECT vigie.current_site()))', t);
  END LOOP;
END $policies$;
)sql",
    // 4: what the group's pages add up, kept as facts arrive: per site, day and criterion,
    // the agents' days held, breached, justified or without data, and the alerts fired. Each
    // shipment adds only the rows it inserted (agents' days and transitions never change, so
    // one sent again inserts nothing and adds nothing). An alert's object is read from its
    // latest transition, not copied into vigie.alerts by every shipment.
    R"sql(
ALTER TABLE vigie.alerts DROP COLUMN alert;
CREATE TABLE vigie.criterion_days (
  site text NOT NULL,
  day date NOT NULL,
  criterion text NOT NULL,
  agent_days bigint NOT NULL DEFAULT 0,
  breached bigint NOT NULL DEFAULT 0,
  justified bigint NOT NULL DEFAULT 0,
  no_data bigint NOT NULL DEFAULT 0,
  alerts_fired bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (site, day, criterion)
);
CREATE INDEX criterion_days_by_day ON vigie.criterion_days (day);
INSERT INTO vigie.criterion_days (site, day, criterion, agent_days, breached, justified, no_data)
  SELECT d.site, d.day, c.key, count(*), count(*) FILTER (WHERE c.value = 'breached'),
    count(*) FILTER (WHERE c.value = 'justified'), count(*) FILTER (WHERE c.value = 'no_data')
  FROM vigie.agent_days d, jsonb_each_text(d.criteria) c GROUP BY 1, 2, 3;
INSERT INTO vigie.criterion_days (site, day, criterion, alerts_fired)
  SELECT site, (at AT TIME ZONE 'UTC')::date, criterion, count(*) FROM vigie.alert_transitions
  WHERE change = 'state' AND state = 'firing' GROUP BY 1, 2, 3
  ON CONFLICT (site, day, criterion) DO UPDATE SET alerts_fired = EXCLUDED.alerts_fired;
CREATE INDEX alerts_by_start ON vigie.alerts (site, started_at);
ALTER TABLE vigie.criterion_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY site_own_rows ON vigie.criterion_days TO vigie_site
  USING (site = (SELECT vigie.current_site())) WITH CHECK (site = (SELECT vigie.current_site()));
CREATE POLICY readers_all_rows ON vigie.criterion_days FOR SELECT TO vigie_reader USING (true);
GRANT SELECT, INSERT, UPDATE ON vigie.criterion_days TO vigie_site;
GRANT SELECT ON vigie.criterion_days TO vigie_reader;
)sql",
};

// Any number that names Vigie's migrations among the database's advisory locks.
constexpr const char* kLockKey = "7652339018";

int applied_version(PgConnection& pg) {
  const auto rows = pg.exec("SELECT coalesce(max(version), 0) FROM vigie.schema_migrations");
  return std::stoi(rows.at(0).at(0).value_or("0"));
}

}  // namespace

int latest_central_version() {
  return static_cast<int>(kMigrations.size());
}

MigrationReport migrate_central(PgConnection& pg, int months_ahead) {
  MigrationReport report;
  pg.exec(std::string("SELECT pg_advisory_lock(") + kLockKey + ")");
  try {
    pg.exec(
        "CREATE SCHEMA IF NOT EXISTS vigie; CREATE TABLE IF NOT EXISTS vigie.schema_migrations"
        " (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
    report.from = applied_version(pg);
    if (report.from > latest_central_version())
      throw CentralError("the central database is at schema version " +
                         std::to_string(report.from) + ", newer than this build (" +
                         std::to_string(latest_central_version()) + "): use a newer vigie");
    for (int v = report.from; v < latest_central_version(); ++v) {
      try {
        pg.exec("BEGIN; " + std::string(kMigrations[static_cast<std::size_t>(v)]) +
                "; INSERT INTO vigie.schema_migrations (version) VALUES (" + std::to_string(v + 1) +
                "); COMMIT");
      } catch (const CentralError& e) {
        try {
          pg.exec("ROLLBACK");
        } catch (const CentralError&) {
          // The connection is gone; the server rolled the transaction back.
        }
        throw CentralError("migration " + std::to_string(v + 1) + ": " + e.what(), e.sqlstate());
      }
    }
    report.to = latest_central_version();
    const auto added =
        pg.exec("SELECT vigie.ensure_partitions($1)", {std::to_string(months_ahead)});
    report.partitions_added = std::stoi(added.at(0).at(0).value_or("0"));
  } catch (...) {
    try {
      pg.exec(std::string("SELECT pg_advisory_unlock(") + kLockKey + ")");
    } catch (const CentralError&) {
      // A lost connection released it.
    }
    throw;
  }
  pg.exec(std::string("SELECT pg_advisory_unlock(") + kLockKey + ")");
  return report;
}

}  // namespace vigie::central
