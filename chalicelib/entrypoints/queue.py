"""Queue and schedule entrypoints: decode the task, call the use case; failures raise so SQS retries, then DLQs."""

from __future__ import annotations

import logging
from typing import Any

from chalicelib import bootstrap
from chalicelib.config import content_root
from chalicelib.content.catalog_files import load_jurisdictions
from chalicelib.services import deadlines, documents, notices, outbox, routing, scans
from chalicelib.services.tasks import ROUTE_CASE, SEND_NOTICE

log = logging.getLogger(__name__)


def jurisdiction_codes() -> tuple[str, ...]:
    """Read at import time to declare one consumer per jurisdiction queue (content only, no AWS)."""
    return load_jurisdictions(content_root()).codes()


def route_record(message: dict[str, Any], queue_jurisdiction: str) -> str:
    if message.get("task") != ROUTE_CASE:
        log.warning("unexpected task on case queue: %r", message.get("task"))
        return "ignored"
    outcome = routing.receive_routed_case(bootstrap.deps(), message, queue_jurisdiction)
    log.info("route_case %s -> %s", message.get("case_id"), outcome)
    return outcome


def notice_record(message: dict[str, Any]) -> str:
    if message.get("task") != SEND_NOTICE:
        log.warning("unexpected task on notices queue: %r", message.get("task"))
        return "ignored"
    return notices.send_notice(bootstrap.deps(), message)


def flush_outboxes() -> int:
    return outbox.flush_pending(bootstrap.deps())


def sweep_deadlines() -> int:
    report = deadlines.sweep_deadlines(bootstrap.deps())
    log.info(
        "deadline sweep: %d checked, %d deemed accepted, %d warnings, %d overdue, %d alerts, %d errors",
        report.checked,
        len(report.deemed_accepted),
        len(report.warnings),
        len(report.overdue),
        report.alerts_sent,
        len(report.errors),
    )
    return report.alerts_sent


def document_record(message: dict[str, Any]) -> str:
    if message.get("task") != documents.ISSUE_DOCUMENT:
        log.warning("unexpected task on documents queue: %r", message.get("task"))
        return "ignored"
    outcome = documents.issue_document(bootstrap.deps(), message)
    log.info("issue_document %s %s -> %s", message.get("case_id"), message.get("kind"), outcome)
    return outcome


def scan_record(body: dict[str, Any]) -> list[str]:
    outcomes = [
        scans.process_upload(bootstrap.deps(), key) for key in scans.keys_from_s3_event(body)
    ]
    log.info("scans: %s", outcomes)
    return outcomes
