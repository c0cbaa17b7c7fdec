"""The daily deadline sweep (超期预警): records deemed acceptances, ends expired 补正, warns staff before and
after a deadline — every date read from the case clock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from chalicelib.domain import case_lists
from chalicelib.domain.calendar import CalendarRangeError
from chalicelib.domain.cases import Case
from chalicelib.domain.deadlines import (
    SUPPLEMENT_WORKING_DAYS,
    Urgency,
    must_deem_accepted,
    urgency,
)
from chalicelib.domain.errors import BadRequestError, DomainError
from chalicelib.domain.roles import SYSTEM
from chalicelib.domain.statuses import Action

from .case_clocks import case_clock
from .ports import Checkpoints, StaffAlerts
from .steps import StepPorts, take

log = logging.getLogger(__name__)

DEEMED_REASON = "逾期未告知补正，依《行政许可法》第三十二条，自收到申请材料之日起即为受理"
EXPIRED_REASON = (
    f"自补正通知之日起{SUPPLEMENT_WORKING_DAYS}个工作日内未补正，申请终止办理；如需办理可重新申请"
)
DONE = "-done-"
SWEEP_PAGE = 50
STOP_WITH_SECONDS_LEFT = 30.0  # a page of cases takes a few seconds; stop well before the timeout
DEADLINE_WORDS = {"acceptance": "受理", "decision": "办结", "delivery": "送达"}


@dataclass(frozen=True)
class SweepPorts:
    steps: StepPorts
    alerts: StaffAlerts
    checkpoints: Checkpoints


@dataclass
class SweepReport:
    checked: int = 0
    deemed_accepted: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    alerts_sent: int = 0
    supplement_expired: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    resume: str | None = None  # set when the run stopped early: pass it to the next run


def sweep_deadlines(
    ports: SweepPorts,
    resume: str | None = None,
    time_left: Callable[[], float] = lambda: float("inf"),
    page: int = SWEEP_PAGE,
    reached: Callable[[str], None] = lambda position: None,
) -> SweepReport:
    """Idempotent: run it as often as you like; each alert goes out once per case, kind and day.

    Walks only open cases (the sparse open index), one jurisdiction and one page at a time; `resume`
    is a position from an earlier report, where a run that ran short of `time_left` seconds stopped."""
    report = SweepReport()
    seen: set[str] = set()
    steps = ports.steps
    codes = sorted(steps.content.jurisdictions.codes())
    start_code, cursor = _position(resume, codes)
    for code in codes[codes.index(start_code) :] if start_code else []:
        while True:
            if time_left() < STOP_WITH_SECONDS_LEFT:
                report.resume = f"{code} {cursor or ''}".rstrip()
                return report
            try:
                rows, cursor = steps.cases.list_page(case_lists.open_at_home(code), page, cursor)
            except BadRequestError:  # a checkpoint from an older index layout: this place anew
                rows, cursor = steps.cases.list_page(case_lists.open_at_home(code), page, None)
            for row in rows:
                if row.case_id in seen:
                    continue
                seen.add(row.case_id)
                report.checked += 1
                try:
                    _sweep_case(ports, steps.cases.get(row.case_id), report)
                except (CalendarRangeError, DomainError) as error:
                    # One case must not stop the sweep; the next run tries again.
                    report.errors.append(f"{row.case_number}: {error}")
            if cursor is None:
                break
            reached(f"{code} {cursor}")
        reached(_after(code, codes))
    return report


def scheduled_sweep(ports: SweepPorts, time_left: Callable[[], float]) -> SweepReport:
    """The scheduled run: resumes today's checkpoint (stored after every page), so a run that timed
    out is continued by the next scheduled one; once the day's sweep is done, later runs do nothing."""
    name = f"sweep#{ports.steps.clock.today().isoformat()}"
    position = ports.checkpoints.checkpoint(name)
    if position == DONE:
        return SweepReport()
    report = sweep_deadlines(
        ports, position, time_left, reached=lambda p: ports.checkpoints.set_checkpoint(name, p)
    )
    ports.checkpoints.set_checkpoint(name, report.resume or DONE)
    return report


def _after(code: str, codes: list[str]) -> str:
    later = codes[codes.index(code) + 1 :]
    return later[0] if later else DONE


def _position(resume: str | None, codes: list[str]) -> tuple[str | None, str | None]:
    """(jurisdiction, cursor) to start from; an unknown jurisdiction starts over."""
    if not codes:
        return None, None
    code, _, cursor = (resume or "").partition(" ")
    if code == DONE:
        return None, None
    if code not in codes:
        return codes[0], None
    return code, cursor or None


def _sweep_case(ports: SweepPorts, case: Case, report: SweepReport) -> None:
    steps = ports.steps
    today = steps.clock.today()
    clock = case_clock(steps.content, case, today)
    if clock.supplement_due is not None:
        if today > clock.supplement_due:
            take(steps, case, Action.EXPIRE_SUPPLEMENT, SYSTEM, reason=EXPIRED_REASON)
            report.supplement_expired.append(case.case_number)
        return
    if must_deem_accepted(clock, today):
        take(steps, case, Action.ACCEPT, SYSTEM, reason=DEEMED_REASON)
        report.deemed_accepted.append(case.case_number)
        return
    level, remaining = urgency(clock, steps.content.calendar, today)
    if level not in (Urgency.WARNING, Urgency.OVERDUE):
        return
    (report.overdue if level is Urgency.OVERDUE else report.warnings).append(case.case_number)
    kind = clock.deadline_kind
    side = case.receiving_code if kind == "acceptance" else case.home_code
    if kind == "delivery" and case.mode.value != "online":
        side = case.receiving_code  # the counter hands the result over
    text = (
        f"【通办超期预警】办件{case.case_number}（{case.item_name}）"
        + (f"已超期{-remaining}个工作日" if remaining < 0 else f"剩余{remaining}个工作日")
        + f"，{DEADLINE_WORDS.get(kind, '办理')}期限{clock.deadline}，请及时办理。"
    )
    alert = "overdue" if level is Urgency.OVERDUE else "warning"
    if ports.alerts.send_once(
        case.case_id, f"{alert}#{kind}#{today.isoformat()}", side, case.department, text
    ):
        report.alerts_sent += 1
