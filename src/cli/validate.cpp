// wrt-run validate, and the file reading the commands share.
#include <fmt/format.h>

#include <wrt/api/api.hpp>
#include <wrt/decoder/decoder.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/validator/validator.hpp>

#include "cli/commands.hpp"

namespace wrt::cli {

int read_and_decode(const std::string& path, std::vector<std::uint8_t>& bytes, ModuleDescription& module) {
  auto read = wrt::read_file(path);
  if (!read) {
    fmt::print(stderr, "error: {}: {}\n", path, read.error());
    return kExitUsage;
  }
  bytes = std::move(*read);
  auto decoded = decode_module(Bytes(bytes.data(), bytes.size()), DecodeOptions{}, module);
  if (!decoded) {
    fmt::print(stderr, "error: {}: {}\n", path, decoded.error());
    return kExitRejected;
  }
  return 0;
}

int run_validate(const std::string& path) {
  if (is_component_file(path)) return run_validate_component(path);
  std::vector<std::uint8_t> bytes;
  ModuleDescription module;
  if (int status = read_and_decode(path, bytes, module); status != 0) return status;
  auto valid = validate_module(module, DecodeOptions{});
  if (!valid) {
    fmt::print(stderr, "error: {}: {}\n", path, valid.error());
    return kExitRejected;
  }
  return 0;
}

}  // namespace wrt::cli
