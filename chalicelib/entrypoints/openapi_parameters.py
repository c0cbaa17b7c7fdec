"""Which schema each route answers with, and the query parameters each route reads (OpenAPI document)."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.statuses import CaseStatus

from .openapi_feedback_responses import FEEDBACK_SCHEMAS
from .openapi_responses import CASE_SCHEMAS
from .openapi_schema_kit import STR

RESPONSE_SCHEMAS: dict[str, dict[str, Any]] = {**CASE_SCHEMAS, **FEEDBACK_SCHEMAS}
RESPONSES: dict[tuple[str, str], str] = {
    ("GET", "/api/health"): "Health",
    ("GET", "/api/openapi.json"): "OpenApiDocument",
    ("GET", "/api/jurisdictions"): "Jurisdictions",
    ("GET", "/api/items"): "ItemList",
    ("GET", "/api/items/{code}"): "ItemGuide",
    ("GET", "/api/items/{code}/form"): "Form",
    ("GET", "/api/forms/{form_id}"): "Form",
    ("POST", "/api/track"): "Track",
    ("GET", "/api/verify/{code}"): "Verification",
    ("POST", "/api/auth/login"): "Tokens",
    ("POST", "/api/auth/register"): "Message",
    ("POST", "/api/auth/confirm"): "Message",
    ("POST", "/api/auth/logout"): "Message",
    ("GET", "/api/me"): "Me",
    ("POST", "/api/cases"): "Case",
    ("GET", "/api/cases"): "CaseList",
    ("GET", "/api/cases/{case_id}"): "Case",
    ("POST", "/api/cases/{case_id}/uploads"): "UploadTicket",
    ("POST", "/api/cases/{case_id}/materials"): "Case",
    ("PUT", "/api/cases/{case_id}/answers"): "Case",
    ("POST", "/api/cases/{case_id}/materials/remove"): "Case",
    ("POST", "/api/cases/{case_id}/submit"): "Case",
    ("POST", "/api/cases/{case_id}/actions"): "Case",
    ("GET", "/api/cases/{case_id}/audit"): "Audit",
    ("POST", "/api/cases/{case_id}/dossier"): "Dossier",
    ("GET", "/api/inbox"): "CaseList",
    ("POST", "/api/cases/{case_id}/evaluation"): "RatingOutcome",
    ("POST", "/api/cases/{case_id}/evaluation/follow-up"): "EvaluationRecord",
    ("GET", "/api/cases/{case_id}/feedback"): "CaseFeedback",
    ("GET", "/api/rectifications"): "RectificationList",
    ("GET", "/api/rectifications/{rectification_id}"): "Rectification",
    ("POST", "/api/rectifications/{rectification_id}/actions"): "Rectification",
    ("POST", "/api/rectifications/{rectification_id}/appeal"): "Rectification",
    ("POST", "/api/rectifications/{rectification_id}/appeal-decision"): "Rectification",
    ("POST", "/api/cases/{case_id}/problems"): "ProblemTicket",
    ("GET", "/api/problems"): "ProblemList",
    ("POST", "/api/problems/{ticket_id}/actions"): "ProblemTicket",
    ("GET", "/api/feedback/report"): "FeedbackReport",
    ("GET", "/api/supervision/personal-data-views"): "PersonalDataViews",
}


def query(
    name: str, description: str, schema: dict[str, Any], required: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


JURISDICTION = query(
    "jurisdiction", "地区代码（6位）；缺省为本人所在地区", {"type": "string", "pattern": "^\\d{6}$"}
)
DATE = {"type": "string", "format": "date"}
STATUSES = [s.value for s in CaseStatus]
PAGING = [
    query(
        "limit", "每页条数（默认20，最多100）", {"type": "integer", "minimum": 1, "maximum": 100}
    ),
    query(
        "cursor",
        "下一页的位置：上一页答复中的 next_cursor 原样传回（不透明；被改动的为 400）",
        {"type": "string", "maxLength": 2048},
    ),
]

QUERY_PARAMETERS: dict[tuple[str, str], list[dict[str, Any]]] = {
    ("GET", "/api/items"): [
        query("department", "部门代码，如 RS", STR),
        query("category", "事项类别", STR),
        query(
            "mode",
            "办理方式",
            {"type": "string", "enum": ["online", "proxy", "joint_local", "joint_remote"]},
        ),
        query("q", "关键词（最多50字）", {"type": "string", "maxLength": 50}),
    ],
    ("GET", "/api/items/{code}/form"): [
        query(
            "jurisdiction",
            "叠加该地区的表单差异（6位地区代码）",
            {"type": "string", "pattern": "^\\d{6}$"},
        )
    ],
    ("GET", "/api/forms/{form_id}"): [
        query("version", "表单版本；缺省为最新发布版本", {"type": "integer", "minimum": 1}),
        query(
            "jurisdiction",
            "叠加该地区的表单差异（6位地区代码）",
            {"type": "string", "pattern": "^\\d{6}$"},
        ),
    ],
    ("GET", "/api/cases"): PAGING,
    ("GET", "/api/inbox"): [
        query(
            "status",
            "只看该状态的办件（审批人员与部门负责人；不带时为未办结办件，按期限先后）",
            {"type": "string", "enum": STATUSES},
        ),
        *PAGING,
    ],
    ("GET", "/api/rectifications"): [JURISDICTION],
    ("GET", "/api/problems"): [JURISDICTION],
    ("GET", "/api/feedback/report"): [
        JURISDICTION,
        query("since", "统计起始日期（含）", DATE),
        query("until", "统计截止日期（含）", DATE),
    ],
    ("GET", "/api/supervision/personal-data-views"): [
        JURISDICTION,
        query(
            "since", "只看此时间以后的查阅（ISO 8601）", {"type": "string", "format": "date-time"}
        ),
        query("limit", "最多返回条数", {"type": "integer", "minimum": 1, "maximum": 500}),
    ],
}
