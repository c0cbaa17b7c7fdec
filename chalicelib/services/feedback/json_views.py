"""JSON views of evaluations, rectifications and problem tickets."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.feedback.evaluations import Evaluation
from chalicelib.domain.feedback.machine import Step
from chalicelib.domain.feedback.problem_tickets import ProblemTicket
from chalicelib.domain.feedback.rectifications import Rectification, allowed_rect_actions
from chalicelib.domain.roles import Principal


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
