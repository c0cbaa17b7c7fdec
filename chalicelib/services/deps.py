"""The bundle of ports and content every use case receives from the wiring point."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.calendar import WorkingCalendar
from chalicelib.domain.catalog import Catalog
from chalicelib.domain.jurisdictions import JurisdictionRegistry

from .feedback import FeedbackPolicy
from .feedback_ports import FeedbackRepository
from .ports import (
    BlobStore,
    CaseFiles,
    CaseRepository,
    Clock,
    Content,
    Counter,
    DocumentRegistry,
    DocumentRenderer,
    FormSource,
    IdSource,
    NoticeLog,
    NoticeRenderer,
    Notifier,
    ScanNormaliser,
    ScanResults,
    StaffAlerts,
    TaskQueue,
)


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

    @property
    def content(self) -> Content:
        return Content(
            catalog=self.catalog,
            jurisdictions=self.jurisdictions,
            forms=self.forms,
            calendar=self.calendar,
        )
