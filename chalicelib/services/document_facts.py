"""What /verify may say of a registered document, and how an uploaded (not rendered) one is vouched for."""

from __future__ import annotations

from typing import Any


def public_facts(record: dict[str, Any]) -> dict[str, Any]:
    """What a verifier may learn of a registered document: never the whole case number."""
    number = str(record["case_number"])
    return {
        "title": record["title"],
        "document_number": record["document_number"],
        "issuer": record["issuer"],
        "issued_at": record["issued_at"],
        "case_number": number[:10] + "…" + number[-4:],
        "sha256": record["sha256"],
    }


def uploaded_check(record: dict[str, Any], same: bool, signature: dict[str, Any]) -> dict[str, Any]:
    """A department's uploaded signed file: the archive's SHA-256 is what we vouch for; a signature
    from another CA (the provincial licence system) is named but its certificate is not checked."""
    return {
        "authentic": same,
        "message": "文书真实有效（与出具单位上传存档的文件一致）"
        if same
        else "文书存档与登记不符，请联系出具单位",
        **public_facts(record),
        "signature": uploaded_signature(record, signature),
    }


def uploaded_signature(record: dict[str, Any], live: dict[str, Any]) -> dict[str, Any]:
    """An uploaded file's signature line: ours is checked, anyone else's is named, not validated."""
    if live.get("ok"):
        return live
    seen = record.get("upload_signature") or {}
    return {
        "ok": False,
        "external": bool(seen.get("signed")),
        "signer": str(seen.get("signer", "")),
        "signed_at": str(seen.get("signed_at", "")),
        "problems": [note_of(record)],
    }


def note_of(record: dict[str, Any]) -> str:
    """The upload's signature in one line, as checked when it was uploaded."""
    return str((record.get("upload_signature") or {}).get("note") or "未加盖电子签章")
