// wrt-run validate, and the file reading the commands share.
#include <cerrno>
#include <cstring>

#include <unistd.h>

#include <fmt/format.h>

#include <wrt/api/api.hpp>
#include <wrt/decoder/decoder.hpp>
#include <wrt/error/fmt.hpp>
#include <wrt/text/text.hpp>
#include <wrt/validator/validator.hpp>

#include "cli/commands.hpp"
#include "cli/text.hpp"

namespace wrt::cli {

namespace {

// Standard input to its end, up to the size a module may have.
Result<std::vector<std::uint8_t>> read_stdin() {
  constexpr std::size_t kMaxSize = std::size_t{1} << 30;  // DecodeLimits::max_module_size
  std::vector<std::uint8_t> bytes;
  std::uint8_t chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n == 0) return bytes;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(ErrorCode::io_error, "cannot read standard input").append_detail(std::strerror(errno));
    }
    bytes.insert(bytes.end(), chunk, chunk + n);
    if (bytes.size() > kMaxSize) return Error(ErrorCode::limit_exceeded, "the module is larger than 1 GiB");
  }
}

}  // namespace

Result<std::vector<std::uint8_t>> read_input(const std::string& path) {
  auto bytes = path == "-" ? read_stdin() : wrt::read_file(path);
  if (!bytes || !text::looks_like_text(Bytes(bytes->data(), bytes->size()))) return bytes;
  // A module in the text format (told by its content): the binary it encodes to.
  text::BinaryResult parsed =
      text::parse_module(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  if (!parsed.ok()) return Error(ErrorCode::malformed, "malformed text").append_detail(parsed.error->to_string());
  return std::move(parsed.binary);
}

bool apply_feature_options(const std::vector<std::string>& enable, const std::vector<std::string>& disable,
                           Features& features) {
  // Disabling first lets "--disable 3.0 --enable tail-call" mean 2.0 with tail calls.
  for (const auto* list : {&disable, &enable}) {
    for (const std::string& entry : *list) {
      std::size_t start = 0;
      while (start <= entry.size()) {
        std::size_t comma = entry.find(',', start);
        if (comma == std::string::npos) comma = entry.size();
        const std::string name = entry.substr(start, comma - start);
        if (!name.empty() && !set_feature(features, name.c_str(), list == &enable)) {
          fmt::print(stderr, "error: unknown feature \"{}\" (known: {})\n", printable(name), feature_names());
          return false;
        }
        start = comma + 1;
      }
    }
  }
  return true;
}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : printable(path); }

int read_and_decode(const std::string& path, std::vector<std::uint8_t>& bytes, ModuleDescription& module,
                    const Features& features) {
  auto read = read_input(path);
  if (!read) {
    fmt::print(stderr, "error: {}: {}\n", display_name(path), read.error());
    return read.error().kind() == ErrorKind::malformed ? kExitRejected : kExitUsage;  // text that does not parse
  }
  bytes = std::move(*read);
  DecodeOptions options;
  options.features = features;
  auto decoded = decode_module(Bytes(bytes.data(), bytes.size()), options, module);
  if (!decoded) {
    fmt::print(stderr, "error: {}: {}\n", display_name(path), decoded.error());
    return kExitRejected;
  }
  return 0;
}

int run_validate(const std::string& path, const Features& features) {
  if (is_component_file(path)) return run_validate_component(path);
  std::vector<std::uint8_t> bytes;
  ModuleDescription module;
  if (int status = read_and_decode(path, bytes, module, features); status != 0) return status;
  DecodeOptions options;
  options.features = features;
  auto valid = validate_module(module, options);
  if (!valid) {
    fmt::print(stderr, "error: {}: {}\n", display_name(path), valid.error());
    return kExitRejected;
  }
  return 0;
}

}  // namespace wrt::cli
