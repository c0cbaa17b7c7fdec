"""Routes of 监督: what supervisors of a jurisdiction read about how its staff handle personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import bootstrap
from chalicelib.services import personal_data

from .http import HttpError, int_or_none, principal_of

DEFAULT_LIMIT = 100


def personal_data_views(request: Any) -> dict[str, Any]:
    params = request.query_params or {}
    principal = principal_of(request)
    jurisdiction = str(params.get("jurisdiction") or principal.jurisdiction)[:6]
    since = str(params.get("since") or "")
    if since:
        try:
            datetime.fromisoformat(since)
        except ValueError:
            raise HttpError(400, "bad_request", "since 应为 ISO 8601 格式的时间") from None
    limit = int_or_none(params.get("limit"), "limit")
    if limit is not None and not 1 <= limit <= personal_data.MAX_LISTED:
        raise HttpError(400, "bad_request", f"limit 应在 1 到 {personal_data.MAX_LISTED} 之间")
    views = personal_data.views_for_jurisdiction(
        bootstrap.personal_data_views(),
        principal,
        jurisdiction,
        since,
        limit or DEFAULT_LIMIT,
    )
    return {"jurisdiction": jurisdiction, "views": views}
