"""The local API's processes share clients evenly: the runner accepts every connection and keeps it or
hands it (its file descriptor, over a Unix socket) to whichever process serves the fewest.

Each worker's kernel-hashed share of one port (SO_REUSEPORT) came out 7 to 13 as often as 10 to 10, and
a kept-alive client stays where it landed: the busier process's clients had the slow answers."""

from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

from chalice.local import ThreadedHTTPServer

BACKLOG = 128  # socketserver's 5 dropped connections when twenty clients opened theirs at once
READY, CLOSED, CONNECTION = b"r", b"x", b"c"

log = logging.getLogger("tongban.local")


def channel_pair() -> tuple[socket.socket, socket.socket]:
    """(the runner's end, the worker's end): each message one packet, a descriptor riding with it."""
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


@dataclass
class _Worker:
    channel: socket.socket
    serving: int = 0
    ready: bool = False
    gone: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class BalancingServer(ThreadedHTTPServer):
    """The runner's listening server: a new connection goes to the process serving fewest (ties here)."""

    request_queue_size = BACKLOG

    def __init__(self, address: Any, handler: Any) -> None:
        super().__init__(address, handler)
        self._workers: list[_Worker] = []
        self._counts = threading.Lock()
        self.serving = 0

    def add_worker(self, channel: socket.socket) -> None:
        worker = _Worker(channel)
        self._workers.append(worker)
        threading.Thread(target=self._listen, args=(worker,), daemon=True).start()

    def _listen(self, worker: _Worker) -> None:
        """The worker's word: ready once its app has loaded, then one packet per connection it closed."""
        while True:
            try:
                packet = worker.channel.recv(16)
            except OSError:
                packet = b""
            with self._counts:
                if not packet:
                    worker.gone = True
                    return
                if packet == READY:
                    worker.ready = True
                elif packet == CLOSED:
                    worker.serving = max(0, worker.serving - 1)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._counts:
            able = [w for w in self._workers if w.ready and not w.gone]
            chosen = min(able, key=lambda w: w.serving, default=None)
            if chosen is not None and chosen.serving < self.serving:
                chosen.serving += 1
            else:
                chosen = None
                self.serving += 1
        if chosen is not None and self._hand(chosen, request):
            return
        if chosen is not None:
            with self._counts:
                self.serving += 1
        super().process_request(request, client_address)

    def _hand(self, worker: _Worker, request: socket.socket) -> bool:
        try:
            with worker.lock:
                socket.send_fds(worker.channel, [CONNECTION], [request.fileno()])
        except OSError:
            log.warning("an API worker is gone; this process serves its connections")
            with self._counts:
                worker.gone, worker.serving = True, 0
            return False
        request.close()  # only our copy: the worker holds the connection now (no shutdown here)
        return True

    def shutdown_request(self, request: Any) -> None:
        super().shutdown_request(request)
        with self._counts:
            self.serving = max(0, self.serving - 1)


class HandedServer(ThreadedHTTPServer):
    """A worker's server: it listens on nothing and serves the connections the runner hands it."""

    def __init__(self, address: Any, handler: Any) -> None:
        super().__init__(address, handler, bind_and_activate=False)
        self.socket.close()
        self._channel: socket.socket | None = None
        self._sending = threading.Lock()

    def serve_channel(self, channel: socket.socket) -> None:
        """Until the runner's end closes: each descriptor it sends is a client to serve on a thread."""
        self._channel = channel
        self._say(READY)
        while True:
            try:
                _, fds, _, _ = socket.recv_fds(channel, 16, 4)
            except OSError:
                return
            if not fds:
                return
            for fd in fds:
                connection = socket.socket(fileno=fd)
                try:
                    peer = connection.getpeername()
                except OSError:  # the client left while it was handed over
                    connection.close()
                    self._say(CLOSED)
                    continue
                self.process_request(connection, peer)

    def shutdown_request(self, request: Any) -> None:
        super().shutdown_request(request)
        self._say(CLOSED)

    def _say(self, word: bytes) -> None:
        if self._channel is None:
            return
        try:
            with self._sending:
                self._channel.send(word)
        except OSError:
            pass  # the runner is gone; SIGTERM follows
