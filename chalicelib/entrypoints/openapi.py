"""The OpenAPI 3 document of the JSON API; a test keeps it equal to the app's routes."""

from __future__ import annotations

import re
from typing import Any

from .openapi_parameters import QUERY_PARAMETERS, RESPONSE_SCHEMAS, RESPONSES

# (method, path, summary, signed_in, request body schema name or "")
ENDPOINTS: tuple[tuple[str, str, str, bool, str], ...] = (
    ("GET", "/api/health", "健康检查", False, ""),
    ("GET", "/api/openapi.json", "本接口文档", False, ""),
    ("GET", "/api/jurisdictions", "合作地区、服务中心与部门", False, ""),
    ("GET", "/api/items", "按部门、类别、办理方式、关键词检索事项", False, ""),
    ("GET", "/api/items/{code}", "事项办事指南", False, ""),
    ("GET", "/api/items/{code}/form", "事项的申请表定义（可按地区叠加）", False, ""),
    ("GET", "/api/forms/{form_id}", "按表单编号和版本获取申请表定义", False, ""),
    (
        "POST",
        "/api/track",
        "进度查询：凭办件编号和查询密码（或短信、回执上的查询链接）查看办理进度（无需登录）",
        False,
        "Track",
    ),
    (
        "GET",
        "/api/verify/{code}",
        "文书核验：按核验码查询真伪、出具单位、时间与 SHA-256",
        False,
        "",
    ),
    ("POST", "/api/auth/login", "账号密码登录，返回身份令牌", False, "Login"),
    ("POST", "/api/auth/register", "申请人注册", False, "Register"),
    ("POST", "/api/auth/confirm", "输入短信验证码激活账号", False, "Confirm"),
    ("POST", "/api/auth/logout", "退出登录：吊销刷新令牌", False, "Logout"),
    ("GET", "/api/me", "当前登录用户", True, ""),
    ("POST", "/api/cases", "填写申请（生成草稿办件）", True, "CreateCase"),
    ("GET", "/api/cases", "我的办件", True, ""),
    ("GET", "/api/cases/{case_id}", "办件详情与办理进度", True, ""),
    (
        "POST",
        "/api/cases/{case_id}/uploads",
        "申请材料上传凭据（S3 预签名 POST）",
        True,
        "UploadRequest",
    ),
    ("POST", "/api/cases/{case_id}/materials", "登记已上传的材料", True, "AttachMaterial"),
    (
        "PUT",
        "/api/cases/{case_id}/answers",
        "保存草稿的填写内容（一步或部分字段；提交时整表校验）",
        True,
        "SaveAnswers",
    ),
    (
        "POST",
        "/api/cases/{case_id}/materials/remove",
        "提交前（或补正时）删除已登记的材料",
        True,
        "AttachMaterial",
    ),
    ("POST", "/api/cases/{case_id}/submit", "提交申请或补正", True, "Submit"),
    (
        "POST",
        "/api/cases/{case_id}/actions",
        "工作人员办理操作（受理、补正、审批、办结、送达…）",
        True,
        "Action",
    ),
    ("GET", "/api/cases/{case_id}/audit", "核验办理记录（哈希链）与责任追溯", True, ""),
    (
        "POST",
        "/api/cases/{case_id}/dossier",
        "生成办件卷宗（封面、申请表、文书、规范化材料）",
        True,
        "",
    ),
    ("GET", "/api/inbox", "工作人员待办", True, ""),
    (
        "POST",
        "/api/cases/{case_id}/evaluation",
        "好差评：对办件评价（差评自动生成整改单）",
        True,
        "Evaluation",
    ),
    ("POST", "/api/cases/{case_id}/evaluation/follow-up", "追加评价", True, "FollowUp"),
    ("GET", "/api/cases/{case_id}/feedback", "办件的评价、整改与问题处理", True, ""),
    ("GET", "/api/rectifications", "本地区待办差评整改单", True, ""),
    ("GET", "/api/rectifications/{rectification_id}", "差评整改单详情", True, ""),
    (
        "POST",
        "/api/rectifications/{rectification_id}/actions",
        "差评整改：核实、整改、解释、回访、关闭",
        True,
        "RectificationAction",
    ),
    ("POST", "/api/rectifications/{rectification_id}/appeal", "对不实差评提出申诉", True, "Appeal"),
    (
        "POST",
        "/api/rectifications/{rectification_id}/appeal-decision",
        "监督人员作出申诉复核决定",
        True,
        "AppealDecision",
    ),
    ("POST", "/api/cases/{case_id}/problems", "对办件发起问题处理", True, "Problem"),
    ("GET", "/api/problems", "本地区待处理问题", True, ""),
    (
        "POST",
        "/api/problems/{ticket_id}/actions",
        "问题处理：指派、处理、解决、重开、关闭",
        True,
        "ProblemAction",
    ),
    ("GET", "/api/feedback/report", "好差评与整改统计（按单位）", True, ""),
    ("GET", "/api/supervision/personal-data-views", "监督：本地区个人信息查阅记录", True, ""),
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "Evaluation": {
        "type": "object",
        "required": ["level"],
        "properties": {
            "level": {
                "type": "integer",
                "minimum": 1,
                "maximum": 5,
                "description": "5 非常满意 … 1 非常不满意",
            },
            "channel": {
                "type": "string",
                "enum": ["online", "counter", "sms", "qr", "hotline_12345"],
            },
            "indicators": {
                "type": "object",
                "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
            },
            "comment": {"type": "string", "maxLength": 500},
            "anonymous": {"type": "boolean"},
        },
    },
    "FollowUp": {
        "type": "object",
        "required": ["comment"],
        "properties": {"comment": {"type": "string"}},
    },
    "RectificationAction": {
        "type": "object",
        "required": ["action"],
        "properties": {
            "action": {
                "type": "string",
                "enum": ["verify", "rectify", "complete", "explain", "revisit", "reopen", "close"],
            },
            "note": {"type": "string"},
            "revisit_result": {
                "type": "string",
                "enum": ["satisfied", "basically_satisfied", "dissatisfied"],
            },
            "expected_version": {"type": "integer"},
        },
    },
    "Appeal": {
        "type": "object",
        "required": ["reason"],
        "properties": {"reason": {"type": "string"}, "expected_version": {"type": "integer"}},
    },
    "AppealDecision": {
        "type": "object",
        "required": ["upheld", "opinion"],
        "properties": {
            "upheld": {"type": "boolean"},
            "opinion": {"type": "string"},
            "expected_version": {"type": "integer"},
        },
    },
    "Problem": {
        "type": "object",
        "required": ["category", "title"],
        "properties": {
            "category": {
                "type": "string",
                "enum": ["material_flow", "system_failure", "complaint", "overdue", "other"],
            },
            "title": {"type": "string"},
            "description": {"type": "string"},
            "owner_jurisdiction": {"type": "string"},
            "owner_department": {"type": "string"},
            "assignee_user_id": {"type": "string"},
            "assignee_name": {"type": "string"},
            "deadline_days": {"type": "integer"},
        },
    },
    "ProblemAction": {
        "type": "object",
        "required": ["action"],
        "properties": {
            "action": {
                "type": "string",
                "enum": ["assign", "start", "note", "resolve", "reopen", "close"],
            },
            "note": {"type": "string"},
            "assignee_user_id": {"type": "string"},
            "assignee_name": {"type": "string"},
            "expected_version": {"type": "integer"},
        },
    },
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string", "description": "给人看的中文说明"},
            "details": {},
        },
    },
    "Track": {
        "type": "object",
        "required": ["number"],
        "properties": {
            "number": {"type": "string", "maxLength": 40},
            "code": {"type": "string", "maxLength": 12, "description": "查询密码"},
            "token": {"type": "string", "maxLength": 64, "description": "查询链接中的令牌"},
        },
    },
    "Login": {
        "type": "object",
        "required": ["username", "password"],
        "properties": {
            "username": {"type": "string"},
            "password": {"type": "string"},
            "mfa_code": {
                "type": "string",
                "pattern": "^\\d{6}$",
                "description": "已绑定动态口令（TOTP）的账号：身份验证器应用中的6位数字",
            },
        },
    },
    "Logout": {
        "type": "object",
        "required": ["refresh_token"],
        "properties": {"refresh_token": {"type": "string", "description": "登录时返回的刷新令牌"}},
    },
    "Register": {
        "type": "object",
        "required": ["username", "password", "name", "phone"],
        "properties": {
            "username": {"type": "string"},
            "password": {"type": "string"},
            "name": {"type": "string"},
            "phone": {"type": "string", "pattern": "^1[3-9]\\d{9}$"},
        },
    },
    "Confirm": {
        "type": "object",
        "required": ["username", "code"],
        "properties": {"username": {"type": "string"}, "code": {"type": "string"}},
    },
    "CreateCase": {
        "type": "object",
        "required": ["item_code", "home_code", "answers"],
        "properties": {
            "item_code": {"type": "string"},
            "mode": {"type": "string", "enum": ["online", "proxy", "joint_local", "joint_remote"]},
            "home_code": {"type": "string", "pattern": "^\\d{6}$"},
            "answers": {"type": "object"},
        },
    },
    "UploadRequest": {
        "type": "object",
        "required": ["slot", "filename", "content_type", "size"],
        "properties": {
            "slot": {"type": "string"},
            "filename": {"type": "string"},
            "content_type": {"type": "string"},
            "size": {"type": "integer", "minimum": 1},
        },
    },
    "AttachMaterial": {
        "type": "object",
        "required": ["key"],
        "properties": {"key": {"type": "string"}},
    },
    "SaveAnswers": {
        "type": "object",
        "required": ["answers"],
        "properties": {
            "answers": {"type": "object", "description": "部分答案：字段 id → 填写内容"},
            "step": {"type": "string", "description": "步骤 id：给出时该步整体替换并校验必填项"},
            "expected_version": {"type": "integer"},
        },
    },
    "Submit": {"type": "object", "properties": {"expected_version": {"type": "integer"}}},
    "Action": {
        "type": "object",
        "required": ["action"],
        "properties": {
            "action": {"type": "string"},
            "reason": {"type": "string"},
            "expected_version": {"type": "integer"},
            "details": {"type": "object"},
        },
    },
}


def _operation(method: str, path: str, summary: str, signed_in: bool, body: str) -> dict[str, Any]:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    op: dict[str, Any] = {
        "summary": summary,
        "operationId": f"{method.lower()}_{re.sub(r'[^a-z0-9]+', '_', path.lower()).strip('_')}",
        "responses": {
            "200": {
                "description": "成功",
                "content": {
                    "application/json": {
                        "schema": {"$ref": f"#/components/schemas/{RESPONSES[(method, path)]}"}
                    }
                },
            },
            "400": {"description": "请求有误", "content": error},
            "404": {"description": "未找到", "content": error},
        },
    }
    params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", path)
    ]
    params.extend(QUERY_PARAMETERS.get((method, path), []))
    if (method, path) == ("POST", "/api/cases"):
        params.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "同一用户重复提交相同的键只生成一个草稿（如双击、网络重试），返回第一次生成的办件",
                "schema": {"type": "string", "minLength": 1, "maxLength": 128},
            }
        )
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
        }
        op["responses"]["413"] = {"description": "请求内容过大", "content": error}
    if signed_in:
        op["security"] = [{"cognitoIdToken": []}]
        op["responses"]["401"] = {"description": "未登录", "content": error}
        op["responses"]["403"] = {"description": "无权限或凭证无效", "content": error}
        op["responses"]["409"] = {"description": "状态冲突或版本冲突", "content": error}
    return op


def openapi_document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for method, path, summary, signed_in, body in ENDPOINTS:
        paths.setdefault(path, {})[method.lower()] = _operation(
            method, path, summary, signed_in, body
        )
    return {
        "openapi": "3.0.3",
        "info": {"title": "通办 Tongban 跨省通办 API", "version": "1.0.0"},
        "paths": paths,
        "components": {
            "schemas": {**SCHEMAS, **RESPONSE_SCHEMAS},
            "securitySchemes": {
                "cognitoIdToken": {"type": "apiKey", "in": "header", "name": "Authorization"}
            },
        },
    }
