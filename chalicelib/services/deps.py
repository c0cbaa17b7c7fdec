"""The bundle of ports and content every use case receives from the wiring point."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chalicelib.domain.calendar import WorkingCalendar
from chalicelib.domain.catalog import Catalog
from chalicelib.domain.forms import FormDefinition
from chalicelib.domain.jurisdictions import JurisdictionRegistry

from .feedback.policy import FeedbackPolicy
from .feedback.protocols import FeedbackRepository
from .ports import (
    BlobStore,
    CaseFiles,
    CaseRepository,
    Clock,
    Counter,
    DocumentRegistry,
    DocumentRenderer,
    IdSource,
    NoticeLog,
    NoticeRenderer,
    Notifier,
    ScanNormaliser,
    ScanResults,
    StaffAlerts,
    TaskQueue,
)


class FormSource(Protocol):
    """Published form definitions by id and version (a partner overlay applied when asked)."""

    def get(
        self, form_id: str, version: int | None = None, jurisdiction: str | None = None
    ) -> FormDefinition:
        """The form, or UnknownFormError."""

    def for_item(self, item_code: str) -> FormDefinition | None:
        """The latest full form of an item, if it has one."""


@dataclass(frozen=True)
class Deps:
    """Everything a use case may touch; built once by chalicelib.bootstrap (or by tests with fakes)."""

    cases: CaseRepository
    counters: Counter
    blobs: BlobStore
    tasks: TaskQueue
    notifier: Notifier
    notices: NoticeLog
    renderer: NoticeRenderer
    clock: Clock
    ids: IdSource
    catalog: Catalog
    jurisdictions: JurisdictionRegistry
    forms: FormSource
    alerts: StaffAlerts
    calendar: WorkingCalendar
    feedback: FeedbackRepository
    documents: BlobStore
    registry: DocumentRegistry
    issuer: DocumentRenderer
    scanner: ScanNormaliser
    scans: ScanResults
    case_files: CaseFiles
    feedback_policy: FeedbackPolicy = FeedbackPolicy()
    public_base_url: str = "http://localhost:8000"
    upload_expiry_seconds: int = 900
    download_expiry_seconds: int = 300
    routing_grace_seconds: int = 120
    notice_claim_timeout_seconds: int = 120
