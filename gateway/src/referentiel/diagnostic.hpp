// An error in a referentiel file, with where it is: what `vigie referentiel
// check` prints, one per line, "FILE:LINE:COLUMN: message".
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace vigie::referentiel {

struct Diagnostic {
  std::string file;
  int line = 0;  // 1-based; 0 when the error is about the file as a whole
  int column = 0;
  std::string message;

  std::string to_string() const;
};

class ReferentielError : public std::runtime_error {
 public:
  explicit ReferentielError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace vigie::referentiel
