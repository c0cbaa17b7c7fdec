"""Whole cases walked by several clients at once on the local stack: the throughput both cores give.

The one-client figure waits for idle queues before it looks at a case, so that looking costs nothing;
here each client polls its own case (a GET every 0.2 s) while the others work, as clerks at several
windows would. Its requests are not counted: the per-case request figures come from the one-client run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

POLL_SECONDS = 0.2
DEADLINE_SECONDS = 60


def _polling_wait(check: Callable[[], bool], deadline_seconds: float = DEADLINE_SECONDS) -> None:
    deadline = time.monotonic() + deadline_seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError("超时：办件未在限定时间内到达预期状态")
        time.sleep(POLL_SECONDS)


def cases_per_second(
    api: Any,
    upload: Any,
    tokens: dict[str, str],
    procedures: Sequence[Callable[[Any], None]],
    clients: int = 4,
    cases_each: int = 5,
) -> float:
    """Cases finished per second with `clients` walking `cases_each` whole cases each, all at once."""
    from tests.support import scenarios

    errors: list[BaseException] = []

    def walk(client: int) -> None:
        try:
            for n in range(cases_each):
                scenario = scenarios.Scenario(api, upload, _polling_wait)
                scenario.tokens = dict(tokens)
                procedures[(client + n) % len(procedures)](scenario)
        except BaseException as failed:  # reported after the others finish
            errors.append(failed)

    threads = [threading.Thread(target=walk, args=(c,)) for c in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return clients * cases_each / elapsed
