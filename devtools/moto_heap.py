"""The local moto keeps what it stores out of the collector's full passes: collected and frozen when idle.

moto holds every stored item, object and message as Python objects, so its heap grows with the cases a
run makes, and Python's full collection walks all of it: up to 220 ms per pass after one bench run, a
stall for every AWS call in flight (with the app's own full passes, it set the bench's create p99).
The data is alive by design. When no request has come for a moment, the idle thread collects what is
garbage and freezes (gc.freeze) what is left, so a full pass under load walks only what was made since.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]

IDLE_SECONDS = 1.0


class IdleFreezer:
    """WSGI wrapper: notes when the last request came; `tick` collects and freezes once after activity."""

    def __init__(
        self,
        app: App,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[], object] = gc.collect,
        freeze: Callable[[], None] = gc.freeze,
    ) -> None:
        self._app = app
        self._idle = idle_seconds
        self._clock = clock
        self._collect = collect
        self._freeze = freeze
        self._last = clock()
        self._active = False  # requests came since the last freeze

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        self._last = self._clock()
        self._active = True
        return self._app(environ, start_response)

    def tick(self) -> bool:
        """Collect and freeze if requests came and then none for `idle_seconds`; True if it did."""
        if not self._active or self._clock() - self._last < self._idle:
            return False
        self._active = False
        self._collect()
        self._freeze()
        return True

    def start(self, every: float = IDLE_SECONDS / 2) -> None:
        def watch() -> None:
            while True:
                time.sleep(every)
                self.tick()

        threading.Thread(target=watch, name="moto-idle-freeze", daemon=True).start()
