"""Routing: the home jurisdiction receives a submitted case from its queue; a sweep re-sends lost messages."""

from __future__ import annotations

import logging
from typing import Any

from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.roles import SYSTEM
from chalicelib.domain.statuses import Action, CaseStatus

from .steps import StepPorts, take

log = logging.getLogger(__name__)


def receive_routed_case(ports: StepPorts, message: dict[str, Any], queue_jurisdiction: str) -> str:
    """Handle one route_case message; replays and duplicates change nothing. Returns what happened."""
    case_id = str(message.get("case_id", ""))
    try:
        case = ports.cases.get(case_id)
    except NotFoundError:
        log.warning("route_case for unknown case %r dropped", case_id)
        return "unknown_case"
    if case.home_code != queue_jurisdiction:
        log.warning("case %s arrived on the queue of %s, not its home", case_id, queue_jurisdiction)
        return "wrong_queue"
    if case.routing_state == "delivered":
        return "duplicate"
    if case.status is not CaseStatus.SUBMITTED:
        ports.cases.set_routing_state(case.case_id, "delivered")
        return "superseded"
    # A concurrent change raises ConcurrencyError: the message returns to the queue and is retried.
    take(
        ports,
        case,
        Action.RECEIVE_AT_HOME,
        SYSTEM,
        details={"queue": queue_jurisdiction},
        changes={"routing_state": "delivered"},
    )
    return "delivered"
