"""Queue and schedule entrypoints: decode the task, call the use case; failures raise so SQS retries, then DLQs."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from chalicelib import bootstrap, correlation
from chalicelib.config import content_root, stage
from chalicelib.content.catalog_files import load_jurisdictions
from chalicelib.domain.outbox_messages import ISSUE_DOCUMENT, ROUTE_CASE, SEND_NOTICE
from chalicelib.entrypoints import metrics
from chalicelib.services import (
    announced_documents,
    deadline_sweep,
    material_scans,
    notices,
    outbox,
    routing,
)

log = logging.getLogger(__name__)


BATCH_SIZE = 10  # SQS's largest receive: one invocation per ten messages, not per message


def each_record(
    event: Iterable[Any], handle: Callable[[dict[str, Any], str], object]
) -> dict[str, Any]:
    """Handle every record of a batch; the ones that failed are reported back (SQS partial batch
    response), so only they are retried and, after the queue's retries, reach its DLQ."""
    failures = []
    for record in event:
        # Chalice's SQSRecord keeps only body and receipt handle; the id is in the raw record.
        message_id = str(record.to_dict().get("messageId", ""))
        try:
            # SQS's message id is the correlation id of a message that carries none.
            handle(json.loads(record.body), message_id)
        except Exception:
            log.exception("message %s failed; it will be retried", message_id)
            failures.append({"itemIdentifier": message_id})
    return {"batchItemFailures": failures}


def jurisdiction_codes() -> tuple[str, ...]:
    """Read at import time to declare one consumer per jurisdiction queue (content only, no AWS)."""
    return load_jurisdictions(content_root()).codes()


def carried(message: dict[str, Any], fallback: str = "") -> Any:
    """Bind the id the message carries (its cause's), else the queue's message id, for this hop."""
    return correlation.bound(str(message.get(correlation.FIELD) or fallback))


def route_record(message: dict[str, Any], queue_jurisdiction: str, message_id: str = "") -> str:
    with carried(message, message_id):
        return _route(message, queue_jurisdiction)


def _route(message: dict[str, Any], queue_jurisdiction: str) -> str:
    if message.get("task") != ROUTE_CASE:
        log.warning("unexpected task on case queue: %r", message.get("task"))
        return "ignored"
    outcome = routing.receive_routed_case(bootstrap.steps(), message, queue_jurisdiction)
    log.info("route_case %s -> %s", message.get("case_id"), outcome)
    return outcome


def notice_record(message: dict[str, Any], message_id: str = "") -> str:
    if message.get("task") != SEND_NOTICE:
        log.warning("unexpected task on notices queue: %r", message.get("task"))
        return "ignored"
    with carried(message, message_id):
        try:
            outcome = notices.send_notice(bootstrap.notices(), message)
        except Exception:
            # The message is retried and ends in the DLQ; the FailedNotices alarm says so at once.
            metrics.emit("FailedNotices", 1, stage())
            raise
        log.info("send_notice %s %s -> %s", message.get("case_id"), message.get("notice"), outcome)
        return outcome


def flush_outboxes() -> int:
    steps = bootstrap.steps()
    grace = timedelta(seconds=bootstrap.deps().routing_grace_seconds)
    return outbox.flush_pending(steps.tasks, steps.cases, steps.clock.now() - grace)


def sweep_deadlines(time_left: Callable[[], float] = lambda: float("inf")) -> int:
    report = deadline_sweep.scheduled_sweep(bootstrap.sweep(), time_left)
    log.info(
        "deadline sweep: %d checked, %d deemed accepted, %d warnings, %d overdue, %d alerts, %d errors",
        report.checked,
        len(report.deemed_accepted),
        len(report.warnings),
        len(report.overdue),
        report.alerts_sent,
        len(report.errors),
    )
    metrics.emit("OverdueCases", len(report.overdue), stage())
    if report.resume:
        log.warning(
            "deadline sweep stopped early at %s; the next scheduled run resumes", report.resume
        )
    return report.alerts_sent


def document_record(message: dict[str, Any], message_id: str = "") -> str:
    if message.get("task") != ISSUE_DOCUMENT:
        log.warning("unexpected task on documents queue: %r", message.get("task"))
        return "ignored"
    with carried(message, message_id):
        try:
            issued, told = announced_documents.issue_and_announce(
                bootstrap.documents(), bootstrap.notices(), message
            )
        except announced_documents.NoticeFailedError:
            metrics.emit("FailedNotices", 1, stage())
            raise
        log.info(
            "issue_document %s %s -> %s%s",
            message.get("case_id"),
            message.get("kind"),
            issued,
            f", notice {message.get('notice')} -> {told}" if told else "",
        )
        return issued


def scan_record(body: dict[str, Any]) -> list[str]:
    outcomes = [
        material_scans.process_upload(bootstrap.scans(), key, version)
        for key, version in material_scans.objects_from_s3_event(body)
    ]
    log.info("scans: %s", outcomes)
    return outcomes
