// The group's central PostgreSQL schema (`vigie central migrate`): versioned
// migrations recorded in vigie.schema_migrations, tables partitioned by month,
// a role per site that writes only its own rows (row-level security), and a
// read-only reader role.
#pragma once

#include <string>

#include "central/pg_connection.hpp"

namespace vigie::central {

int latest_central_version();

struct MigrationReport {
  int from = 0, to = 0;      // schema versions before and after
  int partitions_added = 0;  // monthly partitions created this run
};

// Applies every migration not applied yet, each in its own transaction, under an
// advisory lock (two runs at once take turns), then makes sure each partitioned
// table has its monthly partitions from the current month to MONTHS_AHEAD ahead
// and for every month whose rows wait in its default partition. Throws
// CentralError; a database from a newer build is refused.
MigrationReport migrate_central(PgConnection& pg, int months_ahead);

}  // namespace vigie::central
