// WastRunner: runs spec test scripts in the JSON form wabt's wast2json writes.
//
// Output, fixed because tools read it:
//   FAIL <file>:<line> <command>: <reason>      for each failing command
//   <kind>: <passed>/<total>                    one line per assertion kind that occurred
//   <N> passed, <M> failed                      assertions in total
// assert_malformed / assert_invalid with a text module are not counted (a binary runtime
// never sees text). In Component Model scripts, `component` commands (decoding and validating
// a component) are counted as a kind of their own too.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <wrt/decoder/types.hpp>

namespace wrt::wast {

struct Options {
  // Run only these command types (e.g. "assert_invalid", "module"); empty means all.
  std::set<std::string> kinds;
  // Also report assertions that passed with a different error message than the script's.
  bool verbose = false;
  // The proposals modules may use (decoding and validation of every module of the script).
  Features features;
};

struct Counts {
  std::uint64_t passed = 0;
  std::uint64_t total = 0;
};

class Runner {
 public:
  explicit Runner(Options options);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Runs one script; problems reading it are reported as failures of the file.
  void run_file(const std::string& json_path);

  // Prints the per-kind lines and the total line; returns true when nothing failed.
  bool print_summary() const;

  [[nodiscard]] const std::map<std::string, Counts>& counts() const { return counts_; }
  [[nodiscard]] std::uint64_t failures() const { return failures_; }

 private:
  struct State;
  // Component Model scripts (commands with "kind": "component"); component_runner.cpp.
  void run_component_script(const void* script, const std::string& directory, const std::string& source);
  void count(const std::string& kind, bool passed);
  Options options_;
  std::map<std::string, Counts> counts_;
  std::uint64_t failures_ = 0;  // failed commands of any type, assertions or not
  std::uint64_t message_mismatches_ = 0;
};

}  // namespace wrt::wast
