#include "engine/time_zone.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "engine/work_meter.hpp"

namespace vigie::engine {
namespace {

bool valid_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/') return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

class Reader {
 public:
  Reader(std::string_view b, const std::string& name) : b_(b), name_(name) {}
  std::size_t pos() const { return i_; }
  void need(std::size_t n) const {
    if (i_ + n > b_.size()) throw TimeZoneError(name_ + ": truncated TZif file");
  }
  void skip(std::size_t n) {
    need(n);
    i_ += n;
  }
  std::int64_t be(std::size_t width) {
    need(width);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < width; ++k) v = (v << 8) | static_cast<unsigned char>(b_[i_ + k]);
    i_ += width;
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }
  std::uint8_t byte() { return static_cast<std::uint8_t>(be(1)); }
  std::string_view rest() const { return b_.substr(i_); }

 private:
  std::string_view b_;
  const std::string& name_;
  std::size_t i_ = 0;
};

struct Header {
  char version = 0;
  std::int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

Header read_header(Reader& r, const std::string& name) {
  r.need(44);
  std::string_view magic = r.rest().substr(0, 4);
  if (magic != "TZif") throw TimeZoneError(name + ": not a TZif file");
  r.skip(4);
  Header h;
  h.version = static_cast<char>(r.byte());
  r.skip(15);
  h.isut = r.be(4);
  h.isstd = r.be(4);
  h.leap = r.be(4);
  h.time = r.be(4);
  h.type = r.be(4);
  h.chars = r.be(4);
  if (h.type < 1 || h.time < 0 || h.chars < 0 || h.leap < 0 || h.isut < 0 || h.isstd < 0)
    throw TimeZoneError(name + ": bad TZif header");
  return h;
}

std::size_t block_size(const Header& h, std::size_t time_width) {
  return static_cast<std::size_t>(h.time) * (time_width + 1) +
         static_cast<std::size_t>(h.type) * 6 + static_cast<std::size_t>(h.chars) +
         static_cast<std::size_t>(h.leap) * (time_width + 4) +
         static_cast<std::size_t>(h.isstd + h.isut);
}

}  // namespace

TimeZone TimeZone::utc() {
  TimeZone z;
  z.name_ = "UTC";
  return z;
}

TimeZone TimeZone::load(std::string_view name, const std::filesystem::path& root) {
  if (!valid_zone_name(name))
    throw TimeZoneError("'" + std::string(name) + "' is not a valid IANA time zone name");
  std::ifstream in(root / std::string(name), std::ios::binary);
  if (!in)
    throw TimeZoneError("unknown time zone '" + std::string(name) + "' (no file under " +
                        root.string() + "; is tzdata installed?)");
  std::ostringstream s;
  s << in.rdbuf();
  return from_tzif(s.str(), std::string(name));
}

TimeZone TimeZone::from_tzif(std::string_view bytes, std::string name) {
  TimeZone z;
  z.name_ = std::move(name);
  Reader r(bytes, z.name_);
  Header h = read_header(r, z.name_);
  std::size_t width = 4;
  if (h.version >= '2') {
    // Skip the 32-bit block: the 64-bit one after it covers all times.
    r.skip(block_size(h, 4));
    h = read_header(r, z.name_);
    width = 8;
  }
  if (h.leap != 0)
    throw TimeZoneError(z.name_ + ": zones with leap seconds (right/...) are not supported");
  std::vector<std::int64_t> times(static_cast<std::size_t>(h.time));
  for (auto& t : times) t = r.be(width);
  std::vector<std::uint8_t> idx(static_cast<std::size_t>(h.time));
  for (auto& i : idx) {
    i = r.byte();
    if (i >= h.type) throw TimeZoneError(z.name_ + ": transition names a missing type");
  }
  std::vector<std::int32_t> type_offsets(static_cast<std::size_t>(h.type));
  for (auto& o : type_offsets) {
    o = static_cast<std::int32_t>(r.be(4));
    r.skip(2);  // isdst, abbreviation index: not needed for offsets
  }
  r.skip(static_cast<std::size_t>(h.chars + h.isstd + h.isut));
  if (!std::is_sorted(times.begin(), times.end()))
    throw TimeZoneError(z.name_ + ": transitions out of order");
  z.transitions_ = std::move(times);
  for (auto i : idx) z.offsets_after_.push_back(type_offsets[i]);
  // RFC 8536: type 0 is in force before the first transition.
  z.initial_offset_ = type_offsets[0];
  if (width == 8) {
    std::string_view footer = r.rest();
    if (footer.size() >= 2 && footer.front() == '\n') {
      auto end = footer.find('\n', 1);
      if (end != std::string_view::npos) {
        std::string_view rule = footer.substr(1, end - 1);
        if (!rule.empty()) {
          z.footer_ = PosixTzRule::parse(rule);
          if (!z.footer_)
            throw TimeZoneError(z.name_ + ": unsupported TZ rule '" + std::string(rule) + "'");
        }
      }
    }
  }
  return z;
}

std::int32_t TimeZone::offset_at_second(std::int64_t t) const {
  if (transitions_.empty()) return footer_ ? footer_->offset_at(t) : initial_offset_;
  if (t < transitions_.front()) return initial_offset_;
  if (t >= transitions_.back() && footer_) return footer_->offset_at(t);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return offsets_after_[static_cast<std::size_t>(it - transitions_.begin() - 1)];
}

std::int32_t TimeZone::offset_at(TimestampMs utc) const {
  return offset_at_second(floor_div(utc, kMsPerSecond));
}

LocalTime TimeZone::to_local(TimestampMs utc) const {
  ++work_meter().civil_times;
  LocalTime out;
  out.offset_s = offset_at(utc);
  TimestampMs local = utc + static_cast<TimestampMs>(out.offset_s) * kMsPerSecond;
  out.date = date_from_days(floor_div(local, kMsPerDay));
  out.ms_of_day = floor_mod(local, kMsPerDay);
  return out;
}

TimestampMs TimeZone::to_utc(CivilDate date, std::int64_t ms_of_day) const {
  ++work_meter().civil_times;
  const TimestampMs local = days_from_date(date) * kMsPerDay + ms_of_day;
  // Offsets in force around that local time; real zones never change twice in two days.
  const std::int32_t before = offset_at(local - 2 * kMsPerDay);
  const std::int32_t after = offset_at(local + 2 * kMsPerDay);
  std::optional<TimestampMs> best;
  for (std::int32_t o : {before, after, offset_at(local)}) {
    TimestampMs u = local - static_cast<TimestampMs>(o) * kMsPerSecond;
    if (offset_at(u) == o && (!best || u < *best)) best = u;
  }
  if (best) return *best;
  // In a gap: read the time on the clock in force before the jump.
  return local - static_cast<TimestampMs>(before) * kMsPerSecond;
}

TimestampMs TimeZone::start_of_day(CivilDate date) const {
  TimestampMs u = to_utc(date, 0);
  if (to_local(u).ms_of_day == 0) return u;
  // Midnight was skipped: the day starts at the jump, the first instant of that date.
  TimestampMs lo = u - kMsPerDay, hi = u;  // date_of(lo) < date <= date_of(hi)
  while (hi - lo > 1) {
    TimestampMs mid = lo + (hi - lo) / 2;
    if (date_of(mid) < date)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

}  // namespace vigie::engine
