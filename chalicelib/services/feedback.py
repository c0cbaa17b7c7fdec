"""好差评 and 问题处理 use cases: rate a case, work a 差评 to its fix, appeal, tickets, and the report.

Role rules: the applicant rates their own case (the system may record a counter/SMS/QR/12345
rating on their behalf); staff of the rated jurisdiction verify, rectify, explain and appeal; a
supervisor decides appeals, reopens and closes. Staff or supervisors open problem tickets.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from chalicelib.domain.cases import Actor
from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    ForbiddenActionError,
    ValidationFailedError,
)
from chalicelib.domain.evaluations import (
    Channel,
    Evaluation,
    Level,
    RatingPolicy,
    add_follow_up,
    completion_time,
    exclude_from_count,
    last_handler,
    make_evaluation,
    parse_channel,
)
from chalicelib.domain.problems import (
    DEFAULT_PROBLEM_WORKING_DAYS,
    ProblemAction,
    ProblemTicket,
)
from chalicelib.domain.problems import (
    advance_problem as advance_ticket,
)
from chalicelib.domain.problems import open_problem as new_ticket
from chalicelib.domain.rectification import (
    DEFAULT_DEADLINE_WORKING_DAYS,
    RectAction,
    Rectification,
    RectStatus,
    RevisitResult,
    Step,
    WorkingDays,
    advance,
    allowed_rect_actions,
    open_rectification,
)
from chalicelib.domain.roles import SYSTEM, Principal, Role

from .feedback_ports import CaseReader, FeedbackRepository


@dataclass(frozen=True)
class FeedbackPolicy:
    """Local settings (Ningxia defaults): rating window, 差评 deadline (≤15 WD), ticket deadline."""

    rating: RatingPolicy = field(default_factory=RatingPolicy)
    rectification_working_days: int = DEFAULT_DEADLINE_WORKING_DAYS
    problem_working_days: int = DEFAULT_PROBLEM_WORKING_DAYS


@dataclass(frozen=True)
class RatingOutcome:
    """A stored rating and, for a 差评, the rectification it opened."""

    evaluation: Evaluation
    rectification: Rectification | None


def _new_id() -> str:
    return uuid.uuid4().hex


def evaluation_id_for(case_id: str) -> str:
    return f"EV-{case_id}"


def rectification_id_for(evaluation_id: str) -> str:
    return f"ZG-{evaluation_id.removeprefix('EV-')}"


# --- 好差评 ------------------------------------------------------------------------------------


def rate_case(
    repo: FeedbackRepository,
    cases: CaseReader,
    principal: Principal,
    case_id: str,
    level: object,
    channel: object,
    indicators: Mapping[str, object] | None,
    comment: object,
    anonymous: bool,
    now: datetime,
    calendar: WorkingDays,
    policy: FeedbackPolicy | None = None,
) -> RatingOutcome:
    """Rate a completed case once; a 差评 opens a rectification owned by the unit that handled it."""
    rules = policy or FeedbackPolicy()
    case = cases.get(case_id)
    if principal.has(Role.SYSTEM):
        if parse_channel(channel) is Channel.ONLINE:
            raise ForbiddenActionError("网上办事评价须由申请人本人提交")
    elif not principal.has(Role.APPLICANT):
        raise ForbiddenActionError("只有申请人本人可以评价办件")
    elif not case.applicant_user_id or case.applicant_user_id != principal.user_id:
        raise ForbiddenActionError("只能评价本人的办件")
    events = cases.events(case_id)
    evaluation = make_evaluation(
        evaluation_id=evaluation_id_for(case.case_id),
        case=case,
        completed_at=completion_time(case, events, now),
        rated_unit=last_handler(case, events),
        level=level,
        channel=channel,
        indicators=indicators,
        comment=comment,
        anonymous=anonymous,
        rater_user_id=case.applicant_user_id,
        now=now,
        existing=repo.find_evaluation_for_case(case.case_id),
        policy=rules.rating,
    )
    rectification = None
    if evaluation.is_bad:
        rectification = open_rectification(
            rectification_id=rectification_id_for(evaluation.evaluation_id),
            evaluation_id=evaluation.evaluation_id,
            case_id=case.case_id,
            case_number=case.case_number,
            owner=evaluation.rated_unit,
            real_name=not evaluation.anonymous,
            at=now,
            calendar=calendar,
            deadline_days=rules.rectification_working_days,
            opened_by=Actor.of(SYSTEM),
        )
    try:
        repo.add_evaluation(evaluation, rectification)
    except ConcurrencyError:
        raise ConcurrencyError("该办件已评价，请勿重复提交") from None
    return RatingOutcome(evaluation=evaluation, rectification=rectification)


def follow_up(
    repo: FeedbackRepository,
    principal: Principal,
    case_id: str,
    comment: object,
    now: datetime,
    policy: FeedbackPolicy | None = None,
) -> Evaluation:
    """The rater adds their one 追评."""
    evaluation = repo.find_evaluation_for_case(case_id)
    if evaluation is None:
        raise ValidationFailedError("该办件尚未评价，不能追评")
    if not principal.has(Role.APPLICANT) or principal.user_id != evaluation.rater_user_id:
        raise ForbiddenActionError("只有评价人本人可以追评")
    updated = add_follow_up(evaluation, comment, now, (policy or FeedbackPolicy()).rating)
    repo.save_evaluation(updated, expected_version=evaluation.version)
    return updated


# --- 差评整改 -----------------------------------------------------------------------------------


def _parse_rect_action(action: str) -> RectAction:
    try:
        return RectAction(action)
    except ValueError:
        raise BadRequestError(f"未知的整改操作：{action}") from None


def _parse_revisit(value: str | None) -> RevisitResult | None:
    if value is None or value == "":
        return None
    try:
        return RevisitResult(value)
    except ValueError:
        raise ValidationFailedError("回访结果须为满意、基本满意或不满意") from None


def _check_version(expected: int | None, current: int, what: str) -> None:
    if expected is not None and expected != current:
        raise ConcurrencyError(f"{what}已被他人处理，请刷新后重试", details={"version": current})


def advance_rectification(
    repo: FeedbackRepository,
    principal: Principal,
    rectification_id: str,
    action: str,
    now: datetime,
    *,
    note: str = "",
    revisit_result: str | None = None,
    expected_version: int | None = None,
) -> Rectification:
    """One step of a 差评整改; an upheld appeal also marks the rating as not counted, atomically."""
    act = _parse_rect_action(action)
    current = repo.get_rectification(rectification_id)
    _check_version(expected_version, current.version, "整改单")
    updated = advance(
        current, act, principal, now, note=note, revisit_result=_parse_revisit(revisit_result)
    )
    if act is RectAction.UPHOLD_APPEAL:
        evaluation = repo.get_evaluation(current.evaluation_id)
        repo.save_rectification(
            updated,
            expected_version=current.version,
            evaluation=exclude_from_count(evaluation),
            evaluation_expected_version=evaluation.version,
        )
    else:
        repo.save_rectification(updated, expected_version=current.version)
    return updated


def appeal_rating(
    repo: FeedbackRepository,
    principal: Principal,
    rectification_id: str,
    reason: str,
    now: datetime,
    expected_version: int | None = None,
) -> Rectification:
    """Staff of the rated unit contest a wrong or malicious rating (申诉复核)."""
    return advance_rectification(
        repo,
        principal,
        rectification_id,
        RectAction.APPEAL.value,
        now,
        note=reason,
        expected_version=expected_version,
    )


def decide_appeal(
    repo: FeedbackRepository,
    principal: Principal,
    rectification_id: str,
    upheld: bool,
    opinion: str,
    now: datetime,
    expected_version: int | None = None,
) -> Rectification:
    """A supervisor decides: upheld (the rating is not counted) or rejected (back to rectifying)."""
    action = RectAction.UPHOLD_APPEAL if upheld else RectAction.REJECT_APPEAL
    return advance_rectification(
        repo,
        principal,
        rectification_id,
        action.value,
        now,
        note=opinion,
        expected_version=expected_version,
    )


def _may_see_unit(principal: Principal, jurisdiction: str) -> bool:
    if principal.has(Role.SUPERVISOR) and principal.jurisdiction in ("", jurisdiction):
        return True
    return principal.is_staff and principal.jurisdiction == jurisdiction


def get_rectification(
    repo: FeedbackRepository, principal: Principal, rectification_id: str
) -> Rectification:
    rect = repo.get_rectification(rectification_id)
    if _may_see_unit(principal, rect.owner.jurisdiction):
        return rect
    evaluation = repo.get_evaluation(rect.evaluation_id)
    if principal.has(Role.APPLICANT) and principal.user_id == evaluation.rater_user_id:
        return rect
    raise ForbiddenActionError("无权查看该整改单")


def open_rectifications(
    repo: FeedbackRepository, principal: Principal, jurisdiction: str
) -> list[Rectification]:
    if not _may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的差评整改")
    return repo.open_rectifications(jurisdiction)


# --- 问题处理 -----------------------------------------------------------------------------------


def open_problem(
    repo: FeedbackRepository,
    cases: CaseReader,
    principal: Principal,
    case_id: str,
    category: object,
    title: object,
    description: object,
    now: datetime,
    calendar: WorkingDays,
    *,
    owner_jurisdiction: str = "",
    owner_department: str = "",
    assignee_user_id: str = "",
    assignee_name: str = "",
    deadline_days: int | None = None,
    policy: FeedbackPolicy | None = None,
    new_id: Callable[[], str] = _new_id,
) -> ProblemTicket:
    """Open a ticket on a case; the owner defaults to the caller's side of the case."""
    case = cases.get(case_id)
    sides = frozenset({case.home_code, case.receiving_code})
    owner = owner_jurisdiction or (
        principal.jurisdiction if principal.jurisdiction in sides else case.home_code
    )
    department = owner_department or (
        case.department if owner == case.home_code else principal.department
    )
    ticket = new_ticket(
        ticket_id=f"WT-{new_id()}",
        case_id=case.case_id,
        case_number=case.case_number,
        case_jurisdictions=sides,
        category=category,
        title=title,
        description=description,
        owner_jurisdiction=owner,
        owner_department=department,
        reporter=principal,
        at=now,
        calendar=calendar,
        deadline_days=deadline_days or (policy or FeedbackPolicy()).problem_working_days,
        assignee_user_id=assignee_user_id,
        assignee_name=assignee_name,
    )
    repo.add_problem(ticket)
    return ticket


def advance_problem(
    repo: FeedbackRepository,
    principal: Principal,
    ticket_id: str,
    action: str,
    now: datetime,
    *,
    note: str = "",
    assignee_user_id: str = "",
    assignee_name: str = "",
    expected_version: int | None = None,
) -> ProblemTicket:
    try:
        act = ProblemAction(action)
    except ValueError:
        raise BadRequestError(f"未知的问题处理操作：{action}") from None
    current = repo.get_problem(ticket_id)
    _check_version(expected_version, current.version, "问题单")
    updated = advance_ticket(
        current,
        act,
        principal,
        now,
        note=note,
        assignee_user_id=assignee_user_id,
        assignee_name=assignee_name,
    )
    repo.save_problem(updated, expected_version=current.version)
    return updated


def open_problems(
    repo: FeedbackRepository, principal: Principal, jurisdiction: str
) -> list[ProblemTicket]:
    if not _may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的问题单")
    return repo.open_problems(jurisdiction)


def case_feedback(
    repo: FeedbackRepository, cases: CaseReader, principal: Principal, case_id: str
) -> dict[str, Any]:
    """Everything about a case's rating, its rectification and (for staff) its tickets."""
    case = cases.get(case_id)
    staff_side = any(
        _may_see_unit(principal, code) for code in (case.home_code, case.receiving_code)
    )
    own = principal.has(Role.APPLICANT) and case.applicant_user_id == principal.user_id
    if not (staff_side or own or (principal.has(Role.SUPERVISOR) and not principal.jurisdiction)):
        raise ForbiddenActionError("无权查看该办件的评价")
    evaluation = repo.find_evaluation_for_case(case_id)
    return {
        "case_id": case.case_id,
        "evaluation": evaluation_view(evaluation, principal) if evaluation else None,
        "rectifications": [rectification_view(r) for r in repo.rectifications_for_case(case_id)],
        "problems": (
            [problem_view(p) for p in repo.problems_for_case(case_id)] if principal.is_staff else []
        ),
    }


# --- 统计 ---------------------------------------------------------------------------------------


@dataclass
class UnitReport:
    """One unit's 好差评 figures: ratings per level, 差评, fixes and overdue fixes."""

    jurisdiction: str
    department: str
    ratings: dict[int, int] = field(default_factory=lambda: {lvl.value: 0 for lvl in Level})
    bad: int = 0
    not_counted: int = 0
    rectifications: int = 0
    rectified: int = 0
    explained: int = 0
    overdue: int = 0
    still_open: int = 0

    @property
    def total(self) -> int:
        return sum(self.ratings.values())

    def as_dict(self) -> dict[str, Any]:
        total = self.total
        good = sum(n for lvl, n in self.ratings.items() if lvl >= Level.BASIC)
        return {
            "jurisdiction": self.jurisdiction,
            "department": self.department,
            "total": total,
            "ratings": {
                str(lvl): {"label": Level(lvl).label_zh, "count": n}
                for lvl, n in sorted(self.ratings.items())
            },
            "bad": self.bad,
            "not_counted": self.not_counted,
            "satisfaction_rate": round(good / total, 4) if total else None,
            "rectifications": self.rectifications,
            "rectified": self.rectified,
            "explained": self.explained,
            "overdue": self.overdue,
            "open": self.still_open,
        }


def _in_range(stamp: str, since: date | None, until: date | None) -> bool:
    day = date.fromisoformat(stamp[:10])
    return (since is None or day >= since) and (until is None or day <= until)


def rectification_report(
    repo: FeedbackRepository,
    principal: Principal,
    jurisdiction: str,
    today: date,
    since: date | None = None,
    until: date | None = None,
) -> list[UnitReport]:
    """Per unit of a jurisdiction: counted ratings per level, 差评, rectified, explained, overdue."""
    if not _may_see_unit(principal, jurisdiction):
        raise ForbiddenActionError("只能查看本地区的好差评统计")
    units: dict[tuple[str, str], UnitReport] = {}

    def unit(j: str, d: str) -> UnitReport:
        return units.setdefault((j, d), UnitReport(jurisdiction=j, department=d))

    for ev in repo.evaluations_by_jurisdiction(jurisdiction):
        if not _in_range(ev.rated_at, since, until):
            continue
        report = unit(ev.rated_unit.jurisdiction, ev.rated_unit.department)
        if not ev.counted:
            report.not_counted += 1
            continue
        report.ratings[ev.level.value] += 1
        report.bad += int(ev.is_bad)
    for rect in repo.rectifications_by_jurisdiction(jurisdiction):
        if not _in_range(rect.opened_at, since, until):
            continue
        report = unit(rect.owner.jurisdiction, rect.owner.department)
        report.rectifications += 1
        report.rectified += int(rect.was_rectified)
        report.explained += int(any(s.to_status == RectStatus.EXPLAINED.value for s in rect.steps))
        report.overdue += int(rect.is_overdue(today))
        report.still_open += int(rect.is_open)
    return sorted(units.values(), key=lambda u: (u.jurisdiction, u.department))


# --- views (JSON for the HTTP layer) -----------------------------------------------------------


def _step_view(step: Step) -> dict[str, Any]:
    return {
        "seq": step.seq,
        "action": step.action,
        "from_status": step.from_status,
        "to_status": step.to_status,
        "at": step.at,
        "actor_name": step.actor.name,
        "actor_role": step.actor.role,
        "actor_jurisdiction": step.actor.jurisdiction,
        "note": step.note,
        "details": dict(step.details),
    }


def evaluation_view(evaluation: Evaluation, viewer: Principal) -> dict[str, Any]:
    """An evaluation as JSON; an anonymous rater stays anonymous to everyone but themself."""
    shows_rater = not evaluation.anonymous or viewer.user_id == evaluation.rater_user_id
    unit = evaluation.rated_unit
    return {
        "evaluation_id": evaluation.evaluation_id,
        "case_id": evaluation.case_id,
        "case_number": evaluation.case_number,
        "item_code": evaluation.item_code,
        "level": int(evaluation.level),
        "level_label": evaluation.level.label_zh,
        "is_bad": evaluation.is_bad,
        "channel": evaluation.channel.value,
        "channel_label": evaluation.channel.label_zh,
        "indicators": dict(evaluation.indicators),
        "comment": evaluation.comment,
        "anonymous": evaluation.anonymous,
        "rater_user_id": evaluation.rater_user_id if shows_rater else "",
        "rated_at": evaluation.rated_at,
        "rated_unit": {
            "jurisdiction": unit.jurisdiction,
            "department": unit.department,
            "center": unit.center,
            "staff_name": unit.staff_name,
        },
        "follow_up": (
            {"comment": evaluation.follow_up.comment, "at": evaluation.follow_up.at}
            if evaluation.follow_up
            else None
        ),
        "counted": evaluation.counted,
        "version": evaluation.version,
    }


def rectification_view(rect: Rectification) -> dict[str, Any]:
    return {
        "rectification_id": rect.rectification_id,
        "evaluation_id": rect.evaluation_id,
        "case_id": rect.case_id,
        "case_number": rect.case_number,
        "owner": {"jurisdiction": rect.owner.jurisdiction, "department": rect.owner.department},
        "status": rect.status.value,
        "status_label": rect.status.label_zh,
        "opened_at": rect.opened_at,
        "due_date": rect.due_date,
        "deadline_days": rect.deadline_days,
        "real_name": rect.real_name,
        "revisit_result": rect.revisit_result.value if rect.revisit_result else None,
        "revisit_label": rect.revisit_result.label_zh if rect.revisit_result else None,
        "rating_counted": rect.rating_counted,
        "resolved_at": rect.resolved_at,
        "available_actions": [
            {"action": a.value, "label": a.label_zh} for a in allowed_rect_actions(rect.status)
        ],
        "steps": [_step_view(s) for s in rect.steps],
        "version": rect.version,
    }


def problem_view(ticket: ProblemTicket) -> dict[str, Any]:
    return {
        "ticket_id": ticket.ticket_id,
        "case_id": ticket.case_id,
        "case_number": ticket.case_number,
        "category": ticket.category.value,
        "category_label": ticket.category.label_zh,
        "title": ticket.title,
        "description": ticket.description,
        "owner": {
            "jurisdiction": ticket.owner_jurisdiction,
            "department": ticket.owner_department,
        },
        "reporter_name": ticket.reporter.name,
        "assignee_user_id": ticket.assignee_user_id,
        "assignee_name": ticket.assignee_name,
        "status": ticket.status.value,
        "status_label": ticket.status.label_zh,
        "opened_at": ticket.opened_at,
        "due_date": ticket.due_date,
        "resolved_at": ticket.resolved_at,
        "steps": [_step_view(s) for s in ticket.steps],
        "version": ticket.version,
    }
