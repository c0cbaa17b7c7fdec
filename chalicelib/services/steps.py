"""The one commit path: every step is applied by the domain, stamped with its clock, saved with its event
and outbox in one transaction, and its messages flushed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.cases import Case, CaseEvent, Step, apply
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.errors import ConcurrencyError
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action

from . import outbox
from .case_clocks import clock_or_none, stamped
from .ports import CaseRepository, Clock, Content, TaskQueue

# The record of the full view that answers a step, made from the case and event about to be saved.
Shown = Callable[[Case, CaseEvent], PersonalDataView | None]


@dataclass(frozen=True)
class StepPorts:
    """What committing a step needs: the case store, the queues, the time and the content for the clock."""

    cases: CaseRepository
    tasks: TaskQueue
    clock: Clock
    content: Content


def take(
    ports: StepPorts,
    case: Case,
    action: Action,
    principal: Principal,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    shown: Shown | None = None,
) -> Case:
    """Apply one action to a loaded case and commit it; returns the case as saved (outbox flushed).
    `shown`: the record of the full view the step's answer will show, saved in the step's own write."""
    for attempt in (1, 2):
        now = ports.clock.now()
        step = apply(
            case,
            action,
            principal,
            now,
            reason=reason,
            details=details,
            changes=changes,
            clock=clock_or_none(ports.content, case, ports.clock.today()),
        )
        try:
            return commit(ports, step, shown=shown)
        except ConcurrencyError:
            if attempt == 2:
                raise
            reloaded = ports.cases.get(case.case_id)
            if reloaded.version != case.version:
                raise  # a person's step came first: theirs stands, this one is refused
            # Only bookkeeping moved (routing state, an outbox append or clear): take the step on it.
            case = reloaded
    raise AssertionError("unreachable")


def commit(
    ports: StepPorts,
    step: Step,
    *,
    idempotency_key: str = "",
    shown: Shown | None = None,
) -> Case:
    """Save case + event + outbox atomically (a stale version loses with ConcurrencyError), then send."""
    case = outbox.carrying(stamped(ports.content, step.case, ports.clock.today()))
    if step.expected_version == 0:
        ports.cases.add(case, step.event, idempotency_key=idempotency_key)
    else:
        record = shown(case, step.event) if shown is not None else None
        views = (record,) if record is not None else ()
        ports.cases.save(
            case,
            step.event,
            expected_version=step.expected_version,
            views=views,
            bookkeeping_before=step.expected_bookkeeping,
        )
    return outbox.flush(
        ports.tasks, ports.cases, case, step=frozenset(str(m["id"]) for m in step.messages)
    )
