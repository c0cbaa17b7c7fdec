"""The local moto's DynamoDB lock serves waiting requests in the order they came."""

from __future__ import annotations

import threading
import time

from devtools.fair_lock import FairLock


def _until(check: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_threads_waiting_for_the_lock_get_it_in_the_order_they_asked() -> None:
    lock, served = FairLock(), []

    def take(n: int) -> None:
        with lock:
            served.append(n)

    threads = []
    with lock:
        for n in range(8):
            thread = threading.Thread(target=take, args=(n,))
            thread.start()
            threads.append(thread)
            _until(lambda n=n: lock.waiting() == n + 1)
    for thread in threads:
        thread.join(5)
    assert served == list(range(8))
    assert lock.waiting() == 0


def test_the_lock_is_free_again_once_its_last_holder_leaves() -> None:
    lock = FairLock()
    with lock:
        pass
    done = threading.Event()

    def take() -> None:
        with lock:
            done.set()

    threading.Thread(target=take).start()
    assert done.wait(5)
