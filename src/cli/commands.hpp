// The wrt-run subcommands. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <wrt/decoder/module.hpp>

namespace wrt::cli {

// Exit codes: 0 success, 1 the input was rejected or a test failed, 2 usage or I/O problems.
inline constexpr int kExitRejected = 1;
inline constexpr int kExitUsage = 2;

// Reads and decodes a module file. On failure prints the one-line error and returns the exit
// code (kExitUsage for a file that cannot be read, kExitRejected for bytes that do not
// decode); returns 0 on success.
int read_and_decode(const std::string& path, std::vector<std::uint8_t>& bytes, ModuleDescription& module);

struct RunOptions {
  std::string file;
  std::vector<std::string> args;  // the program's arguments (or --invoke's)
  std::string invoke;             // call this export instead of _start
  std::vector<std::string> dirs;  // HOST[::GUEST]
  std::vector<std::string> env;   // KEY=VALUE
  std::vector<std::string> tcp_listen;  // HOST:PORT
  std::string argv0;
  std::uint64_t fuel = 0;         // 0: unmetered
  std::uint64_t max_memory_bytes = 0;
  std::uint64_t max_stack_bytes = 0;
  std::uint32_t max_call_depth = 0;
  bool stats = false;
  bool lazy_validation = false;
};

int run_program(const RunOptions& options);
int run_validate(const std::string& path);
int run_inspect(const std::string& path, bool disassemble);
// Components (component.cpp): detected by their preamble.
bool is_component_file(const std::string& path);
int run_validate_component(const std::string& path);
int run_inspect_component(const std::string& path);

int run_wast(const std::vector<std::string>& files, const std::string& kinds, bool verbose);

}  // namespace wrt::cli
