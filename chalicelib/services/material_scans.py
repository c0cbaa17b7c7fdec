"""The scan pipeline: each uploaded object version is checked and normalised once S3 tells us it
arrived (S3 → SQS → here); results are recorded per (key, version)."""

from __future__ import annotations

import hashlib
import logging
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.cases import MaterialRef

from .forms_lookup import form_of_case
from .ports import BlobStore, CaseFiles, Content, ScanNormaliser, ScanRejected, ScanResults

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanPorts:
    files: CaseFiles  # the case with its scan results, in one read
    content: Content
    blobs: BlobStore
    scanner: ScanNormaliser
    results: ScanResults


# Materials whose colour carries meaning (seals, photos of cards); the rest are greyscale to stay small.
COLOUR_MATERIALS = frozenset(
    {"photo", "id_card", "business_licence", "marriage_cert", "driving_licence"}
)


# Pinned on the upload by its ticket (S3 user metadata): how its scan is drawn, so that the scan
# pipeline need not read the case and its form to know. "1" colour, "0" greyscale.
COLOUR_METADATA = "tongban-colour"


def upload_metadata(material: str) -> dict[str, str]:
    """What an upload ticket for a slot of this material pins on the object."""
    return {COLOUR_METADATA: "1" if material in COLOUR_MATERIALS else "0"}


def pinned_colour(metadata: Mapping[str, str]) -> bool | None:
    """The colour its ticket pinned on an upload; None for one ticketed without it."""
    value = metadata.get(COLOUR_METADATA)
    return None if value not in ("0", "1") else value == "1"


def objects_from_s3_event(body: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, version id) of each object an S3 notification reports (its first message is an
    s3:TestEvent with none); the version is "" where the notification names none."""
    found = []
    for record in body.get("Records", []):
        obj = record.get("s3", {}).get("object", {})
        key = obj.get("key")
        if key and str(record.get("eventName", "")).startswith("ObjectCreated"):
            found.append((urllib.parse.unquote_plus(key), str(obj.get("versionId") or "")))
    return found


def keys_from_s3_event(body: dict[str, Any]) -> list[str]:
    """Object keys of an S3 notification."""
    return [key for key, _ in objects_from_s3_event(body)]


def scan_id(key: str, version_id: str) -> str:
    """Results are per object version: a later write to the same key is scanned as what it is."""
    return f"{key}#v={version_id}" if version_id else key


def scan_of(results: dict[str, dict[str, Any]], material: MaterialRef) -> dict[str, Any]:
    """The scan result of exactly the version a material is bound to (pending until there is one)."""
    return results.get(scan_id(material.key, material.version_id), {"status": "pending"})


def process_upload(ports: ScanPorts, key: str, version_id: str = "") -> str:
    """Normalise one uploaded original (kept unchanged) into A4 pages and a thumbnail stored beside it.

    The version named by the notification is the one checked (the newest if it names none), and the
    pages and thumbnail are stored under that version's own keys, so a later upload to the same key
    can neither reuse this result nor overwrite what it produced."""
    parts = key.split("/")
    if len(parts) != 5 or parts[0] != "cases":
        return "ignored"
    case_id, slot_id, filename = parts[1], parts[2], parts[4]
    # The object and its bytes in one GetObject (a duplicate delivery reads bytes it then ignores).
    fetched = ports.blobs.fetch(key, version_id)
    if fetched is None:
        return "missing"
    stored, data = fetched
    version = stored.version_id
    result_id = scan_id(key, version)
    # The ticket pinned how to draw it: no read of the case; a duplicate loses the conditional record.
    colour = pinned_colour(stored.metadata)
    if colour is None:  # ticketed before tickets pinned it: the case's form says
        file = ports.files.read(case_id)
        if file.case is None:
            return "unknown_case"
        if result_id in file.scans:
            return "duplicate"
        slot = next(
            (s for s in form_of_case(ports.content, file.case).material_slots if s.id == slot_id),
            None,
        )
        colour = slot is not None and slot.material in COLOUR_MATERIALS
    seen = {"key": key, "version_id": version, "sha256": hashlib.sha256(data).hexdigest()}
    try:
        result = ports.scanner.normalise(data, filename, stored.content_type, colour)
    except ScanRejected as rejected:
        first = ports.results.record(
            case_id,
            result_id,
            {**seen, "status": "rejected", "code": rejected.code, "message": rejected.message},
        )
        return "rejected" if first else "duplicate"
    derived = f"{key}@{version}" if version else key
    normalised_key = f"normalised/{derived}.pdf"
    normalised_version = ports.blobs.put(normalised_key, result.pdf, "application/pdf")
    thumb_key = thumb_version = ""
    if result.thumbnail:
        thumb_key = f"thumbnails/{derived}.jpg"
        thumb_version = ports.blobs.put(thumb_key, result.thumbnail, "image/jpeg")
    first = ports.results.record(
        case_id,
        result_id,
        {
            **seen,
            "status": "ok",
            "pages": result.pages,
            "kind": result.kind,
            "passed_through": result.passed_through,
            "normalised_key": normalised_key,
            "normalised_version": normalised_version,
            "normalised_bytes": len(result.pdf),
            "thumbnail_key": thumb_key,
            "thumbnail_version": thumb_version,
        },
    )
    return "normalised" if first else "duplicate"


def material_views(
    blobs: BlobStore,
    expiry_seconds: int,
    materials: list[dict[str, Any]],
    results: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Materials with what the scan pipeline found for their bound version, and short-lived links."""
    views = []
    for material in materials:
        found = scan_id(material["key"], str(material.get("version_id", "")))
        result = results.get(found, {"status": "pending"})
        view = {
            **material,
            "scan_status": result["status"],
            "scan_message": result.get("message", ""),
        }
        if result.get("thumbnail_key"):
            view["thumbnail_url"] = blobs.presign_download(
                result["thumbnail_key"], expiry_seconds, str(result.get("thumbnail_version", ""))
            )
        if result.get("pages"):
            view["pages"] = result["pages"]
        # Staff read every page: the normalised PDF the pipeline made, and the file as uploaded.
        if result.get("normalised_key"):
            view["normalised_url"] = blobs.presign_download(
                result["normalised_key"], expiry_seconds, str(result.get("normalised_version", ""))
            )
        view["original_url"] = blobs.presign_download(
            material["key"], expiry_seconds, str(material.get("version_id", ""))
        )
        views.append(view)
    return views
