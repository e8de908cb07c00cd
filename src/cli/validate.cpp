// wrt-run validate, and the file reading the commands share.
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include <wrt/decoder/decoder.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/validator/validator.hpp>

#include "cli/commands.hpp"

namespace wrt::cli {

bool read_file(const std::string& path, std::vector<std::uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int run_validate(const std::string& path) {
  std::vector<std::uint8_t> bytes;
  if (!read_file(path, bytes)) {
    fmt::print(stderr, "error: cannot read {}\n", path);
    return kExitUsage;
  }
  Module module;
  DecodeOptions options;
  auto result = decode_and_validate(Bytes(bytes.data(), bytes.size()), options, module);
  if (!result) {
    fmt::print(stderr, "error: {}: {}\n", path, result.error());
    return kExitRejected;
  }
  return 0;
}

}  // namespace wrt::cli
