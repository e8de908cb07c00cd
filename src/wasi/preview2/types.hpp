// The host objects and value types of WASI 0.2, with their component type mappings: what the
// interface implementations (cli.cpp, io.cpp, clocks_random.cpp, filesystem.cpp) share.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <unistd.h>

#include <wrt/api/component.hpp>
#include <wrt/wasi/preview2.hpp>

#include "wasi/abi.hpp"

namespace wrt::wasi::preview2 {

// --- wasi:filesystem/types value types --------------------------------------------------------

enum class FsError {
  access, would_block, already, bad_descriptor, busy, deadlock, quota, exist, file_too_large,
  illegal_byte_sequence, in_progress, interrupted, invalid, io, is_directory, loop, too_many_links,
  message_size, name_too_long, no_device, no_entry, no_lock, insufficient_memory, insufficient_space,
  not_directory, not_empty, not_recoverable, unsupported, no_tty, no_such_device, overflow,
  not_permitted, pipe, read_only, invalid_seek, text_file_busy, cross_device,
};

enum class DescriptorType { unknown, block_device, character_device, directory, fifo, symbolic_link, regular_file, socket };
enum class Advice { normal, sequential, random, will_need, dont_need, no_reuse };

struct Datetime {
  std::uint64_t seconds = 0;
  std::uint32_t nanoseconds = 0;
};
struct DescriptorStat {
  DescriptorType type = DescriptorType::unknown;
  std::uint64_t link_count = 0;
  std::uint64_t size = 0;
  std::optional<Datetime> data_access_timestamp;
  std::optional<Datetime> data_modification_timestamp;
  std::optional<Datetime> status_change_timestamp;
};
struct DirectoryEntry {
  DescriptorType type = DescriptorType::unknown;
  std::string name;
};
struct MetadataHashValue {
  std::uint64_t lower = 0;
  std::uint64_t upper = 0;
};
struct DescriptorFlags {
  bool read = false;
  bool write = false;
  bool file_integrity_sync = false;
  bool data_integrity_sync = false;
  bool requested_write_sync = false;
  bool mutate_directory = false;
};
struct PathFlags {
  bool symlink_follow = false;
};
struct OpenFlags {
  bool create = false;
  bool directory = false;
  bool exclusive = false;
  bool truncate = false;
};
// new-timestamp: no-change, now, timestamp(datetime).
using NewTimestamp = std::variant<std::monostate, std::monostate, Datetime>;

// preview 1's errno (what the shared sandbox code reports) as a 0.2 error-code; the sandbox's
// "not capable" (a path leading out) is not-permitted, as in wasmtime.
FsError error_code_of(Errno e) noexcept;
inline FsError error_code_of_host(int host_errno) noexcept { return error_code_of(from_host_errno(host_errno)); }

// --- host objects ------------------------------------------------------------------------------

// A host descriptor shared by the objects that use it (a descriptor and its streams).
struct HostFd {
  explicit HostFd(int f) noexcept : fd(f) {}
  ~HostFd() {
    if (fd >= 0) ::close(fd);
  }
  HostFd(const HostFd&) = delete;
  HostFd& operator=(const HostFd&) = delete;
  int fd;
};
using SharedFd = std::shared_ptr<HostFd>;

// wasi:io/error's error: what a stream operation failed with.
struct IoError {
  FsError code = FsError::io;
  std::string message;
};

struct Pollable {
  enum class Kind { ready, deadline, readable, writable } kind = Kind::ready;
  std::uint64_t deadline_ns = 0;  // monotonic, for `deadline`
  SharedFd fd;                    // for readable / writable
};

struct InputStream {
  SharedFd fd;
  bool positioned = false;  // a file read at `offset` (read-via-stream)
  std::uint64_t offset = 0;
  bool closed = false;
};

struct OutputStream {
  SharedFd fd;
  enum class Mode { stream, positioned, append } mode = Mode::stream;
  std::uint64_t offset = 0;
  bool closed = false;
};

struct Descriptor {
  SharedFd fd;
  DescriptorType type = DescriptorType::unknown;
  DescriptorFlags flags;
};

struct DirectoryEntryStream {
  std::vector<DirectoryEntry> entries;
  std::size_t next = 0;
};

struct TerminalInput {};
struct TerminalOutput {};

// stream-error: last-operation-failed(own<error>), closed.
using StreamError = std::variant<Resource<IoError>, std::monostate>;

struct Host::State {
  Options options;
  std::vector<std::pair<SharedFd, std::string>> preopens;
  SharedFd stdin_fd;
  SharedFd stdout_fd;
  SharedFd stderr_fd;
  bool exited = false;
  std::uint32_t exit_code = 0;
  std::uint64_t insecure_state = 0;

  std::shared_ptr<ResourceTable<IoError>> errors = std::make_shared<ResourceTable<IoError>>();
  std::shared_ptr<ResourceTable<Pollable>> pollables = std::make_shared<ResourceTable<Pollable>>();
  std::shared_ptr<ResourceTable<InputStream>> input_streams = std::make_shared<ResourceTable<InputStream>>();
  std::shared_ptr<ResourceTable<OutputStream>> output_streams = std::make_shared<ResourceTable<OutputStream>>();
  std::shared_ptr<ResourceTable<Descriptor>> descriptors = std::make_shared<ResourceTable<Descriptor>>();
  std::shared_ptr<ResourceTable<DirectoryEntryStream>> directory_streams = std::make_shared<ResourceTable<DirectoryEntryStream>>();
  std::shared_ptr<ResourceTable<TerminalInput>> terminal_inputs = std::make_shared<ResourceTable<TerminalInput>>();
  std::shared_ptr<ResourceTable<TerminalOutput>> terminal_outputs = std::make_shared<ResourceTable<TerminalOutput>>();

  StreamError failed(FsError code, std::string message) {
    return StreamError(std::in_place_index<0>, Resource<IoError>::make(errors, IoError{code, std::move(message)}));
  }
};
using StatePtr = std::shared_ptr<Host::State>;

std::uint64_t monotonic_now_ns() noexcept;

// Each interface's definitions (the imports keep `state` alive).
void define_cli(ComponentImports& imports, const StatePtr& state);
void define_io(ComponentImports& imports, const StatePtr& state);
void define_clocks_random(ComponentImports& imports, const StatePtr& state);
void define_filesystem(ComponentImports& imports, const StatePtr& state);
void define_sockets(ComponentImports& imports, const StatePtr& state);

}  // namespace wrt::wasi::preview2

WRT_COMPONENT_ENUM(wrt::wasi::preview2::FsError, access, would_block, already, bad_descriptor, busy, deadlock, quota, exist,
                   file_too_large, illegal_byte_sequence, in_progress, interrupted, invalid, io, is_directory, loop,
                   too_many_links, message_size, name_too_long, no_device, no_entry, no_lock, insufficient_memory,
                   insufficient_space, not_directory, not_empty, not_recoverable, unsupported, no_tty, no_such_device,
                   overflow, not_permitted, pipe, read_only, invalid_seek, text_file_busy, cross_device)
WRT_COMPONENT_ENUM(wrt::wasi::preview2::DescriptorType, unknown, block_device, character_device, directory, fifo, symbolic_link,
                   regular_file, socket)
WRT_COMPONENT_ENUM(wrt::wasi::preview2::Advice, normal, sequential, random, will_need, dont_need, no_reuse)
WRT_COMPONENT_RECORD(wrt::wasi::preview2::Datetime, seconds, nanoseconds)
WRT_COMPONENT_RECORD(wrt::wasi::preview2::DescriptorStat, type, link_count, size, data_access_timestamp,
                     data_modification_timestamp, status_change_timestamp)
WRT_COMPONENT_RECORD(wrt::wasi::preview2::DirectoryEntry, type, name)
WRT_COMPONENT_RECORD(wrt::wasi::preview2::MetadataHashValue, lower, upper)
WRT_COMPONENT_FLAGS(wrt::wasi::preview2::DescriptorFlags, read, write, file_integrity_sync, data_integrity_sync,
                    requested_write_sync, mutate_directory)
WRT_COMPONENT_FLAGS(wrt::wasi::preview2::PathFlags, symlink_follow)
WRT_COMPONENT_FLAGS(wrt::wasi::preview2::OpenFlags, create, directory, exclusive, truncate)
