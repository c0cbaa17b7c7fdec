"""What the case and catalog routes answer, for the OpenAPI document: the properties the views build.

Top-level properties and their types; nested objects typed one level down where a client relies on them.
A test validates the real answers of whole case walks against these (and the fuzz suite, every answer)."""

from __future__ import annotations

from typing import Any

from .openapi_schema_kit import BOOL, INT, OBJ, STR, arr, nullable, obj, ref

CODE_NAME = obj({"code": STR, "name": STR})
ACTION_LABEL = obj({"action": STR, "label": STR})
CASE_SUMMARY_PROPS: dict[str, Any] = {
    "case_id": STR,
    "case_number": STR,
    "item_code": STR,
    "item_name": STR,
    "mode": STR,
    "mode_label": STR,
    "status": STR,
    "status_label": STR,
    "version": INT,
    "home": CODE_NAME,
    "receiving": CODE_NAME,
    "applicant_name": STR,
    "form": obj({"id": STR, "version": INT}),
    "routing_state": STR,
    "supplement_rounds": INT,
    "due_date": STR,
    "urgency": STR,
    "urgency_label": STR,
    "created_at": STR,
    "updated_at": STR,
    "claim": obj({"user_id": STR, "name": STR, "at": STR}),
}

CASE_SCHEMAS: dict[str, dict[str, Any]] = {
    "Health": obj({"status": STR, "service": STR, "stage": STR}),
    "OpenApiDocument": obj({"openapi": STR, "info": OBJ, "paths": OBJ, "components": OBJ}),
    "Jurisdictions": obj(
        {
            "jurisdictions": arr(
                obj(
                    {
                        "code": STR,
                        "name": STR,
                        "full_name": STR,
                        "is_home_county": BOOL,
                        "centers": arr(OBJ),
                        "departments": arr(OBJ),
                        "partners": arr(STR),
                    }
                )
            )
        }
    ),
    "ItemList": obj(
        {
            "count": INT,
            "items": arr(
                obj(
                    {
                        "code": STR,
                        "name": STR,
                        "department": STR,
                        "category": STR,
                        "modes": arr(obj({"mode": STR, "label": STR})),
                        "promised_days": nullable(INT),
                        "has_full_form": BOOL,
                    }
                )
            ),
            "departments": arr(STR),
            "categories": arr(STR),
        }
    ),
    "ItemGuide": obj(
        {
            "code": STR,
            "name": STR,
            "department": STR,
            "category": STR,
            "modes": arr(OBJ),
            "time_limits": OBJ,
            "fee": OBJ,
            "materials": arr(OBJ),
            "form_id": nullable(STR),
            "verified": BOOL,
        }
    ),
    "Form": obj(
        {
            "key": STR,
            "id": STR,
            "version": INT,
            "title": STR,
            "item_code": STR,
            "steps": arr(obj({"id": STR, "title": STR, "fields": arr(OBJ)})),
            "material_slots": arr(
                obj(
                    {"id": STR, "material": STR, "label": STR, "required": BOOL, "accept": arr(STR)}
                )
            ),
            "applicant_fields": OBJ,
        }
    ),
    "Track": obj(
        {
            "case_number": STR,
            "item_name": STR,
            "mode_label": STR,
            "status": STR,
            "status_label": STR,
            "receiving": STR,
            "home": STR,
            "due": nullable(STR),
            "urgency_label": STR,
            "steps": arr(obj({"at": STR, "step": STR, "status_label": STR, "unit": STR})),
        }
    ),
    "Verification": obj(
        {
            "authentic": BOOL,
            "message": STR,
            "title": STR,
            "document_number": STR,
            "issuer": STR,
            "issued_at": STR,
            "case_number": STR,
            "sha256": STR,
            "signature": OBJ,
        },
        "title",
        "document_number",
        "issuer",
        "issued_at",
        "case_number",
        "sha256",
        "signature",
    ),
    "Tokens": obj({"id_token": STR, "access_token": STR, "refresh_token": STR, "expires_in": INT}),
    "Message": obj({"message": STR}),
    "Me": obj(
        {
            "user_id": STR,
            "username": STR,
            "name": STR,
            "roles": arr(STR),
            "jurisdiction": STR,
            "center": STR,
            "department": STR,
        }
    ),
    # 认领 is shown to staff only (an applicant's views carry no "claim").
    "CaseSummary": obj(CASE_SUMMARY_PROPS, "claim"),
    "CaseList": obj(
        {
            "cases": arr(ref("CaseSummary")),
            # The opaque position of the next page (pass it back as `cursor`); null on the last page.
            "next_cursor": {"type": ["string", "null"]},
        }
    ),
    "Case": obj(
        {
            **CASE_SUMMARY_PROPS,
            "query_code": STR,
            "answers": OBJ,
            "materials": arr(obj({"slot": STR, "key": STR, "filename": STR, "content_type": STR})),
            "result": OBJ,
            "transfers": arr(OBJ),
            "supplement_requests": arr(arr(STR)),
            "deadline": OBJ,
            "timeline": arr(
                obj(
                    {
                        "seq": INT,
                        "at": STR,
                        "action": STR,
                        "action_label": STR,
                        "from_status": STR,
                        "to_status": STR,
                        "to_status_label": STR,
                        "actor": obj({"name": STR, "role": STR, "jurisdiction": STR}),
                        "reason": STR,
                        "details": OBJ,
                    }
                )
            ),
            "notices": arr(obj({"channel": STR, "notice": STR, "status": STR})),
            "documents": arr(OBJ),
            "available_actions": arr(ACTION_LABEL),
            "responsible": arr(
                obj({"action": STR, "action_label": STR, "jurisdiction": STR, "unit": STR})
            ),
        },
        "claim",
    ),
    "UploadTicket": obj({"url": STR, "fields": OBJ, "key": STR, "expires_in": INT}),
    "Audit": obj(
        {
            "case_id": STR,
            "case_number": STR,
            "events": INT,
            "intact": BOOL,
            "problems": arr({}),
            "responsibility": arr(OBJ),
        }
    ),
    "Dossier": obj(
        {
            "case_number": STR,
            "document_number": STR,
            "code": STR,
            "parts": arr(STR),
            "bytes": INT,
            "download_url": STR,
        }
    ),
}
