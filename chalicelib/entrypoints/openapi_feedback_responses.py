"""What the 好差评, 整改, 问题处理 and 监督 routes answer, for the OpenAPI document."""

from __future__ import annotations

from typing import Any

from .openapi_schema_kit import BOOL, INT, NUM, OBJ, STR, arr, nullable, obj, ref

ACTION_LABEL = obj({"action": STR, "label": STR})
STEP = obj(
    {
        "seq": INT,
        "action": STR,
        "from_status": STR,
        "to_status": STR,
        "at": STR,
        "actor_name": STR,
        "actor_role": STR,
        "actor_jurisdiction": STR,
        "note": STR,
        "details": OBJ,
    }
)

# "Problem" and "Evaluation" name request bodies; the records answered are "ProblemTicket" and
# "EvaluationRecord".
FEEDBACK_SCHEMAS: dict[str, dict[str, Any]] = {
    "EvaluationRecord": obj(
        {
            "evaluation_id": STR,
            "case_id": STR,
            "case_number": STR,
            "item_code": STR,
            "level": INT,
            "level_label": STR,
            "is_bad": BOOL,
            "channel": STR,
            "channel_label": STR,
            "indicators": OBJ,
            "comment": STR,
            "anonymous": BOOL,
            "rater_user_id": STR,
            "rated_at": STR,
            "rated_unit": OBJ,
            "follow_up": nullable(obj({"comment": STR, "at": STR})),
            "counted": BOOL,
            "version": INT,
        }
    ),
    "Rectification": obj(
        {
            "rectification_id": STR,
            "evaluation_id": STR,
            "case_id": STR,
            "case_number": STR,
            "owner": obj({"jurisdiction": STR, "department": STR}),
            "status": STR,
            "status_label": STR,
            "opened_at": STR,
            "due_date": STR,
            "deadline_days": INT,
            "real_name": BOOL,
            "revisit_result": nullable(STR),
            "revisit_label": nullable(STR),
            "rating_counted": BOOL,
            "resolved_at": nullable(STR),
            "available_actions": arr(ACTION_LABEL),
            "steps": arr(STEP),
            "version": INT,
        }
    ),
    "ProblemTicket": obj(
        {
            "ticket_id": STR,
            "case_id": STR,
            "case_number": STR,
            "category": STR,
            "category_label": STR,
            "title": STR,
            "description": STR,
            "owner": obj({"jurisdiction": STR, "department": STR}),
            "reporter_name": STR,
            "assignee_user_id": STR,
            "assignee_name": STR,
            "status": STR,
            "status_label": STR,
            "opened_at": STR,
            "due_date": STR,
            "resolved_at": nullable(STR),
            "steps": arr(STEP),
            "version": INT,
        }
    ),
    "RatingOutcome": obj(
        {"evaluation": ref("EvaluationRecord"), "rectification": nullable(ref("Rectification"))}
    ),
    "CaseFeedback": obj(
        {
            "case_id": STR,
            "evaluation": nullable(ref("EvaluationRecord")),
            "rectifications": arr(ref("Rectification")),
            "problems": arr(ref("ProblemTicket")),
        }
    ),
    "RectificationList": obj({"rectifications": arr(ref("Rectification"))}),
    "ProblemList": obj({"problems": arr(ref("ProblemTicket"))}),
    "FeedbackReport": obj(
        {
            "units": arr(
                obj(
                    {
                        "jurisdiction": STR,
                        "department": STR,
                        "total": INT,
                        "ratings": OBJ,
                        "bad": INT,
                        "satisfaction_rate": nullable(NUM),
                        "rectifications": INT,
                        "open": INT,
                    }
                )
            )
        }
    ),
    "PersonalDataViews": obj(
        {
            "jurisdiction": STR,
            "views": arr(
                obj(
                    {
                        "case_id": STR,
                        "case_number": STR,
                        "viewer": obj(
                            {"user_id": STR, "name": STR, "role": STR, "jurisdiction": STR}
                        ),
                        "purpose": STR,
                        "at": STR,
                    }
                )
            ),
        }
    ),
}
