"""Routing: the home jurisdiction receives a submitted case from its queue; a sweep re-sends lost messages."""

from __future__ import annotations

import logging
from typing import Any

from chalicelib.domain.errors import ConcurrencyError, NotFoundError
from chalicelib.domain.outbox_messages import is_route
from chalicelib.domain.roles import SYSTEM
from chalicelib.domain.statuses import Action, CaseStatus

from .steps import StepPorts, take

log = logging.getLogger(__name__)


CONFLICT_ATTEMPTS = 3  # reloads of a case that a person changed while its routing was handled


def receive_routed_case(ports: StepPorts, message: dict[str, Any], queue_jurisdiction: str) -> str:
    """Handle one route_case message; replays and duplicates change nothing. Returns what happened."""
    for attempt in range(1, CONFLICT_ATTEMPTS + 1):
        try:
            return _receive_once(ports, message, queue_jurisdiction)
        except ConcurrencyError:
            # Each attempt reloads the case, so retrying at once is safe and spares the case a queue
            # visibility timeout; only a conflict that persists goes back to SQS (and then its DLQ).
            if attempt == CONFLICT_ATTEMPTS:
                raise
            log.info("route_case %s conflicted; reloading", message.get("case_id"))
    raise AssertionError("unreachable")


def _receive_once(ports: StepPorts, message: dict[str, Any], queue_jurisdiction: str) -> str:
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
        # The route entry its step left for us is cleared in the same write, or the sweep would send
        # it once more; the case just read spares that write a second read.
        routes = frozenset(str(e["id"]) for e in case.outbox if is_route(e))
        ports.cases.set_routing_state(case.case_id, "delivered", clearing=routes, as_read=case)
        return "superseded"
    take(ports, case, Action.RECEIVE_AT_HOME, SYSTEM, details={"queue": queue_jurisdiction})
    return "delivered"
