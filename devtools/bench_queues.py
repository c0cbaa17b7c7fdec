"""Waiting in the bench for the local stack's queues to go idle, and saying what they held if they never do."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any

COUNTS = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]


def moto_held_messages(moto_url: str) -> Callable[[], dict[str, dict[str, int]]]:
    """The local moto's count of held messages by queue (devtools/moto_process.py QUEUES_PATH)."""
    from devtools.moto_process import QUEUES_PATH

    def held() -> dict[str, dict[str, int]]:
        with urllib.request.urlopen(moto_url + QUEUES_PATH, timeout=10) as answer:
            counts: dict[str, dict[str, int]] = json.loads(answer.read())
            return counts

    return held


class QueueWatch:
    """The driver's view of every queue (its calls sign with the driver key and are counted apart)."""

    def __init__(
        self,
        sqs: Any,
        deadline_seconds: float = 30,
        sleep: Callable[[float], None] = time.sleep,
        held: Callable[[], dict[str, dict[str, int]]] | None = None,
    ) -> None:
        self._sqs = sqs
        self._held = held  # every queue's counts in one look, when the endpoint offers it
        self._urls: list[str] = sqs.list_queues()["QueueUrls"]
        # Work in progress is in the work queues; a dead letter is work that ended (it shows in a
        # stall's report). Polling the eight DLQs as well doubled each look, and its moto time.
        self._work = [url for url in self._urls if not url.endswith("-dlq")]
        self._deadline_seconds = deadline_seconds
        self._sleep = sleep

    def busy(self) -> bool:
        """Some work queue holds a message, visible or in flight."""
        if self._held is not None:
            return any(not name.endswith("-dlq") for name in self._held())
        for url in self._work:
            attrs = self._sqs.get_queue_attributes(QueueUrl=url, AttributeNames=COUNTS)
            if any(int(v) for v in attrs["Attributes"].values()):
                return True
        return False

    def settle(self) -> float:
        """Until every work queue is idle (the work a part of the bench left behind is not measured
        in the next); the seconds that took. A stall says what the queues hold."""
        started = time.monotonic()
        deadline = started + self._deadline_seconds
        while self.busy():
            if time.monotonic() > deadline:
                raise RuntimeError(f"the queues did not go idle; queues: {self.holding()}")
            self._sleep(0.02)
        return time.monotonic() - started

    def holding(self) -> dict[str, dict[str, str]]:
        """Each queue that holds messages, with all its counts (delayed ones too)."""
        found = {}
        for url in self._urls:
            attrs = self._sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
            counts = {k: v for k, v in attrs["Attributes"].items() if k.startswith("Approximate")}
            if any(int(v) for v in counts.values()):
                found[url.rsplit("/", 1)[-1]] = counts
        return found

    def wait(self, check: Callable[[], bool]) -> None:
        """Until `check()` holds, looking again only once the queues are idle (polling the API would
        count as the app's cost); a stall names what was awaited and what the queues hold.

        The first look at the queues is at once: the step just answered has already sent its messages.
        Only a check that still fails on idle queues waits a moment before the next look, for work that
        is not in a queue yet."""
        deadline = time.monotonic() + self._deadline_seconds
        looked = False
        while not check():
            if looked:
                self._sleep(0.05)
            while self.busy() and time.monotonic() <= deadline:
                self._sleep(0.02)
            looked = True
            if time.monotonic() > deadline:
                name = getattr(check, "__qualname__", "a check")
                raise RuntimeError(f"timed out waiting for {name}; queues: {self.holding()}")
