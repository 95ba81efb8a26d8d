// For the self-assessment report (issue 19), in French and in the project's own words: what
// the law or the branch agreement requires for a criterion of the default référentiel, and
// what an auditor of the label will ask to see. Where it is written comes from the
// référentiel's own `sources`, never from here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vigie::report {

struct CriterionGuide {
  std::string title;         // "Pause de 20 minutes dès 6 h de travail"
  std::string requirement;   // "Une pause d'au moins 20 minutes consécutives dès 6 h..."
  std::string auditor_asks;  // "Les relevés de temps de travail et de pause par jour..."
};

// The guide for criterion ID, or nullopt for one it does not know (a site's own criterion):
// the report then gives the référentiel's title and sources alone.
std::optional<CriterionGuide> criterion_guide(std::string_view id);

}  // namespace vigie::report
