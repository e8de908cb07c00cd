// A one-connection echo server on an inherited listening socket (wrt-run --tcplisten), with
// the raw sock_* calls (wasi-libc has no accept): accept, recv, send, shutdown. Also checks
// the errors sockets must give.
#include <string.h>
#include <wasi/api.h>

#include "check.h"

int main(int argc, char** argv) {
  __wasi_fd_t listener = (__wasi_fd_t)(argc > 1 ? atoi(argv[1]) : 3);
  __wasi_fdstat_t stat;
  CHECK("the listener is a stream socket",
        __wasi_fd_fdstat_get(listener, &stat) == 0 && stat.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
  __wasi_fd_t connection = 0;
  CHECK("sock_accept", __wasi_sock_accept(listener, 0, &connection) == 0);

  char buffer[128];
  __wasi_iovec_t in = {(uint8_t*)buffer, sizeof buffer - 1};
  __wasi_size_t received = 0;
  __wasi_roflags_t roflags = 0;
  CHECK("sock_recv", __wasi_sock_recv(connection, &in, 1, 0, &received, &roflags) == 0 && received > 0);
  buffer[received] = '\0';

  char reply[160] = "echo: ";
  strncat(reply, buffer, sizeof reply - strlen(reply) - 1);
  __wasi_ciovec_t out = {(const uint8_t*)reply, strlen(reply)};
  __wasi_size_t sent = 0;
  CHECK("sock_send", __wasi_sock_send(connection, &out, 1, 0, &sent) == 0 && sent == strlen(reply));
  CHECK("sock_shutdown", __wasi_sock_shutdown(connection, __WASI_SDFLAGS_WR) == 0);
  CHECK("sock_shutdown with bad flags is EINVAL", __wasi_sock_shutdown(connection, 0) == __WASI_ERRNO_INVAL);
  CHECK("sock_accept on a connection (not listening) fails", __wasi_sock_accept(connection, 0, &listener) != 0);
  CHECK("sock_recv on a closed descriptor is EBADF",
        __wasi_sock_recv(1234, &in, 1, 0, &received, &roflags) == __WASI_ERRNO_BADF);
  CHECK("sock_accept on a file is ENOTCAPABLE or ENOTSOCK",
        (__wasi_sock_accept(1, 0, &connection) == __WASI_ERRNO_NOTCAPABLE) ||
            (__wasi_sock_accept(1, 0, &connection) == __WASI_ERRNO_NOTSOCK));
  CHECK("close", __wasi_fd_close(connection) == 0);
  return done();
}
