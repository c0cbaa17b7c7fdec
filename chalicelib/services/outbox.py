"""Transactional outbox: queue messages ride in the same write as the change, then are sent and cleared."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from chalicelib import correlation
from chalicelib.domain.cases import Case

from .ports import CaseRepository, TaskQueue

log = logging.getLogger(__name__)


def stamped(body: dict[str, Any]) -> dict[str, Any]:
    """The message carries the correlation id of the request (or message) that caused it."""
    if correlation.current() and not body.get(correlation.FIELD):
        body[correlation.FIELD] = correlation.current()
    return body


def carrying(case: Case) -> Case:
    """Stamp the outbox at commit, so a message the sweep sends later still names its request."""
    if not correlation.current():
        return case
    entries = tuple({**e, "body": stamped(dict(e["body"]))} for e in case.outbox)
    return replace(case, outbox=entries)


def flush(tasks: TaskQueue, cases: CaseRepository, case: Case) -> Case:
    """Send what the case's outbox holds; on any failure stop and leave the rest for the sweep.

    Returns the case without the messages that were sent (as it now is in storage)."""
    sent: set[str] = set()
    for entry in case.outbox:
        try:
            tasks.send(str(entry["queue"]), stamped(dict(entry["body"])))
        except Exception:
            log.warning(
                "outbox send for case %s failed; the sweep will retry", case.case_id, exc_info=True
            )
            break
        sent.add(str(entry["id"]))
    if not sent:
        return case
    try:
        # The case as stored is known: the clear is one conditional write, no re-read.
        cases.clear_outbox(case.case_id, frozenset(sent), as_written=case)
    except Exception:
        # Sent but not cleared: the sweep sends again, and every handler is idempotent.
        log.warning("clearing the outbox of case %s failed", case.case_id, exc_info=True)
        return case
    return replace(case, outbox=tuple(m for m in case.outbox if m["id"] not in sent))


def flush_pending(tasks: TaskQueue, cases: CaseRepository, older_than: datetime) -> int:
    """Scheduled sweep: messages a crash or an outage left behind are sent after a grace period."""
    total = 0
    for case in cases.pending_outbox(older_than):
        total += len(case.outbox) - len(flush(tasks, cases, case).outbox)
    return total


class CaseOutboxSender:
    """Sends what a case's outbox holds now (for writes outside the commit path, e.g. 好差评 replies)."""

    def __init__(self, tasks: TaskQueue, cases: CaseRepository) -> None:
        self._tasks = tasks
        self._cases = cases

    def flush(self, case_id: str) -> int:
        case = self._cases.get(case_id)
        return len(case.outbox) - len(flush(self._tasks, self._cases, case).outbox)
