// The criteria in force for one site: the profile's criteria with their
// profile values, then the file's `sites.<site>` overrides, then overrides from
// the gateway config, each on top of the last; kind defaults fill the rest.
#pragma once

#include <string_view>

#include "referentiel/diagnostic.hpp"
#include "referentiel/referentiel.hpp"

namespace vigie::referentiel {

// Throws ReferentielError for an unknown profile, or values that clash (a
// window ending before it starts, a clear level above the fire level...).
ActiveReferentiel resolve(const Referentiel& ref, std::string_view profile,
                          std::string_view site = {}, const SiteOverrides* extra = nullptr);

// The kind's default for a parameter, parsed. Throws std::logic_error if the
// table's default does not parse (a bug caught by the tests).
ParamValue default_value(const ParamSpec& spec);

}  // namespace vigie::referentiel
