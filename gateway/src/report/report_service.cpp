#include "report/report_service.hpp"

#include "engine/civil_date.hpp"
#include "report/self_assessment_html.hpp"

namespace vigie::report {

api::Parsed<std::string> GatewayReport::self_assessment(const std::string& from_text,
                                                        const std::string& to_text) {
  using Result = api::Parsed<std::string>;
  const auto from = engine::parse_civil_date(from_text), to = engine::parse_civil_date(to_text);
  if (!from) return Result::fail("'from' must be a date YYYY-MM-DD");
  if (!to) return Result::fail("'to' must be a date YYYY-MM-DD");
  if (*to < *from) return Result::fail("'to' is before 'from'");
  if (engine::days_from_date(*to) - engine::days_from_date(*from) >= 400)
    return Result::fail("the period may span at most 400 days");
  std::lock_guard lock(mu_);
  const auto assessment =
      report::assess(db_, {site_, time_zone_, from_text, to_text, zone_.start_of_day(*from),
                           zone_.start_of_day(engine::add_days(*to, 1)), &referentiel_, &key_});
  return Result::ok(report::self_assessment_html(assessment));
}

}  // namespace vigie::report
