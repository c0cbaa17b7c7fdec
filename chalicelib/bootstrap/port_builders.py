"""The small ports each use case takes, cut from the adapter set (the same for real adapters and fakes)."""

from __future__ import annotations

from chalicelib.services.deadline_sweep import SweepPorts
from chalicelib.services.document_issuing import DocumentPorts
from chalicelib.services.dossier_assembly import DossierPorts
from chalicelib.services.feedback.case_overview import OverviewPorts
from chalicelib.services.feedback.counter_rating import SECRET_NAME, CounterRatingPorts
from chalicelib.services.feedback.ratings import RatingPorts
from chalicelib.services.feedback.rectifying import RectificationPorts
from chalicelib.services.feedback.ticket_handling import TicketPorts
from chalicelib.services.feedback.unit_report import ReportPorts
from chalicelib.services.intake import IntakePorts
from chalicelib.services.material_scans import ScanPorts
from chalicelib.services.notices import NoticePorts
from chalicelib.services.operations import OperationsPorts
from chalicelib.services.outbox import CaseOutboxSender
from chalicelib.services.ports import CaseRepository, Content
from chalicelib.services.queries import QueryPorts
from chalicelib.services.rate_limits import RateLimitPorts
from chalicelib.services.steps import StepPorts
from chalicelib.services.tracking import TrackingPorts

from .adapter_set import AdapterSet


def content_from(d: AdapterSet) -> Content:

    return Content(
        catalog=d.catalog, jurisdictions=d.jurisdictions, forms=d.forms, calendar=d.calendar
    )


def case_store_from(d: AdapterSet) -> CaseRepository:
    return d.cases


def steps_from(d: AdapterSet) -> StepPorts:

    return StepPorts(cases=d.cases, tasks=d.tasks, clock=d.clock, content=content_from(d))


def intake_from(d: AdapterSet) -> IntakePorts:

    return IntakePorts(
        steps=steps_from(d),
        counters=d.counters,
        ids=d.ids,
        blobs=d.blobs,
        scans=d.scans,
        upload_expiry_seconds=d.upload_expiry_seconds,
    )


def sweep_from(d: AdapterSet) -> SweepPorts:

    return SweepPorts(steps=steps_from(d), alerts=d.alerts, checkpoints=d.counters)


def notices_from(d: AdapterSet) -> NoticePorts:

    return NoticePorts(
        cases=d.cases,
        log=d.notices,
        notifier=d.notifier,
        renderer=d.renderer,
        jurisdictions=d.jurisdictions,
        clock=d.clock,
        public_base_url=d.public_base_url,
        claim_timeout_seconds=d.notice_claim_timeout_seconds,
        rectifications=d.feedback,
    )


def scans_from(d: AdapterSet) -> ScanPorts:

    return ScanPorts(
        files=d.case_files,
        content=content_from(d),
        blobs=d.blobs,
        scanner=d.scanner,
        results=d.scans,
    )


def queries_from(d: AdapterSet) -> QueryPorts:

    return QueryPorts(
        cases=d.cases,
        files=d.case_files,
        content=content_from(d),
        clock=d.clock,
        materials=d.blobs,
        documents=d.documents,
        personal_data_views=d.personal_data_views,
        download_expiry_seconds=d.download_expiry_seconds,
    )


def documents_from(d: AdapterSet) -> DocumentPorts:

    return DocumentPorts(
        cases=d.cases,
        files=d.case_files,
        store=d.documents,
        registry=d.registry,
        renderer=d.issuer,
        clock=d.clock,
        content=content_from(d),
        public_base_url=d.public_base_url,
        download_expiry_seconds=d.download_expiry_seconds,
        rating_link_key=d.secrets.secret(SECRET_NAME),
    )


def dossier_from(d: AdapterSet) -> DossierPorts:

    return DossierPorts(docs=documents_from(d), materials=d.blobs, scans=d.scans, scanner=d.scanner)


def tracking_from(d: AdapterSet) -> TrackingPorts:

    return TrackingPorts(
        cases=d.cases, content=content_from(d), clock=d.clock, limits=rate_limits_from(d)
    )


def rate_limits_from(d: AdapterSet) -> RateLimitPorts:
    return RateLimitPorts(counter=d.hits, clock=d.clock, pepper=d.secrets.secret("client-key"))


def rating_ports_from(d: AdapterSet) -> RatingPorts:
    return RatingPorts(
        feedback=d.feedback,
        cases=d.cases,
        clock=d.clock,
        calendar=d.calendar,
        policy=d.feedback_policy,
    )


def counter_rating_from(d: AdapterSet) -> CounterRatingPorts:
    return CounterRatingPorts(
        rating=rating_ports_from(d),
        limits=rate_limits_from(d),
        link_key=d.secrets.secret(SECRET_NAME),
        public_base_url=d.public_base_url,
    )


def rectification_ports_from(d: AdapterSet) -> RectificationPorts:
    return RectificationPorts(
        feedback=d.feedback, clock=d.clock, outbox=CaseOutboxSender(d.tasks, d.cases)
    )


def ticket_ports_from(d: AdapterSet) -> TicketPorts:
    return TicketPorts(
        feedback=d.feedback,
        cases=d.cases,
        clock=d.clock,
        calendar=d.calendar,
        policy=d.feedback_policy,
        ids=d.ids,
    )


def report_ports_from(d: AdapterSet) -> ReportPorts:
    return ReportPorts(feedback=d.feedback, clock=d.clock)


def operations_ports_from(d: AdapterSet) -> OperationsPorts:
    return OperationsPorts(dead_letters=d.dead_letters)


def overview_ports_from(d: AdapterSet) -> OverviewPorts:
    return OverviewPorts(feedback=d.feedback, cases=d.cases)
