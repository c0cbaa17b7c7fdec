"""In-memory FeedbackRepository and case outbox, a weekday-only calendar and handled cases, for feedback tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from chalicelib.domain.cases import Actor, Case, CaseEvent, apply, open_case
from chalicelib.domain.errors import ConcurrencyError, NotFoundError
from chalicelib.domain.feedback.evaluations import Evaluation
from chalicelib.domain.feedback.problem_tickets import ProblemTicket
from chalicelib.domain.feedback.rectifications import Rectification
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.statuses import Action, CaseStatus

from .fakes import FakeCases, FakeQueue


class WeekdayCalendar:
    """Monday to Friday are working days; holidays are listed explicitly."""

    def __init__(self, holidays: frozenset[date] = frozenset()) -> None:
        self.holidays = holidays

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        current = start
        left = days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current


class FakeCaseOutbox:
    """CaseOutbox like services.outbox.flush: send in order, stop at the first fault, clear what went."""

    def __init__(self, cases: FakeCases, queue: FakeQueue) -> None:
        self.cases = cases
        self.queue = queue

    def flush(self, case_id: str) -> int:
        sent: set[str] = set()
        for entry in self.cases.get(case_id).outbox:
            try:
                self.queue.send(str(entry["queue"]), dict(entry["body"]))
            except RuntimeError:
                break
            sent.add(str(entry["id"]))
        if sent:
            self.cases.clear_outbox(case_id, frozenset(sent))
        return len(sent)


class FakeFeedback:
    """Notices join the outbox of the case in `cases`, with the write they belong to, or not at all."""

    def __init__(self, cases: FakeCases | None = None) -> None:
        self.cases = cases
        self.evaluations: dict[str, Evaluation] = {}
        self.rectifications: dict[str, Rectification] = {}
        self.problems: dict[str, ProblemTicket] = {}

    def _with_outbox(self, case_id: str, notices: Sequence[dict[str, Any]]) -> Case | None:
        """The case with `notices` appended (version unchanged), checked before anything is written."""
        if not notices:
            return None
        if self.cases is None or case_id not in self.cases.cases:
            raise NotFoundError("办件不存在")
        case = self.cases.cases[case_id]
        known = {m["id"] for m in case.outbox}
        fresh = tuple(dict(n) for n in notices if n["id"] not in known)
        return replace(case, outbox=(*case.outbox, *fresh), bookkeeping=case.bookkeeping + 1)

    def _commit_outbox(self, case: Case | None) -> None:
        if case is not None and self.cases is not None:
            self.cases.cases[case.case_id] = case

    # evaluations
    def add_evaluation(
        self,
        evaluation: Evaluation,
        rectification: Rectification | None = None,
        notices: Sequence[dict[str, Any]] = (),
    ) -> None:
        if evaluation.evaluation_id in self.evaluations or any(
            e.case_id == evaluation.case_id for e in self.evaluations.values()
        ):
            raise ConcurrencyError("该办件已评价，请勿重复提交")
        if rectification is not None and rectification.rectification_id in self.rectifications:
            raise ConcurrencyError("整改单已存在")
        case = self._with_outbox(evaluation.case_id, notices)
        self._commit_outbox(case)
        self.evaluations[evaluation.evaluation_id] = evaluation
        if rectification is not None:
            self.rectifications[rectification.rectification_id] = rectification

    def get_evaluation(self, evaluation_id: str) -> Evaluation:
        if evaluation_id not in self.evaluations:
            raise NotFoundError("评价不存在")
        return self.evaluations[evaluation_id]

    def save_evaluation(self, evaluation: Evaluation, expected_version: int) -> None:
        current = self.evaluations.get(evaluation.evaluation_id)
        if current is None or current.version != expected_version:
            raise ConcurrencyError("评价已被更新，请刷新后重试")
        self.evaluations[evaluation.evaluation_id] = evaluation

    def find_evaluation_for_case(self, case_id: str) -> Evaluation | None:
        return next((e for e in self.evaluations.values() if e.case_id == case_id), None)

    def evaluations_by_jurisdiction(
        self, jurisdiction: str, since: date | None = None, until: date | None = None
    ) -> list[Evaluation]:
        found = [
            e
            for e in self.evaluations.values()
            if e.rated_unit.jurisdiction == jurisdiction and _on_days(e.rated_at, since, until)
        ]
        return sorted(found, key=lambda e: e.rated_at)

    # rectifications
    def get_rectification(self, rectification_id: str) -> Rectification:
        if rectification_id not in self.rectifications:
            raise NotFoundError("整改单不存在")
        return self.rectifications[rectification_id]

    def save_rectification(
        self,
        rectification: Rectification,
        expected_version: int,
        evaluation: Evaluation | None = None,
        evaluation_expected_version: int | None = None,
        notices: Sequence[dict[str, Any]] = (),
    ) -> None:
        current = self.rectifications.get(rectification.rectification_id)
        if current is None or current.version != expected_version:
            raise ConcurrencyError("整改单已被他人处理，请刷新后重试")
        if evaluation is not None:
            stored = self.evaluations.get(evaluation.evaluation_id)
            expected = (
                evaluation_expected_version
                if evaluation_expected_version is not None
                else evaluation.version - 1
            )
            if stored is None or stored.version != expected:
                raise ConcurrencyError("评价已被更新，请刷新后重试")
        case = self._with_outbox(rectification.case_id, notices)
        if evaluation is not None:
            self.evaluations[evaluation.evaluation_id] = evaluation
        self._commit_outbox(case)
        self.rectifications[rectification.rectification_id] = rectification

    def rectifications_for_case(self, case_id: str) -> list[Rectification]:
        return [r for r in self.rectifications.values() if r.case_id == case_id]

    def rectifications_by_jurisdiction(
        self, jurisdiction: str, since: date | None = None, until: date | None = None
    ) -> list[Rectification]:
        found = [
            r
            for r in self.rectifications.values()
            if r.owner.jurisdiction == jurisdiction and _on_days(r.opened_at, since, until)
        ]
        return sorted(found, key=lambda r: r.opened_at)

    def open_rectifications(self, jurisdiction: str) -> list[Rectification]:
        return [r for r in self.rectifications_by_jurisdiction(jurisdiction) if r.is_open]

    # problems
    def add_problem(self, ticket: ProblemTicket, notices: Sequence[dict[str, Any]] = ()) -> None:
        if ticket.ticket_id in self.problems:
            raise ConcurrencyError("问题单已存在")
        self._commit_outbox(self._with_outbox(ticket.case_id, notices))
        self.problems[ticket.ticket_id] = ticket

    def get_problem(self, ticket_id: str) -> ProblemTicket:
        if ticket_id not in self.problems:
            raise NotFoundError("问题单不存在")
        return self.problems[ticket_id]

    def save_problem(
        self, ticket: ProblemTicket, expected_version: int, notices: Sequence[dict[str, Any]] = ()
    ) -> None:
        current = self.problems.get(ticket.ticket_id)
        if current is None or current.version != expected_version:
            raise ConcurrencyError("问题单已被他人处理，请刷新后重试")
        self._commit_outbox(self._with_outbox(ticket.case_id, notices))
        self.problems[ticket.ticket_id] = ticket

    def problems_for_case(self, case_id: str) -> list[ProblemTicket]:
        return sorted(
            (p for p in self.problems.values() if p.case_id == case_id), key=lambda p: p.opened_at
        )

    def open_problems(self, jurisdiction: str) -> list[ProblemTicket]:
        return sorted(
            (
                p
                for p in self.problems.values()
                if p.owner_jurisdiction == jurisdiction and p.is_open
            ),
            key=lambda p: p.opened_at,
        )


# --- builders of handled cases ------------------------------------------------------------------

CHINA = timezone(timedelta(hours=8))
COMPLETED_AT = datetime(2026, 11, 26, 10, 0, tzinfo=CHINA)  # a Thursday
DELIVERED_AT = COMPLETED_AT + timedelta(days=1)  # the result handed over at the 平罗 window


def staff(
    role: Role, user_id: str, jurisdiction: str, department: str = "RS", name: str = ""
) -> Principal:
    return Principal(
        user_id=user_id,
        username=user_id,
        name=name or user_id,
        roles=frozenset({role}),
        jurisdiction=jurisdiction,
        center=f"{jurisdiction}-ZX",
        department=department,
    )


RATER = Principal(
    user_id="u-applicant", username="u-applicant", name="张三", roles=frozenset({Role.APPLICANT})
)
STRANGER = Principal(
    user_id="u-other", username="u-other", name="李四", roles=frozenset({Role.APPLICANT})
)
PL_WINDOW = staff(Role.WINDOW_STAFF, "u-pl-window", "640221", "", "平罗窗口王芳")
HOME_APPROVER = staff(Role.APPROVER, "u-hm-approver", "371621", "RS", "惠民审批李强")
HOME_WINDOW = staff(Role.WINDOW_STAFF, "u-hm-window", "371621", "RS", "惠民窗口赵敏")
HOME_SUPERVISOR = staff(Role.SUPERVISOR, "u-hm-supervisor", "371621", "", "惠民督查")
PL_SUPERVISOR = staff(Role.SUPERVISOR, "u-pl-supervisor", "640221", "", "平罗督查")


def _draft(case_id: str, applicant_user_id: str, start: datetime) -> Case:
    return Case(
        case_id=case_id,
        case_number=f"KS640221-20261123-{case_id}",
        query_code="123456",
        item_code="RS-002",
        item_name="失业登记",
        form_id="unemployment-registration",
        form_version=1,
        mode=HandlingMode.PROXY,
        receiving_code="640221",
        receiving_center="640221-ZX",
        home_code="371621",
        department="RS",
        applicant_user_id=applicant_user_id,
        applicant_name="张三",
        applicant_id_number="64022119900101001X",
        applicant_phone="13800000001",
        answers={},
        status=CaseStatus.DRAFT,
        version=0,
        created_at=start.isoformat(timespec="seconds"),
        updated_at=start.isoformat(timespec="seconds"),
    )


def handled_case(
    case_id: str = "c1",
    *,
    deliver: bool = True,
    stop_before_complete: bool = False,
    applicant_user_id: str = "u-applicant",
    completed_at: datetime = COMPLETED_AT,
    delivered_after: timedelta = DELIVERED_AT - COMPLETED_AT,
) -> tuple[Case, list[CaseEvent]]:
    """A 异地代收代办 case: received in 平罗 (640221), decided and completed in 371621, delivered in 平罗."""
    start = completed_at - timedelta(days=3)
    case = _draft(case_id, applicant_user_id, start)
    step = open_case(case, PL_WINDOW)
    case, first = step.case, step.event
    events = [first]
    steps: list[tuple[Action, Principal, datetime]] = [
        (Action.SUBMIT, PL_WINDOW, start),
        (Action.ACCEPT, PL_WINDOW, start + timedelta(hours=1)),
        (Action.APPROVE, HOME_APPROVER, start + timedelta(days=2)),
    ]
    if not stop_before_complete:
        steps.append((Action.COMPLETE, HOME_APPROVER, completed_at))
    for action, who, at in steps:
        step = apply(case, action, who, at, reason="符合条件")
        case, event = step.case, step.event
        events.append(event)
    if deliver:
        # Written directly: the result-transfer steps before 送达 belong to another module's rules.
        stamp = (completed_at + delivered_after).isoformat(timespec="seconds")
        event = CaseEvent(
            case_id=case.case_id,
            seq=case.version + 1,
            at=stamp,
            action=Action.DELIVER.value,
            from_status=case.status.value,
            to_status=CaseStatus.DELIVERED.value,
            actor=Actor.of(PL_WINDOW),
            details={"method": "window", "receiver": "张三"},
            prev_hash=case.last_hash,
        ).sealed()
        case = replace(
            case,
            status=CaseStatus.DELIVERED,
            version=event.seq,
            updated_at=stamp,
            last_hash=event.hash,
        )
        events.append(event)
    # As committed: the messages the steps emitted have gone out.
    return replace(case, outbox=()), events


def refused_case(case_id: str = "r1", at: datetime = COMPLETED_AT) -> tuple[Case, list[CaseEvent]]:
    """A 异地代收代办 case the 平罗 counter refused to accept (不予受理)."""
    step = open_case(_draft(case_id, "u-applicant", at - timedelta(hours=3)), PL_WINDOW)
    case, first = step.case, step.event
    events = [first]
    for action, at_ in ((Action.SUBMIT, at - timedelta(hours=2)), (Action.REFUSE, at)):
        step = apply(case, action, PL_WINDOW, at_, reason="不属于本机关职权范围")
        case, event = step.case, step.event
        events.append(event)
    return replace(case, outbox=()), events


def store_case(cases: FakeCases, case: Case, events: list[CaseEvent]) -> None:
    cases.cases[case.case_id] = case
    cases.event_log[case.case_id] = list(events)


def _on_days(stamp: str, since: date | None, until: date | None) -> bool:
    """The store's key range: the stamp's leading date between the two (either open)."""
    day = stamp[:10]
    return (since is None or day >= since.isoformat()) and (
        until is None or day <= until.isoformat()
    )
