// The self-assessment report as one French HTML page that a small centre reads without help
// and prints (or saves as PDF) from a browser: no script, no outside file, styles inline.
// Each criterion's article carries its figures as data-* attributes too, for checks.
#pragma once

#include <string>

#include "report/self_assessment.hpp"

namespace vigie::report {

std::string self_assessment_html(const SelfAssessment& a);

}  // namespace vigie::report
