"""The scan pipeline: each upload is checked and normalised once S3 tells us it arrived (S3 → SQS → here)."""

from __future__ import annotations

import logging
import urllib.parse
from dataclasses import dataclass
from typing import Any, Protocol

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import NotFoundError

from .forms_lookup import form_of_case
from .ports import BlobStore, Content, ScanNormaliser, ScanRejected, ScanResults

log = logging.getLogger(__name__)


class CaseLookup(Protocol):
    def get(self, case_id: str) -> Case:
        """Load a case or raise NotFoundError."""


@dataclass(frozen=True)
class ScanPorts:
    cases: CaseLookup
    content: Content
    blobs: BlobStore
    scanner: ScanNormaliser
    results: ScanResults


# Materials whose colour carries meaning (seals, photos of cards); the rest are greyscale to stay small.
COLOUR_MATERIALS = frozenset(
    {"photo", "id_card", "business_licence", "marriage_cert", "driving_licence"}
)


def keys_from_s3_event(body: dict[str, Any]) -> list[str]:
    """Object keys of an S3 notification (its first message is an s3:TestEvent with none)."""
    keys = []
    for record in body.get("Records", []):
        key = record.get("s3", {}).get("object", {}).get("key")
        if key and str(record.get("eventName", "")).startswith("ObjectCreated"):
            keys.append(urllib.parse.unquote_plus(key))
    return keys


def process_upload(ports: ScanPorts, key: str) -> str:
    """Normalise one uploaded original (kept unchanged) into A4 pages and a thumbnail stored beside it."""
    parts = key.split("/")
    if len(parts) != 5 or parts[0] != "cases":
        return "ignored"
    case_id, slot_id, filename = parts[1], parts[2], parts[4]
    try:
        case = ports.cases.get(case_id)
    except NotFoundError:
        return "unknown_case"
    if key in ports.results.for_case(case_id):
        return "duplicate"
    stored = ports.blobs.head(key)
    if stored is None:
        return "missing"
    slot = next(
        (s for s in form_of_case(ports.content, case).material_slots if s.id == slot_id), None
    )
    colour = slot is not None and slot.material in COLOUR_MATERIALS
    try:
        result = ports.scanner.normalise(
            ports.blobs.get(key), filename, stored.content_type, colour
        )
    except ScanRejected as rejected:
        ports.results.record(
            case_id, key, {"status": "rejected", "code": rejected.code, "message": rejected.message}
        )
        return "rejected"
    normalised_key = f"normalised/{key}.pdf"
    ports.blobs.put(normalised_key, result.pdf, "application/pdf")
    thumb_key = ""
    if result.thumbnail:
        thumb_key = f"thumbnails/{key}.jpg"
        ports.blobs.put(thumb_key, result.thumbnail, "image/jpeg")
    ports.results.record(
        case_id,
        key,
        {
            "status": "ok",
            "pages": result.pages,
            "kind": result.kind,
            "passed_through": result.passed_through,
            "normalised_key": normalised_key,
            "normalised_bytes": len(result.pdf),
            "thumbnail_key": thumb_key,
        },
    )
    return "normalised"


def material_views(
    blobs: BlobStore,
    expiry_seconds: int,
    materials: list[dict[str, Any]],
    results: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Materials with what the scan pipeline found and short-lived links for staff screens."""
    views = []
    for material in materials:
        result = results.get(material["key"], {"status": "pending"})
        view = {
            **material,
            "scan_status": result["status"],
            "scan_message": result.get("message", ""),
        }
        if result.get("thumbnail_key"):
            view["thumbnail_url"] = blobs.presign_download(result["thumbnail_key"], expiry_seconds)
        if result.get("pages"):
            view["pages"] = result["pages"]
        views.append(view)
    return views
