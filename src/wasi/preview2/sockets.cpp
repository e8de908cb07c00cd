// wasi:sockets (network, instance-network, tcp-create-socket, tcp) on inherited listeners.
//
// What can be done safely: a component gets no network of its own. A TCP socket may be bound
// only to the address of a listening socket the host gave it (Options::tcp_listeners, wrt-run
// --tcplisten); finishing the listen then adopts that host socket, as socket activation does.
// Every other bind and every outgoing connection is access-denied. Accepted connections are
// read and written through wasi:io streams.
#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include "wasi/preview2/types.hpp"

namespace wrt::wasi::preview2 {

enum class SockError {
  unknown, access_denied, not_supported, invalid_argument, out_of_memory, timeout, concurrency_conflict,
  not_in_progress, would_block, invalid_state, new_socket_limit, address_not_bindable, address_in_use,
  remote_unreachable, connection_refused, connection_reset, connection_aborted, datagram_too_large,
  name_unresolvable, temporary_resolver_failure, permanent_resolver_failure,
};
enum class AddressFamily { ipv4, ipv6 };
enum class ShutdownType { receive, send, both };
using Ipv4Address = std::tuple<std::uint8_t, std::uint8_t, std::uint8_t, std::uint8_t>;
using Ipv6Address = std::tuple<std::uint16_t, std::uint16_t, std::uint16_t, std::uint16_t, std::uint16_t, std::uint16_t,
                               std::uint16_t, std::uint16_t>;
struct Ipv4SocketAddress {
  std::uint16_t port = 0;
  Ipv4Address address{};
};
struct Ipv6SocketAddress {
  std::uint16_t port = 0;
  std::uint32_t flow_info = 0;
  Ipv6Address address{};
  std::uint32_t scope_id = 0;
};
using IpSocketAddress = std::variant<Ipv4SocketAddress, Ipv6SocketAddress>;

}  // namespace wrt::wasi::preview2

WRT_COMPONENT_ENUM(wrt::wasi::preview2::SockError, unknown, access_denied, not_supported, invalid_argument, out_of_memory,
                   timeout, concurrency_conflict, not_in_progress, would_block, invalid_state, new_socket_limit,
                   address_not_bindable, address_in_use, remote_unreachable, connection_refused, connection_reset,
                   connection_aborted, datagram_too_large, name_unresolvable, temporary_resolver_failure,
                   permanent_resolver_failure)
WRT_COMPONENT_ENUM(wrt::wasi::preview2::AddressFamily, ipv4, ipv6)
WRT_COMPONENT_ENUM(wrt::wasi::preview2::ShutdownType, receive, send, both)
WRT_COMPONENT_RECORD(wrt::wasi::preview2::Ipv4SocketAddress, port, address)
WRT_COMPONENT_RECORD(wrt::wasi::preview2::Ipv6SocketAddress, port, flow_info, address, scope_id)

namespace wrt::wasi::preview2 {

namespace {

template <typename T>
using SockResult = ComponentResult<T, SockError>;
using SockUnit = ComponentResult<void, SockError>;

IpSocketAddress address_of(const sockaddr_storage& storage) {
  if (storage.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(storage);
    Ipv6SocketAddress a;
    a.port = ntohs(v6.sin6_port);
    a.flow_info = ntohl(v6.sin6_flowinfo);
    a.scope_id = v6.sin6_scope_id;
    std::uint16_t w[8];
    for (int i = 0; i < 8; ++i) {
      w[i] = static_cast<std::uint16_t>((v6.sin6_addr.s6_addr[2 * i] << 8) | v6.sin6_addr.s6_addr[2 * i + 1]);
    }
    a.address = {w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]};
    return a;
  }
  const auto& v4 = reinterpret_cast<const sockaddr_in&>(storage);
  Ipv4SocketAddress a;
  a.port = ntohs(v4.sin_port);
  const auto* b = reinterpret_cast<const std::uint8_t*>(&v4.sin_addr.s_addr);
  a.address = {b[0], b[1], b[2], b[3]};
  return a;
}

bool same_address(const IpSocketAddress& x, const IpSocketAddress& y) {
  if (x.index() != y.index()) return false;
  if (x.index() == 0) {
    const auto& a = std::get<0>(x);
    const auto& b = std::get<0>(y);
    return a.port == b.port && a.address == b.address;
  }
  const auto& a = std::get<1>(x);
  const auto& b = std::get<1>(y);
  return a.port == b.port && a.address == b.address;
}

SockError sock_error_of(int e) {
  switch (e) {
    case EACCES:
    case EPERM: return SockError::access_denied;
    case EAGAIN: return SockError::would_block;
    case EINVAL: return SockError::invalid_argument;
    case ENOMEM:
    case ENOBUFS: return SockError::out_of_memory;
    case ECONNRESET: return SockError::connection_reset;
    case ECONNABORTED: return SockError::connection_aborted;
    case ECONNREFUSED: return SockError::connection_refused;
    case EADDRINUSE: return SockError::address_in_use;
    case EMFILE:
    case ENFILE: return SockError::new_socket_limit;
    case ETIMEDOUT: return SockError::timeout;
    default: return SockError::unknown;
  }
}

}  // namespace

struct Network {};

struct TcpSocket {
  AddressFamily family = AddressFamily::ipv4;
  enum class State { unbound, bind_started, bound, listen_started, listening, connected } state = State::unbound;
  std::optional<IpSocketAddress> bound_to;
  SharedFd listener;  // the inherited socket it is bound to (adopted when listening)
  SharedFd connection;
};

void define_sockets(ComponentImports& imports, const StatePtr& state) {
  StatePtr s = state;
  auto networks = std::make_shared<ResourceTable<Network>>();
  auto sockets = std::make_shared<ResourceTable<TcpSocket>>();

  imports.define_resource("wasi:sockets/network", "network", networks);
  imports.define_resource("wasi:sockets/instance-network", "network", networks);
  imports.define("wasi:sockets/instance-network", "instance-network", [networks]() { return Resource<Network>::make(networks, Network{}); });

  imports.define_resource("wasi:sockets/tcp-create-socket", "network", networks);
  imports.define_resource("wasi:sockets/tcp-create-socket", "tcp-socket", sockets);
  imports.define("wasi:sockets/tcp-create-socket", "create-tcp-socket", [sockets](AddressFamily family) {
    TcpSocket t;
    t.family = family;
    return SockResult<Resource<TcpSocket>>::ok(Resource<TcpSocket>::make(sockets, std::move(t)));
  });

  const char* tcp = "wasi:sockets/tcp";
  imports.define_resource(tcp, "tcp-socket", sockets);
  imports.define_resource(tcp, "network", networks);
  imports.define_resource(tcp, "input-stream", s->input_streams);
  imports.define_resource(tcp, "output-stream", s->output_streams);
  imports.define_resource(tcp, "pollable", s->pollables);

  // Only the address of an inherited listener can be bound.
  imports.define(tcp, "[method]tcp-socket.start-bind",
                 [s](Borrow<TcpSocket> self, Borrow<Network>, IpSocketAddress address) -> SockUnit {
                   if (self->state != TcpSocket::State::unbound) return SockUnit::err(SockError::invalid_state);
                   if ((address.index() == 0) != (self->family == AddressFamily::ipv4)) return SockUnit::err(SockError::invalid_argument);
                   for (int fd : s->options.tcp_listeners) {
                     sockaddr_storage storage{};
                     socklen_t length = sizeof storage;
                     if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) continue;
                     if (!same_address(address_of(storage), address)) continue;
                     int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
                     if (copy < 0) return SockUnit::err(sock_error_of(errno));
                     self->listener = std::make_shared<HostFd>(copy);
                     self->bound_to = address;
                     self->state = TcpSocket::State::bind_started;
                     return SockUnit::ok();
                   }
                   return SockUnit::err(SockError::access_denied);
                 });
  imports.define(tcp, "[method]tcp-socket.finish-bind", [](Borrow<TcpSocket> self) -> SockUnit {
    if (self->state != TcpSocket::State::bind_started) return SockUnit::err(SockError::not_in_progress);
    self->state = TcpSocket::State::bound;
    return SockUnit::ok();
  });
  imports.define(tcp, "[method]tcp-socket.start-listen", [](Borrow<TcpSocket> self) -> SockUnit {
    if (self->state != TcpSocket::State::bound) return SockUnit::err(SockError::invalid_state);
    self->state = TcpSocket::State::listen_started;
    return SockUnit::ok();
  });
  imports.define(tcp, "[method]tcp-socket.finish-listen", [](Borrow<TcpSocket> self) -> SockUnit {
    if (self->state != TcpSocket::State::listen_started) return SockUnit::err(SockError::not_in_progress);
    self->state = TcpSocket::State::listening;
    return SockUnit::ok();
  });
  // No outgoing connections: the host grants no network beyond its listeners.
  imports.define(tcp, "[method]tcp-socket.start-connect",
                 [](Borrow<TcpSocket> self, Borrow<Network>, IpSocketAddress) -> SockUnit {
                   if (self->state != TcpSocket::State::unbound) return SockUnit::err(SockError::invalid_state);
                   return SockUnit::err(SockError::access_denied);
                 });
  using Streams = std::tuple<Resource<InputStream>, Resource<OutputStream>>;
  imports.define(tcp, "[method]tcp-socket.finish-connect",
                 [](Borrow<TcpSocket>) { return SockResult<Streams>::err(SockError::not_in_progress); });
  using Accepted = std::tuple<Resource<TcpSocket>, Resource<InputStream>, Resource<OutputStream>>;
  imports.define(tcp, "[method]tcp-socket.accept", [s, sockets](Borrow<TcpSocket> self) -> SockResult<Accepted> {
    if (self->state != TcpSocket::State::listening) return SockResult<Accepted>::err(SockError::invalid_state);
    pollfd p{self->listener->fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return SockResult<Accepted>::err(SockError::would_block);
    int fd = ::accept4(self->listener->fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return SockResult<Accepted>::err(sock_error_of(errno));
    auto connection = std::make_shared<HostFd>(fd);
    TcpSocket t;
    t.family = self->family;
    t.state = TcpSocket::State::connected;
    t.connection = connection;
    return SockResult<Accepted>::ok(std::make_tuple(
        Resource<TcpSocket>::make(sockets, std::move(t)),
        Resource<InputStream>::make(s->input_streams, InputStream{connection, false, 0, false}),
        Resource<OutputStream>::make(s->output_streams, OutputStream{connection, OutputStream::Mode::stream, 0, false})));
  });
  auto socket_address = [](int fd, bool peer) -> SockResult<IpSocketAddress> {
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length)
                 : ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
    if (r != 0) return SockResult<IpSocketAddress>::err(sock_error_of(errno));
    return SockResult<IpSocketAddress>::ok(address_of(storage));
  };
  imports.define(tcp, "[method]tcp-socket.local-address", [socket_address](Borrow<TcpSocket> self) -> SockResult<IpSocketAddress> {
    if (self->connection) return socket_address(self->connection->fd, false);
    if (self->bound_to && self->state != TcpSocket::State::bind_started) return SockResult<IpSocketAddress>::ok(*self->bound_to);
    return SockResult<IpSocketAddress>::err(SockError::invalid_state);
  });
  imports.define(tcp, "[method]tcp-socket.remote-address", [socket_address](Borrow<TcpSocket> self) -> SockResult<IpSocketAddress> {
    if (!self->connection) return SockResult<IpSocketAddress>::err(SockError::invalid_state);
    return socket_address(self->connection->fd, true);
  });
  imports.define(tcp, "[method]tcp-socket.is-listening",
                 [](Borrow<TcpSocket> self) { return self->state == TcpSocket::State::listening; });
  imports.define(tcp, "[method]tcp-socket.address-family", [](Borrow<TcpSocket> self) { return self->family; });
  imports.define(tcp, "[method]tcp-socket.set-listen-backlog-size", [](Borrow<TcpSocket>, std::uint64_t size) -> SockUnit {
    if (size == 0) return SockUnit::err(SockError::invalid_argument);
    return SockUnit::ok();  // the inherited listener keeps the host's backlog
  });
  imports.define(tcp, "[method]tcp-socket.subscribe", [s](Borrow<TcpSocket> self) {
    Pollable p;
    if (self->state == TcpSocket::State::listening) {
      p.kind = Pollable::Kind::readable;
      p.fd = self->listener;
    } else if (self->connection) {
      p.kind = Pollable::Kind::readable;
      p.fd = self->connection;
    }
    return Resource<Pollable>::make(s->pollables, std::move(p));
  });
  imports.define(tcp, "[method]tcp-socket.shutdown", [](Borrow<TcpSocket> self, ShutdownType how) -> SockUnit {
    if (!self->connection) return SockUnit::err(SockError::invalid_state);
    int h = how == ShutdownType::receive ? SHUT_RD : how == ShutdownType::send ? SHUT_WR : SHUT_RDWR;
    if (::shutdown(self->connection->fd, h) != 0) return SockUnit::err(sock_error_of(errno));
    return SockUnit::ok();
  });
}

}  // namespace wrt::wasi::preview2
