// The store's schema, as an ordered list of migrations. PRAGMA user_version
// records how many have been applied.
#pragma once

#include "store/database.hpp"

namespace vigie::store {

// Applies every migration not yet applied, each in its own transaction.
// Throws StoreError if the file's version is newer than this build knows.
void migrate(Database& db);
int schema_version(Database& db);
int latest_schema_version();

}  // namespace vigie::store
