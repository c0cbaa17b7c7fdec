"""A first-come-first-served lock: threading.Lock lets a newcomer overtake threads already waiting."""

from __future__ import annotations

import collections
import threading


class FairLock:
    """Each waiter is handed the lock in the order it asked; the holder passes it on as it leaves."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiting: collections.deque[threading.Lock] = collections.deque()
        self._held = False

    def __enter__(self) -> FairLock:
        with self._guard:
            if not self._held:
                self._held = True
                return self
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        turn.acquire()  # released by the holder before us: the lock is ours, still marked held
        return self

    def waiting(self) -> int:
        """How many threads wait for their turn."""
        with self._guard:
            return len(self._waiting)

    def __exit__(self, *_: object) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().release()
            else:
                self._held = False
