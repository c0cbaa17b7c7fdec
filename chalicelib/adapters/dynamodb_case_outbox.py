"""Appending messages to a case's transactional outbox from another repository's transaction.

The case item is written exactly as dynamodb_cases writes it (the outbox inside `doc`, the sparse
`outbox_pending` flag that the by_outbox index and the minute sweep read); its version and
updated_at are left alone, so the append is bookkeeping, not a step of the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from chalicelib.domain.errors import NotFoundError

from .dynamodb_cases import case_from_doc, case_key, case_to_doc
from .dynamodb_packed_docs import packed, unpacked


def _s(value: str) -> dict[str, str]:
    return {"S": value}


class CaseOutboxAppend:
    """Builds the TransactWriteItems entry that appends to one case's outbox."""

    def __init__(self, client: Any, cases_table: str) -> None:
        self._db = client
        self._cases = cases_table

    def append_item(self, case_id: str, notices: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """Append `notices` to the case's outbox, conditional on the case item being as we read it."""
        found = self._db.get_item(TableName=self._cases, Key=case_key(case_id), ConsistentRead=True)
        if "Item" not in found:
            raise NotFoundError("办件不存在")
        stored = found["Item"]["doc"]
        case = case_from_doc(unpacked(stored))
        known = {str(m["id"]) for m in case.outbox}
        fresh = tuple(dict(n) for n in notices if str(n["id"]) not in known)
        updated = replace(case, outbox=(*case.outbox, *fresh), bookkeeping=case.bookkeeping + 1)
        return {
            "Update": {
                "TableName": self._cases,
                "Key": case_key(case_id),
                "UpdateExpression": "SET #doc = :doc, outbox_pending = :pending, #bk = :bk",
                # The whole doc, not only the version: routing state and outbox clearing change it
                # without a version bump, and neither may be overwritten by this append.
                "ConditionExpression": "#v = :v AND #doc = :read",
                "ExpressionAttributeNames": {"#doc": "doc", "#v": "version", "#bk": "bookkeeping"},
                "ExpressionAttributeValues": {
                    ":bk": {"N": str(updated.bookkeeping)},
                    ":doc": packed(case_to_doc(updated)),
                    ":read": stored,
                    ":pending": _s("1"),
                    ":v": {"N": str(case.version)},
                },
            }
        }


def only_item_failed(exc: Any, index: int) -> bool:
    """True when a cancelled transaction failed only on item `index` (the case moved meanwhile)."""
    reasons = getattr(exc, "response", {}).get("CancellationReasons") or []
    if len(reasons) <= index:
        return False
    codes = [str(r.get("Code", "None")) for r in reasons]
    others = codes[:index] + codes[index + 1 :]
    return codes[index] == "ConditionalCheckFailed" and all(c == "None" for c in others)
