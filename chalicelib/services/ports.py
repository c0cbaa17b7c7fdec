"""Ports: the Protocols through which use cases reach storage, queues, notices and content."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from chalicelib.domain.calendar import WorkingCalendar
from chalicelib.domain.case_lists import Listing
from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.catalog import Catalog
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.forms import FormDefinition
from chalicelib.domain.jurisdictions import JurisdictionRegistry


class FormSource(Protocol):
    """Published form definitions by id and version (a partner overlay applied when asked)."""

    def get(
        self, form_id: str, version: int | None = None, jurisdiction: str | None = None
    ) -> FormDefinition:
        """The form, or UnknownFormError."""

    def for_item(self, item_code: str) -> FormDefinition | None:
        """The latest full form of an item, if it has one."""


@dataclass(frozen=True)
class Content:
    """The county's published content: catalog, jurisdictions, forms and the working-day calendar."""

    catalog: Catalog
    jurisdictions: JurisdictionRegistry
    forms: FormSource
    calendar: WorkingCalendar


class CaseRepository(Protocol):
    """Cases and their audit trail; every write is conditional so nothing is half-written or lost."""

    def add(self, case: Case, event: CaseEvent, idempotency_key: str = "") -> None:
        """Store a new case with its first event, atomically; with a key, also claim the key for it
        (ConcurrencyError when the key is already taken: `by_idempotency_key` then names that case)."""

    def by_idempotency_key(self, key: str) -> str | None:
        """The id of the case created with this idempotency key, if any."""

    def save(
        self,
        case: Case,
        event: CaseEvent,
        expected_version: int,
        views: tuple[PersonalDataView, ...] = (),
        bookkeeping_before: int | None = None,
    ) -> None:
        """Store a changed case and its event atomically; ConcurrencyError if the version moved, or
        if bookkeeping was written since the load (its count is no longer `bookkeeping_before`).
        `views`: records of full personal data the step's answer shows, written in the same write."""

    def get(self, case_id: str) -> Case:
        """Load a case or raise NotFoundError."""

    def events(self, case_id: str) -> list[CaseEvent]:
        """The case's events in order."""

    def with_event(self, case_id: str, seq: int) -> tuple[Case, CaseEvent | None]:
        """The case and its event `seq` (None if it has none) in one read; NotFoundError if no case."""

    def by_number(self, case_number: str) -> Case | None:
        """The case with this 办件编号, if any."""

    def list_page(
        self, listing: Listing, limit: int, cursor: str | None = None
    ) -> tuple[list[Case], str | None]:
        """One page of a keyed list (list rows: `case_lists.list_row`, not whole cases) and the opaque
        cursor of the next page (None at the end); a cursor not made for this list: BadRequestError."""

    def set_routing_state(
        self,
        case_id: str,
        state: str,
        clearing: frozenset[str] = frozenset(),
        as_read: Case | None = None,
    ) -> None:
        """Bookkeeping of delivery to the home queue; does not change the case version.

        `clearing`: outbox message ids dropped in the same write. `as_read`: the case exactly as it is
        stored, if known: then the write is conditional on it, with no re-read while it is unchanged."""

    def pending_outbox(self, older_than: datetime) -> list[Case]:
        """Cases whose outbox still holds messages saved before `older_than`."""

    def clear_outbox(
        self, case_id: str, message_ids: frozenset[str], as_written: Case | None = None
    ) -> None:
        """Drop sent messages from the case's outbox (no version bump; safe against concurrent saves).

        `as_written`: the case exactly as it is stored, if known — then no re-read while it is unchanged."""


class Checkpoints(Protocol):
    """Where a long walk (the deadline sweep) records how far it got, so the next run resumes there."""

    def checkpoint(self, name: str) -> str | None: ...

    def set_checkpoint(self, name: str, position: str) -> None: ...


class Counter(Protocol):
    """Atomic counters (daily case-number serials)."""

    def next(self, name: str) -> int:
        """Increment and return the counter."""

    def peek(self, name: str) -> int:
        """The counter's value without changing it (0 if never counted)."""


@dataclass(frozen=True)
class UploadTicket:
    """A presigned POST: where and with which form fields the client uploads one file."""

    url: str
    fields: dict[str, str]
    key: str
    expires_in: int


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    content_type: str
    version_id: str = ""  # "" only where a store keeps no versions
    # What the upload ticket pinned on the object (S3 user metadata), e.g. how its scan is drawn.
    metadata: Mapping[str, str] = field(default_factory=dict)


class BlobStore(Protocol):
    """Object storage for scanned materials and issued documents. Buckets are versioned: a second
    write to a key is a new version beside the first, so whoever recorded a version id reads exactly
    the bytes that were checked, whatever was written to the key later."""

    def presign_upload(
        self,
        key: str,
        content_type: str,
        size: int,
        expires_in: int,
        metadata: Mapping[str, str] | None = None,
    ) -> UploadTicket:
        """A presigned POST for one key, one content type and exactly `size` bytes; `metadata` is
        pinned on the object the browser posts (the POST fails without it)."""

    def head(self, key: str, version_id: str = "") -> StoredObject | None:
        """What is stored at key (that version, or the newest), or None."""

    def presign_download(self, key: str, expires_in: int, version_id: str = "") -> str:
        """A short-lived GET URL (of that version, or the newest)."""

    def put(self, key: str, data: bytes, content_type: str) -> str:
        """Store bytes; returns the object version id (buckets are versioned: nothing is overwritten)."""

    def get(self, key: str, version_id: str = "") -> bytes:
        """The stored bytes of that version (or the newest)."""

    def fetch(self, key: str, version_id: str = "") -> tuple[StoredObject, bytes] | None:
        """What is stored at key and its bytes in one request (that version, or the newest), or None."""


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    sha256: str
    title: str


class DocumentRenderer(Protocol):
    """Turns a document kind and its context into a sealed, signed PDF, and checks signatures."""

    def new_code(self) -> str:
        """A short, unguessable verification code."""

    def render(
        self, kind: str, context: dict[str, Any], *, seal_name: str, verify_url: str, code: str
    ) -> RenderedDocument:
        """Render; raises ValueError subclasses for bad contexts (e.g. a character the font lacks)."""

    def verify_signature(self, pdf: bytes, seal_name: str) -> dict[str, Any]:
        """{"ok": bool, "signer": str, "signed_at": str, "problems": [str]}"""

    def find_code(self, pdf: bytes) -> str | None:
        """The verification code a document of ours carries (printed on it), or None."""

    def inspect_upload(self, pdf: bytes, name: str, seal_name: str) -> dict[str, Any]:
        """A department's own signed PDF checked like a scan (raises ScanRejected with the Chinese
        reason): {"pages", "signed", "trusted", "signer", "signed_at", "note", "problems"}."""


@dataclass(frozen=True)
class NormalisedMaterial:
    pdf: bytes
    pages: int
    kind: str
    passed_through: bool
    thumbnail: bytes | None


class ScanRejected(Exception):
    """An upload the scan pipeline refused; `message` is shown to the uploader (Chinese)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ScanNormaliser(Protocol):
    def normalise(
        self, data: bytes, name: str, declared_type: str, colour: bool
    ) -> NormalisedMaterial:
        """Check and normalise to A4 PDF pages with a thumbnail; raises ScanRejected."""

    def dossier(self, cover: bytes, parts: list[tuple[str, bytes]], title: str) -> bytes:
        """One bookmarked PDF of the cover and the parts, shared objects stored once."""

    def rotated(self, pdf: bytes, degrees: int) -> bytes:
        """The same pages turned `degrees` clockwise (a multiple of 90) for reading."""


class ScanResults(Protocol):
    """What the scan pipeline found for each uploaded object version of a case."""

    def record(self, case_id: str, scan_id: str, result: dict[str, Any]) -> bool:
        """Store the result of one object version (`material_scans.scan_id`) unless it has one: False
        then, and the first result stays. The result carries its `key` and `version_id`."""

    def for_case(self, case_id: str) -> dict[str, dict[str, Any]]:
        """Results by scan id (key and version)."""


@dataclass(frozen=True)
class CaseFile:
    """A case with everything recorded beside it: its events, notices, issued documents and scan
    results; `case` is None when there is no such case."""

    events: list[CaseEvent]
    notices: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    scans: dict[str, dict[str, Any]]
    case: Case | None = None


class CaseFiles(Protocol):
    """Reads a case with its whole file at once (one partition read in DynamoDB)."""

    def read(self, case_id: str) -> CaseFile:
        """The case, its events, notices, documents and scan results."""


class DocumentRegistry(Protocol):
    """Issued documents by verification code and by case; the 文书编号 is drawn with the record, once.

    Shape and semantics are in chalicelib/services/documents.py (reserve → render → store → issue)."""

    def reserve(
        self, reservation: dict[str, Any], series: str, stale_before: str
    ) -> dict[str, Any]:
        """The record of (case_id, seq, kind): a new one takes the next serial of `series` in the same
        conditional write; an existing one is returned as stored, or handed to this `claim` (reserved
        again, same serial) when it is still reserved under a claim taken before `stale_before` or when
        its last attempt `failed`."""

    def issue(self, record: dict[str, Any]) -> bool:
        """Mark a reservation issued and register its code; False if already issued or the claim moved."""

    def mark_failed(self, record: dict[str, Any]) -> bool:
        """Mark a reservation `failed` (with its `reason`), keeping its serial; False if the claim moved."""

    def by_code(self, code: str) -> dict[str, Any] | None:
        """The issued record of a verification code."""

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        """Every record of a case (reserved and issued), by step."""


class TaskQueue(Protocol):
    """Durable task messages (IDs only) to a jurisdiction's queue or the notices queue."""

    def send(self, queue_key: str, message: dict[str, Any]) -> None:
        """Send one message; raises on failure."""


@dataclass(frozen=True)
class Notice:
    """A notice as its kind and flat text parameters, not rendered text: a provider with registered
    templates (the cn profile) sends a template code and these parameters; SNS/SES/SMTP render them."""

    kind: str  # a key of notices.NOTICE_TITLES and the name of templates/notices/sms/<kind>.txt.j2
    title: str
    jurisdiction: str  # the signing jurisdiction's code (its registered SMS signature)
    params: dict[str, str]
    correlation_id: str = ""


class Notifier(Protocol):
    """SMS and e-mail delivery."""

    def send_sms(self, phone: str, notice: Notice) -> str:
        """Send a text message; returns the provider's message id, raises when the provider refuses."""

    def send_email(self, to: str, notice: Notice) -> str:
        """Send an e-mail; returns the provider's message id."""


class NoticeLog(Protocol):
    """Per-case log of notices, also the idempotency guard for sending them."""

    def claim(self, case_id: str, notice_id: str, record: dict[str, Any], stale_before: str) -> str:
        """Record an intent to send: "claimed", or "sent" (a duplicate), or "in_flight" (claimed since `stale_before`).

        A claim left 'sending' by a crash (or a lost answer) before `stale_before` is taken over, so a
        notice is never lost; the price is a rare second SMS."""

    def mark(self, case_id: str, notice_id: str, status: str, provider_id: str) -> None:
        """Record the outcome of a send."""

    def release(self, case_id: str, notice_id: str) -> None:
        """Forget a claim whose send failed, so a retry can send it."""

    def list(self, case_id: str) -> list[dict[str, Any]]:
        """Every notice of the case."""


class StaffAlerts(Protocol):
    """Alerts to the staff responsible for a case (the jurisdiction's duty subscribers)."""

    def send_once(
        self, case_id: str, alert_id: str, jurisdiction: str, department: str, text: str
    ) -> bool:
        """Send unless this alert was already sent for this case; True when sent now."""


class NoticeRenderer(Protocol):
    """Turns a notice template and a context into text."""

    def render(self, template: str, context: dict[str, Any]) -> str:
        """Render `template` (a name under templates/notices/)."""


class SecretSource(Protocol):
    """Random secrets of this deployment (HMAC keys), made on first use and shared by every container."""

    def secret(self, name: str) -> bytes:
        """At least 32 random bytes, the same for `name` everywhere in this stage."""


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (Asia/Shanghai)."""

    def today(self) -> date:
        """Today's date in China."""


class IdSource(Protocol):
    def new_id(self) -> str:
        """An unguessable identifier."""

    def query_code(self) -> str:
        """A 6-digit 查询密码."""

    def tracking_token(self) -> str:
        """An unguessable, URL-safe secret of about 96 bits for a case's progress link."""
