"""Transactional outbox: queue messages ride in the same write as the change, then are sent and cleared."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from chalicelib import correlation
from chalicelib.domain.cases import Case
from chalicelib.domain.outbox_messages import is_route, without_routes

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


def flush(
    tasks: TaskQueue, cases: CaseRepository, case: Case, step: frozenset[str] | None = None
) -> Case:
    """Send what the case's outbox holds; on any failure stop and leave the rest for the sweep.

    `step`: the ids of the messages of the step just committed. Its route message is then sent last,
    after the others are sent and cleared, and left for the home jurisdiction's router to clear in its
    own step: the router reads the case after our clear, so it never loses its write to ours. A route
    message of an earlier step is its router's or the sweep's to send, not this step's.
    Returns the case without the messages that were sent and cleared (as it now is in storage)."""
    ordered = case.outbox
    if step is not None:
        routes = tuple(e for e in case.outbox if is_route(e) and e["id"] in step)
        ordered = (*without_routes(case.outbox), *routes)
    sent: list[dict[str, Any]] = []
    for entry in ordered:
        left_for_router = step is not None and is_route(entry)
        if left_for_router:
            case, sent = _clear(cases, case, sent), []
        try:
            tasks.send(str(entry["queue"]), stamped(dict(entry["body"])))
        except Exception:
            log.warning(
                "outbox send for case %s failed; the sweep will retry", case.case_id, exc_info=True
            )
            break
        if not left_for_router:
            sent.append(entry)
    return _clear(cases, case, sent)


def _clear(cases: CaseRepository, case: Case, sent: list[dict[str, Any]]) -> Case:
    if not sent:
        return case
    ids = frozenset(str(e["id"]) for e in sent)
    try:
        # The case as stored is known: the clear is one conditional write, no re-read.
        cases.clear_outbox(case.case_id, ids, as_written=case)
    except Exception:
        # Sent but not cleared: the sweep sends again, and every handler is idempotent.
        log.warning("clearing the outbox of case %s failed", case.case_id, exc_info=True)
        return case
    # The bookkeeping count is left as written: a step taken on this copy then always re-reads,
    # whatever else wrote the case meanwhile.
    return replace(case, outbox=tuple(m for m in case.outbox if m["id"] not in ids))


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
