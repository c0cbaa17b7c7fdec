"""Which keyed list a case appears in, under which keys: shared by the DynamoDB store and its fake."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .cases import Case
from .modes import HandlingMode
from .statuses import CaseStatus

UNDATED = "9999-12-31"  # open cases without a stamped due date sort after every dated one


@dataclass(frozen=True)
class Listing:
    """One keyed list: an index, its partition value and (optionally) a sort-key prefix."""

    index: str
    partition: str
    sort: str
    value: str
    prefix: str = ""
    newest_first: bool = True


def of_applicant(user_id: str) -> Listing:
    return Listing("by_applicant", "applicant_user_id", "created_at", user_id)


def of_jurisdiction(code: str) -> Listing:
    """Supervision: the cases whose home is this jurisdiction, newest first."""
    return Listing("by_home", "home_code", "created_at", code)


def at_centre(code: str, centre: str) -> Listing:
    """The counter's work list: cases received at this 政务服务中心, newest first."""
    return Listing("by_centre", "receiving_centre", "created_at", f"{code}#{centre}")


def open_in_unit(code: str, department: str) -> Listing:
    """The inbox: open cases of one department at home, earliest due date (so overdue) first."""
    return Listing("open_by_home", "open_home", "unit_due", code, f"{department}#", False)


def open_at_home(code: str) -> Listing:
    """The sweep: every open case whose home is this jurisdiction (by department, then due date)."""
    return Listing("open_by_home", "open_home", "unit_due", code, "", False)


def in_unit_with_status(code: str, department: str, status: CaseStatus) -> Listing:
    return Listing(
        "by_unit_status", "unit_status", "created_at", f"{code}#{department}#{status.value}"
    )


def is_open(case: Case) -> bool:
    return case.status is not CaseStatus.DRAFT and not case.status.is_terminal


def index_keys(case: Case) -> dict[str, str]:
    """The index attributes of a case item; an absent one keeps the case out of that (sparse) index."""
    keys = {
        "created_at": case.created_at,
        "home_code": case.home_code,
        "unit_status": f"{case.home_code}#{case.department}#{case.status.value}",
    }
    if case.applicant_user_id:
        keys["applicant_user_id"] = case.applicant_user_id
    if case.mode is not HandlingMode.ONLINE and case.receiving_center:
        keys["receiving_centre"] = f"{case.receiving_code}#{case.receiving_center}"
    if is_open(case):  # removed when the case closes: the sweep and inbox never see it again
        keys["open_home"] = case.home_code
        keys["unit_due"] = f"{case.department}#{case.due_date or UNDATED}"
    return keys


def list_row(case: Case) -> Case:
    """What a list row may show and who may see it decides on: no answers, files or contact details.
    The legs and the clock stay (a few short fields): the counter's inbox and handling times need them.
    The bookkeeping count goes too: an outbox being emptied then leaves the row, and so every list
    index, unwritten (each index write is billed)."""
    return replace(
        case,
        query_code="",
        applicant_id_number="",
        applicant_phone="",
        applicant_email="",
        answers={},
        materials=(),
        result={},
        supplement_requests=(),
        outbox=(),
        tracking_token="",
        bookkeeping=0,
    )
