"""Queue messages a step leaves in the case's outbox: IDs only, handlers reload state and are idempotent."""

from __future__ import annotations

from typing import Any

ROUTE_CASE = "route_case"
SEND_NOTICE = "send_notice"
ISSUE_DOCUMENT = "issue_document"
NOTICES_QUEUE = "notices"
DOCUMENTS_QUEUE = "documents"


def route_task(case_id: str, version: int) -> dict[str, Any]:
    return {"task": ROUTE_CASE, "case_id": case_id, "version": version}


def notice_task(case_id: str, seq: int, notice: str) -> dict[str, Any]:
    return {"task": SEND_NOTICE, "case_id": case_id, "seq": seq, "notice": notice}


def document_task(case_id: str, seq: int, kind: str, notice: str = "") -> dict[str, Any]:
    """A step's document; the notice that announces it rides along and is sent once it is issued."""
    body: dict[str, Any] = {"task": ISSUE_DOCUMENT, "case_id": case_id, "seq": seq, "kind": kind}
    if notice:
        body["notice"] = notice
    return body


def is_route(entry: dict[str, Any]) -> bool:
    return bool(entry.get("body", {}).get("task") == ROUTE_CASE)


def without_routes(outbox: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """The outbox once its case has reached home: the router's own step clears the route it received."""
    return tuple(e for e in outbox if not is_route(e))


def outbox_entry(seq: int, queue: str, body: dict[str, Any]) -> dict[str, Any]:
    """An outbox entry; its id makes clearing exact and lets handlers see replays."""
    return {
        "id": f"{seq}:{queue}:{body.get('task')}:{body.get('kind') or body.get('notice', '')}",
        "queue": queue,
        "body": body,
    }
