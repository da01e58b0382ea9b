"""A TCP proxy the tests control, between the app and PostgreSQL: it forwards both ways
until it is frozen, then keeps every connection open and accepts new ones, reading what
they send and answering nothing, as a stopped (SIGSTOP) server or a black-holed network
does after the TCP handshake. Thawed, it forwards again (new connections only). Taken
down (:meth:`FreezableProxy.take_down`), it drops every connection and closes new ones at
once, as a stopped server does; brought back, it forwards again."""

from __future__ import annotations

import selectors
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

__all__ = ["FreezableProxy", "freezable_proxy"]


class FreezableProxy:
    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.frozen = threading.Event()
        self.down = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _keep(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)

    def _accept(self) -> None:
        self._listener.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._keep(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        if self.down.is_set():
            client.close()
            return
        if not self.frozen.is_set():
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                return
            upstream.settimeout(None)
            self._keep(upstream)
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ)
        if upstream is not None:
            selector.register(upstream, selectors.EVENT_READ)
        try:
            while not self._stop.is_set():
                for key, _ in selector.select(timeout=0.2):
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    data = sock.recv(65536)
                    if not data:
                        return
                    if self.frozen.is_set() or upstream is None:
                        continue  # read and drop: the peer waits for ever
                    (upstream if sock is client else client).sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            for sock in (client, upstream):
                if sock is not None:
                    sock.close()

    def freeze(self) -> None:
        self.frozen.set()

    def thaw(self) -> None:
        self.frozen.clear()

    def take_down(self) -> None:
        """Drop every connection; close new ones at once (a stopped database server)."""
        self.down.set()
        with self._lock:
            held, self._sockets = self._sockets, []
        for sock in held:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with suppress(OSError):
                sock.close()

    def bring_back(self) -> None:
        self.down.clear()

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.close()
        self._thread.join(timeout=2)


@contextmanager
def freezable_proxy(host: str = "127.0.0.1", port: int = 5432) -> Iterator[FreezableProxy]:
    proxy = FreezableProxy((host, port))
    try:
        yield proxy
    finally:
        proxy.close()
