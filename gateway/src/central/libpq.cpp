#include "central/libpq.hpp"

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace vigie::central {
namespace {

constexpr const char* kLibrary = "libpq.so.5";

[[noreturn]] void cannot_load(const std::string& what) {
  throw std::runtime_error("the PostgreSQL client library " + std::string(kLibrary) +
                           " cannot be loaded (" + what + "); install libpq5");
}

Libpq load() {
  void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (!handle) cannot_load(dlerror());
  Libpq lib;
  // Each symbol is cast to the type <libpq-fe.h> declares for it.
#define VIGIE_LIBPQ_LOAD(name)                                          \
  lib.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
  if (!lib.name) cannot_load(std::string(#name) + " is missing");
  VIGIE_LIBPQ_FUNCTIONS(VIGIE_LIBPQ_LOAD)
#undef VIGIE_LIBPQ_LOAD
  return lib;  // the handle stays open for the process's life
}

}  // namespace

const Libpq& libpq() {
  static const Libpq lib = load();
  return lib;
}

}  // namespace vigie::central
