"""Queue task envelopes: messages carry IDs only; handlers reload state and are idempotent."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.cases import Case

ROUTE_CASE = "route_case"
SEND_NOTICE = "send_notice"


def route_task(case: Case) -> dict[str, Any]:
    return {"task": ROUTE_CASE, "case_id": case.case_id, "version": case.version}


def notice_task(case: Case, seq: int, notice: str) -> dict[str, Any]:
    return {"task": SEND_NOTICE, "case_id": case.case_id, "seq": seq, "notice": notice}
