"""Operations on /supervision: how many messages wait in each dead-letter queue, and moving them back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.roles import Principal

from .access_policy import check_may_replay, check_may_supervise

# One press of the button moves at most this many messages (a bounded, retryable step).
REPLAY_LIMIT = 100
SHARED_LABELS = {"notices": "通知发送", "documents": "文书生成", "scans": "材料扫描"}


class DeadLetters(Protocol):
    """The dead-letter queue behind each task queue (keys as in resource_spec: a jurisdiction code,
    ``notices``, ``documents``, ``scans``)."""

    def depth(self, queue_key: str) -> int:
        """About how many messages wait in the queue's DLQ (SQS counts are approximate)."""

    def replay(self, queue_key: str, limit: int) -> int:
        """Move up to `limit` messages from the DLQ back to the queue; how many were moved.
        Safe to repeat: the queue handlers are idempotent."""


@dataclass(frozen=True)
class OperationsPorts:
    dead_letters: DeadLetters
    shared_queues: tuple[str, ...] = tuple(SHARED_LABELS)


@dataclass(frozen=True)
class QueueDepth:
    key: str
    label: str
    depth: int


def _queues(ports: OperationsPorts, principal: Principal) -> dict[str, str]:
    """A supervisor's jurisdiction queue and the shared ones (their failures touch every jurisdiction)."""
    own = {principal.jurisdiction: f"本地区办件队列（{principal.jurisdiction}）"}
    return own | {k: SHARED_LABELS.get(k, k) for k in ports.shared_queues}


def dlq_depths(ports: OperationsPorts, principal: Principal) -> list[QueueDepth]:
    check_may_supervise(principal, principal.jurisdiction)
    return [
        QueueDepth(key, label, ports.dead_letters.depth(key))
        for key, label in _queues(ports, principal).items()
    ]


def replay(
    ports: OperationsPorts, principal: Principal, queue_key: str, limit: int = REPLAY_LIMIT
) -> int:
    check_may_replay(principal)
    if queue_key not in _queues(ports, principal):
        raise NotFoundError("没有这个队列")
    return ports.dead_letters.replay(queue_key, max(1, min(limit, REPLAY_LIMIT)))
