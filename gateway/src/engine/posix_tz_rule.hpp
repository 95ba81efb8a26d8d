// A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3": the footer of a TZif
// file, which gives the offsets for times past its last transition (slim
// tzdata files stop their tables early and rely on it).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigie::engine {

class PosixTzRule {
 public:
  // nullopt if the text is not a rule this reader understands.
  static std::optional<PosixTzRule> parse(std::string_view text);

  // Offset east of UTC, in seconds, at UTC second `t`.
  std::int32_t offset_at(std::int64_t t) const;

 private:
  struct Boundary {
    enum class Form { julian_no_leap, julian_zero, month_week_day } form = Form::month_week_day;
    int day = 0;  // Jn: 1..365; n: 0..365; M: weekday 0 (Sunday)..6
    int month = 0;
    int week = 0;              // 1..5, 5 = last
    std::int32_t time = 7200;  // seconds after local midnight; may be negative or > 24 h
  };
  // UTC second at which `b` happens in `year`, read on a clock at `offset`.
  static std::int64_t instant(const Boundary& b, int year, std::int32_t offset);

  std::int32_t std_offset_ = 0;  // east of UTC
  std::optional<std::int32_t> dst_offset_;
  Boundary start_, end_;  // when DST starts (std clock) and ends (DST clock)
};

}  // namespace vigie::engine
