// WASI 0.2: the host's state, its definitions as a whole, and running a command.
#include <ctime>

#include <fcntl.h>

#include "wasi/preview2/types.hpp"

namespace wrt::wasi::preview2 {

FsError error_code_of(Errno e) noexcept {
  switch (e) {
    case errno_::acces: return FsError::access;
    case errno_::again: return FsError::would_block;
    case errno_::already: return FsError::already;
    case errno_::badf: return FsError::bad_descriptor;
    case errno_::busy: return FsError::busy;
    case errno_::deadlk: return FsError::deadlock;
    case errno_::dquot: return FsError::quota;
    case errno_::exist: return FsError::exist;
    case errno_::fbig: return FsError::file_too_large;
    case errno_::ilseq: return FsError::illegal_byte_sequence;
    case errno_::inprogress: return FsError::in_progress;
    case errno_::intr: return FsError::interrupted;
    case errno_::inval: return FsError::invalid;
    case errno_::isdir: return FsError::is_directory;
    case errno_::loop: return FsError::loop;
    case errno_::mlink: return FsError::too_many_links;
    case errno_::msgsize: return FsError::message_size;
    case errno_::nametoolong: return FsError::name_too_long;
    case errno_::nodev: return FsError::no_device;
    case errno_::noent: return FsError::no_entry;
    case errno_::nolck: return FsError::no_lock;
    case errno_::nomem: return FsError::insufficient_memory;
    case errno_::nospc: return FsError::insufficient_space;
    case errno_::notdir: return FsError::not_directory;
    case errno_::notempty: return FsError::not_empty;
    case errno_::notrecoverable: return FsError::not_recoverable;
    case errno_::notsup:
    case errno_::nosys: return FsError::unsupported;
    case errno_::notty: return FsError::no_tty;
    case errno_::nxio: return FsError::no_such_device;
    case errno_::overflow: return FsError::overflow;
    case errno_::perm:
    case errno_::notcapable: return FsError::not_permitted;
    case errno_::pipe: return FsError::pipe;
    case errno_::rofs: return FsError::read_only;
    case errno_::spipe: return FsError::invalid_seek;
    case errno_::txtbsy: return FsError::text_file_busy;
    case errno_::xdev: return FsError::cross_device;
    default: return FsError::io;
  }
}

std::uint64_t monotonic_now_ns() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

Host::Host() : state_(std::make_shared<State>()) {}
Host::~Host() = default;

Result<std::shared_ptr<Host>> Host::create(const Options& options) {
  std::shared_ptr<Host> host(new Host());
  State& s = *host->state_;
  s.options = options;
  auto dup_fd = [](int fd) -> Result<SharedFd> {
    int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy < 0) return Error(wrt::ErrorCode::io_error, "cannot duplicate a standard stream's descriptor").append_detail_number(static_cast<std::uint64_t>(fd));
    return std::make_shared<HostFd>(copy);
  };
  s.stdin_fd = WRT_TRY(dup_fd(options.stdin_fd));
  s.stdout_fd = WRT_TRY(dup_fd(options.stdout_fd));
  s.stderr_fd = WRT_TRY(dup_fd(options.stderr_fd));
  for (const Preopen& p : options.preopens) {
    int fd = ::open(p.host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      return Error(wrt::ErrorCode::io_error, "cannot open the directory to preopen:").append_detail(p.host_path);
    }
    s.preopens.emplace_back(std::make_shared<HostFd>(fd), p.guest_path.empty() ? std::string(".") : p.guest_path);
  }
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  s.insecure_state = static_cast<std::uint64_t>(ts.tv_nsec) ^ (static_cast<std::uint64_t>(ts.tv_sec) << 20) ^ 0x9e3779b97f4a7c15u;
  return host;
}

void Host::add_to(ComponentImports& imports) {
  define_cli(imports, state_);
  define_io(imports, state_);
  define_clocks_random(imports, state_);
  define_filesystem(imports, state_);
  define_sockets(imports, state_);
}

bool Host::exited() const noexcept { return state_->exited; }
std::uint32_t Host::exit_code() const noexcept { return state_->exit_code; }

Result<std::string> find_run_export(const ComponentInstance& instance) {
  for (const ComponentItem& e : instance.exports()) {
    if (e.kind == component::ExternKind::instance && detail::import_name_matches("wasi:cli/run@0.2.0", e.name)) {
      return e.name + "#run";
    }
    if (e.kind == component::ExternKind::instance && e.name == "wasi:cli/run") return e.name + "#run";
  }
  return Error(wrt::ErrorCode::unknown_export, "the component exports no wasi:cli/run@0.2.x (it is not a WASI command)");
}

Result<int> run(ComponentInstance& instance, const Host& host) {
  std::string name = WRT_TRY(find_run_export(instance));
  auto results = instance.call(name, std::span<const ComponentValue>());
  if (!results) {
    if (results.error().code() == wrt::ErrorCode::process_exit && host.exited()) return static_cast<int>(host.exit_code());
    return results.error();
  }
  if (results->size() == 1 && (*results)[0].kind() == component::ValueKind::result) {
    return (*results)[0].case_index() == 0 ? 0 : 1;
  }
  return 0;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    auto host = Host::create(Options{});
    if (!host) return out;
    ComponentImports imports;
    (*host)->add_to(imports);
    for (const auto& f : imports.functions()) out.push_back(f.interface + "#" + f.name);
    return out;
  }();
  return names;
}

}  // namespace wrt::wasi::preview2
