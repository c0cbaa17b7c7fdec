"""Transactional outbox: queue messages ride in the same write as the change, then are sent and cleared."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from chalicelib.domain.cases import Case

from .deps import Deps

log = logging.getLogger(__name__)


def message(case: Case, seq: int, queue: str, body: dict[str, Any]) -> dict[str, Any]:
    """An outbox entry; its id makes clearing exact and lets handlers see replays."""
    return {
        "id": f"{seq}:{queue}:{body.get('task')}:{body.get('notice', '')}",
        "queue": queue,
        "body": body,
    }


def with_messages(case: Case, *entries: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    return (*case.outbox, *entries)


def flush(deps: Deps, case: Case) -> int:
    """Send what the case's outbox holds; on any failure stop and leave the rest for the sweep."""
    sent: set[str] = set()
    for entry in case.outbox:
        try:
            deps.tasks.send(str(entry["queue"]), dict(entry["body"]))
        except Exception:
            log.warning(
                "outbox send for case %s failed; the sweep will retry", case.case_id, exc_info=True
            )
            break
        sent.add(str(entry["id"]))
    if sent:
        try:
            deps.cases.clear_outbox(case.case_id, frozenset(sent))
        except Exception:
            # Sent but not cleared: the sweep sends again, and every handler is idempotent.
            log.warning("clearing the outbox of case %s failed", case.case_id, exc_info=True)
    return len(sent)


def flush_pending(deps: Deps) -> int:
    """Scheduled sweep: messages a crash or an outage left behind are sent after a grace period."""
    older_than = deps.clock.now() - timedelta(seconds=deps.routing_grace_seconds)
    return sum(flush(deps, case) for case in deps.cases.pending_outbox(older_than))
