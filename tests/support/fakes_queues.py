"""In-memory dead-letter queues with the SQS adapter's semantics (shared contract suite)."""

from __future__ import annotations

from collections import defaultdict


class FakeDeadLetters:
    def __init__(self) -> None:
        self.dead: dict[str, list[str]] = defaultdict(list)
        self.queued: dict[str, list[str]] = defaultdict(list)

    def put(self, queue_key: str, body: str) -> None:
        """A message that failed its handler often enough to land in the DLQ (test set-up)."""
        self.dead[queue_key].append(body)

    def depth(self, queue_key: str) -> int:
        return len(self.dead[queue_key])

    def replay(self, queue_key: str, limit: int) -> int:
        moving = self.dead[queue_key][:limit]
        del self.dead[queue_key][:limit]
        self.queued[queue_key].extend(moving)
        return len(moving)
