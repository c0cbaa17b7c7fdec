"""A case's stored documents (its whole doc and its list row) compressed, because DynamoDB bills by size.

A write costs one unit per KB of the item (two in a transaction) and each list index copies the row,
so a 5 KB case item cost 12 units a step. The JSON is deflated with a preset dictionary of the case's
own field names and common values (a 1.5 KB row packs to about 400 bytes) and stored as Binary, behind
a format byte. FORMAT_1's dictionary is frozen: stored items depend on it byte for byte, so a better
one would be FORMAT_2, with FORMAT_1 still read. Items written before packing (String) still read.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any

FORMAT_1 = 1
_WBITS = -15  # raw deflate: no zlib header or checksum (DynamoDB keeps the bytes intact)
# Frozen (see the module docstring): never edit, add a new format instead.
_DICTIONARY_1 = (
    '"slot":"","key":"","filename":"","content_type":"image/jpeg","size":0,"uploaded_by":"",'
    '"uploaded_at":"","version_id":"","sha256":"","rotation":0},{"leg":"materials","method":"system",'
    '"sent_at":"","sent_by":"","waybill":"","carrier":"","received_at":"","received_by":"系统"},'
    '{"id":"","queue":"notices","body":{"task":"","case_id":"","kind":"","channel":"sms"}},'
    '"supplement_requested","awaiting_review_supplement","under_review","approved","completed",'
    '"delivered","submitted","pre_review","refused","denied","withdrawn","proxy","joint_local",'
    '"joint_remote","online","pending","+08:00","2026-","T0","T1",'
    '{"case_id":"","case_number":"KS","query_code":"","item_code":"","item_name":"","form_id":"",'
    '"form_version":1,"mode":"","receiving_code":"","home_code":"","department":"",'
    '"applicant_user_id":"","applicant_name":"","applicant_id_number":"","applicant_phone":"",'
    '"answers":{},"status":"accepted","version":0,"created_at":"","updated_at":"","created_by":"",'
    '"receiving_center":"","materials":[],"routing_state":"delivered","result":{},"last_hash":"",'
    '"supplement_rounds":0,"transfers":[],"applicant_email":"","clock":{"received_on":"",'
    '"accept_recorded_on":"","supplement_requested_on":"","decided_on":"","delivered_on":"",'
    '"extended":false,"suspensions":[],"resupply_pauses":[]},"due_date":"","clock_paused":false,'
    '"supplement_requests":[],"outbox":[],"bookkeeping":0,"tracking_token":"","claimed_by":"",'
    '"claimed_by_name":"","claimed_at":""}'
).encode()


def packed(text: str) -> dict[str, bytes]:
    """The attribute value storing `text` (a case JSON document) compressed."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, _WBITS, 9, zdict=_DICTIONARY_1)
    body = compressor.compress(text.encode("utf-8")) + compressor.flush()
    return {"B": bytes([FORMAT_1]) + body}


def unpacked(value: Mapping[str, Any]) -> str:
    """The text an attribute value stores: packed Binary, or a String from before packing."""
    if "S" in value:
        return str(value["S"])
    raw = bytes(value["B"])
    if not raw or raw[0] != FORMAT_1:
        raise ValueError(f"unknown packed format {raw[:1]!r}")
    decompressor = zlib.decompressobj(_WBITS, zdict=_DICTIONARY_1)
    return (decompressor.decompress(raw[1:]) + decompressor.flush()).decode("utf-8")
