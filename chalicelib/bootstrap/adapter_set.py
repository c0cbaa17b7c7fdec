"""Every adapter and piece of content the wiring point builds once per container; use cases never see it,
they get the small ports `port_builders` cuts from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chalicelib.domain.calendar import WorkingCalendar
from chalicelib.domain.catalog import Catalog
from chalicelib.domain.jurisdictions import JurisdictionRegistry
from chalicelib.services.feedback.policy import FeedbackPolicy
from chalicelib.services.feedback.protocols import FeedbackRepository
from chalicelib.services.operations import DeadLetters
from chalicelib.services.personal_data import PersonalDataAccessLog
from chalicelib.services.ports import (
    BlobStore,
    CaseFiles,
    CaseRepository,
    Checkpoints,
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
    SecretSource,
    StaffAlerts,
    TaskQueue,
)
from chalicelib.services.rate_limits import HitCounter


class CounterStore(Counter, Checkpoints, Protocol):
    """The counters table: serials and checkpoints."""


@dataclass(frozen=True)
class AdapterSet:
    """Built by chalicelib.bootstrap from settings (or by tests from fakes)."""

    cases: CaseRepository
    counters: CounterStore  # case-number serials and the sweep's checkpoints, one table
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
    personal_data_views: PersonalDataAccessLog
    hits: HitCounter
    secrets: SecretSource
    dead_letters: DeadLetters
    feedback_policy: FeedbackPolicy = FeedbackPolicy()
    public_base_url: str = "http://localhost:8000"
    upload_expiry_seconds: int = (
        300  # time to pick a file and send it, not to come back and swap it
    )
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
