// wasi:io: error, poll, streams.
#include <algorithm>
#include <cerrno>
#include <climits>

#include <poll.h>
#include <unistd.h>

#include "wasi/preview2/types.hpp"

namespace wrt::wasi::preview2 {

namespace {

constexpr std::uint64_t kMaxTransfer = 1 << 20;  // what one read returns at most, and check-write allows

using Bytes = std::vector<std::uint8_t>;
using ReadResult = ComponentResult<Bytes, StreamError>;
using CountResult = ComponentResult<std::uint64_t, StreamError>;
using UnitResult = ComponentResult<void, StreamError>;

// Whether `fd` is ready now (timeout 0) or within `timeout_ms` (-1: wait).
bool fd_ready(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int n;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n != 0;  // an error counts as ready: the operation then reports it
}

bool pollable_ready(const Pollable& p) {
  switch (p.kind) {
    case Pollable::Kind::ready: return true;
    case Pollable::Kind::deadline: return monotonic_now_ns() >= p.deadline_ns;
    case Pollable::Kind::readable: return fd_ready(p.fd->fd, POLLIN, 0);
    case Pollable::Kind::writable: return fd_ready(p.fd->fd, POLLOUT, 0);
  }
  return true;
}

// Blocks until at least one of `items` is ready; returns the indices of those that are.
std::vector<std::uint32_t> poll_list(const std::vector<Pollable*>& items) {
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::uint32_t> fd_owner;
    std::uint64_t earliest = UINT64_MAX;
    std::vector<std::uint32_t> ready;
    const std::uint64_t now = monotonic_now_ns();
    for (std::uint32_t i = 0; i < items.size(); ++i) {
      const Pollable& p = *items[i];
      switch (p.kind) {
        case Pollable::Kind::ready: ready.push_back(i); break;
        case Pollable::Kind::deadline:
          if (now >= p.deadline_ns) {
            ready.push_back(i);
          } else {
            earliest = std::min(earliest, p.deadline_ns);
          }
          break;
        case Pollable::Kind::readable:
        case Pollable::Kind::writable:
          fds.push_back(pollfd{p.fd->fd, static_cast<short>(p.kind == Pollable::Kind::readable ? POLLIN : POLLOUT), 0});
          fd_owner.push_back(i);
          break;
      }
    }
    int timeout = -1;
    if (!ready.empty()) {
      timeout = 0;
    } else if (earliest != UINT64_MAX) {
      std::uint64_t wait_ns = earliest - now;
      timeout = static_cast<int>(std::min<std::uint64_t>((wait_ns + 999999) / 1000000, INT_MAX));
    }
    if (!fds.empty() || timeout != 0) {
      if (fds.empty() && timeout < 0) return ready;  // nothing to wait for (an empty list)
      int n = ::poll(fds.data(), fds.size(), timeout);
      if (n > 0) {
        for (std::size_t k = 0; k < fds.size(); ++k) {
          if (fds[k].revents != 0) ready.push_back(fd_owner[k]);
        }
      }
      // Deadlines passed while waiting.
      const std::uint64_t after = monotonic_now_ns();
      for (std::uint32_t i = 0; i < items.size(); ++i) {
        if (items[i]->kind == Pollable::Kind::deadline && items[i]->deadline_ns > now && after >= items[i]->deadline_ns) {
          ready.push_back(i);
        }
      }
    }
    if (!ready.empty()) {
      std::sort(ready.begin(), ready.end());
      ready.erase(std::unique(ready.begin(), ready.end()), ready.end());
      return ready;
    }
  }
}

}  // namespace

void define_io(ComponentImports& imports, const StatePtr& state) {
  StatePtr s = state;

  // --- wasi:io/error ---
  imports.define_resource("wasi:io/error", "error", s->errors);
  imports.define("wasi:io/error", "[method]error.to-debug-string", [](Borrow<IoError> self) { return self->message; });

  // --- wasi:io/poll ---
  imports.define_resource("wasi:io/poll", "pollable", s->pollables);
  imports.define("wasi:io/poll", "[method]pollable.ready", [](Borrow<Pollable> self) { return pollable_ready(*self); });
  imports.define("wasi:io/poll", "[method]pollable.block", [](Borrow<Pollable> self) {
    Pollable* p = self.get();
    (void)poll_list({p});
  });
  imports.define("wasi:io/poll", "poll", [](std::vector<Borrow<Pollable>> in) -> Result<std::vector<std::uint32_t>> {
    // An empty list would wait forever: WASI says it traps.
    if (in.empty()) return Error(ErrorCode::invalid_argument, "wasi:io/poll#poll with an empty list");
    std::vector<Pollable*> items;
    items.reserve(in.size());
    for (const auto& b : in) items.push_back(b.get());
    return poll_list(items);
  });

  // --- wasi:io/streams ---
  const char* streams = "wasi:io/streams";
  imports.define_resource(streams, "input-stream", s->input_streams);
  imports.define_resource(streams, "output-stream", s->output_streams);
  imports.define_resource(streams, "error", s->errors);
  imports.define_resource(streams, "pollable", s->pollables);

  auto read = [s](InputStream& in, std::uint64_t len, bool blocking) -> ReadResult {
    if (in.closed) return ReadResult::err(StreamError(std::in_place_index<1>));
    Bytes buffer(static_cast<std::size_t>(std::min(len, kMaxTransfer)));
    if (buffer.empty()) return ReadResult::ok(Bytes());
    if (!in.positioned && !blocking && !fd_ready(in.fd->fd, POLLIN, 0)) return ReadResult::ok(Bytes());
    ssize_t n;
    do {
      n = in.positioned ? ::pread(in.fd->fd, buffer.data(), buffer.size(), static_cast<off_t>(in.offset))
                        : ::read(in.fd->fd, buffer.data(), buffer.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      if (errno == EAGAIN) return ReadResult::ok(Bytes());
      return ReadResult::err(s->failed(error_code_of_host(errno), "read failed"));
    }
    if (n == 0) {
      in.closed = true;
      return ReadResult::err(StreamError(std::in_place_index<1>));
    }
    buffer.resize(static_cast<std::size_t>(n));
    in.offset += static_cast<std::uint64_t>(n);
    return ReadResult::ok(std::move(buffer));
  };
  imports.define(streams, "[method]input-stream.read",
                 [read](Borrow<InputStream> self, std::uint64_t len) { return read(*self, len, false); });
  imports.define(streams, "[method]input-stream.blocking-read",
                 [read](Borrow<InputStream> self, std::uint64_t len) { return read(*self, len, true); });
  auto skip = [read](InputStream& in, std::uint64_t len, bool blocking) -> CountResult {
    ReadResult r = read(in, len, blocking);
    if (!r.is_ok()) return CountResult::err(std::move(const_cast<StreamError&>(r.error())));
    return CountResult::ok(static_cast<std::uint64_t>(r.value().size()));
  };
  imports.define(streams, "[method]input-stream.skip",
                 [skip](Borrow<InputStream> self, std::uint64_t len) { return skip(*self, len, false); });
  imports.define(streams, "[method]input-stream.blocking-skip",
                 [skip](Borrow<InputStream> self, std::uint64_t len) { return skip(*self, len, true); });
  imports.define(streams, "[method]input-stream.subscribe", [s](Borrow<InputStream> self) {
    Pollable p;
    p.kind = self->positioned ? Pollable::Kind::ready : Pollable::Kind::readable;
    p.fd = self->fd;
    return Resource<Pollable>::make(s->pollables, std::move(p));
  });

  auto write = [s](OutputStream& out, const Bytes& bytes) -> UnitResult {
    if (out.closed) return UnitResult::err(StreamError(std::in_place_index<1>));
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n;
      switch (out.mode) {
        case OutputStream::Mode::positioned:
          n = ::pwrite(out.fd->fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(out.offset));
          break;
        case OutputStream::Mode::append:
          // Every write goes to the end, whoever else writes to the file.
          if (::lseek(out.fd->fd, 0, SEEK_END) < 0) {
            n = -1;
            break;
          }
          n = ::write(out.fd->fd, bytes.data() + done, bytes.size() - done);
          break;
        default: n = ::write(out.fd->fd, bytes.data() + done, bytes.size() - done); break;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) {
        fd_ready(out.fd->fd, POLLOUT, -1);
        continue;
      }
      if (n < 0) {
        out.closed = errno == EPIPE;
        return UnitResult::err(s->failed(error_code_of_host(errno), "write failed"));
      }
      done += static_cast<std::size_t>(n);
      out.offset += static_cast<std::uint64_t>(n);
    }
    return UnitResult::ok();
  };
  imports.define(streams, "[method]output-stream.check-write", [](Borrow<OutputStream> self) -> CountResult {
    if (self->closed) return CountResult::err(StreamError(std::in_place_index<1>));
    return CountResult::ok(kMaxTransfer);
  });
  imports.define(streams, "[method]output-stream.write",
                 [write](Borrow<OutputStream> self, const Bytes& contents) { return write(*self, contents); });
  imports.define(streams, "[method]output-stream.blocking-write-and-flush",
                 [write](Borrow<OutputStream> self, const Bytes& contents) { return write(*self, contents); });
  // Writes go straight to the host descriptor: there is nothing to flush.
  auto flush = [](Borrow<OutputStream> self) -> UnitResult {
    if (self->closed) return UnitResult::err(StreamError(std::in_place_index<1>));
    return UnitResult::ok();
  };
  imports.define(streams, "[method]output-stream.flush", flush);
  imports.define(streams, "[method]output-stream.blocking-flush", flush);
  imports.define(streams, "[method]output-stream.subscribe", [s](Borrow<OutputStream> self) {
    Pollable p;
    p.kind = self->mode == OutputStream::Mode::stream ? Pollable::Kind::writable : Pollable::Kind::ready;
    p.fd = self->fd;
    return Resource<Pollable>::make(s->pollables, std::move(p));
  });
  auto write_zeroes = [write](Borrow<OutputStream> self, std::uint64_t len) {
    return write(*self, Bytes(static_cast<std::size_t>(std::min(len, kMaxTransfer)), 0));
  };
  imports.define(streams, "[method]output-stream.write-zeroes", write_zeroes);
  imports.define(streams, "[method]output-stream.blocking-write-zeroes-and-flush", write_zeroes);
  auto splice = [read, write](OutputStream& out, InputStream& in, std::uint64_t len, bool blocking) -> CountResult {
    ReadResult r = read(in, len, blocking);
    if (!r.is_ok()) return CountResult::err(std::move(const_cast<StreamError&>(r.error())));
    UnitResult w = write(out, r.value());
    if (!w.is_ok()) return CountResult::err(std::move(const_cast<StreamError&>(w.error())));
    return CountResult::ok(static_cast<std::uint64_t>(r.value().size()));
  };
  imports.define(streams, "[method]output-stream.splice",
                 [splice](Borrow<OutputStream> self, Borrow<InputStream> src, std::uint64_t len) {
                   return splice(*self, *src, len, false);
                 });
  imports.define(streams, "[method]output-stream.blocking-splice",
                 [splice](Borrow<OutputStream> self, Borrow<InputStream> src, std::uint64_t len) {
                   return splice(*self, *src, len, true);
                 });
}

}  // namespace wrt::wasi::preview2
