// A receiver's URL, as notify.webhook_url and notify.alertmanager give it: parsed
// once at configuration load (errors with file:line) and again by the notifiers.
#pragma once

#include <optional>
#include <string>

namespace vigie::notify {

struct HttpTarget {
  bool tls = false;
  std::string host, port, path;
  // "http[s]://HOST[:PORT][/PATH]" (IPv6 as [::1]); nullopt when it is not one, with
  // why in *WHY when given.
  static std::optional<HttpTarget> parse(const std::string& url, std::string* why = nullptr);
  // The same target with SUFFIX appended to its path ("/api/v2/alerts").
  HttpTarget with_path_suffix(const std::string& suffix) const;
  std::string url() const;
};

}  // namespace vigie::notify
