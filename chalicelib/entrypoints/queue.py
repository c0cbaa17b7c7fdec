"""Queue and schedule entrypoints: decode the task, call the use case; failures raise so SQS retries, then DLQs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from chalicelib import bootstrap
from chalicelib.config import content_root
from chalicelib.content.catalog_files import load_jurisdictions
from chalicelib.domain.outbox_messages import ROUTE_CASE, SEND_NOTICE
from chalicelib.services import (
    deadline_sweep,
    document_issuing,
    material_scans,
    notices,
    outbox,
    routing,
)

log = logging.getLogger(__name__)


def jurisdiction_codes() -> tuple[str, ...]:
    """Read at import time to declare one consumer per jurisdiction queue (content only, no AWS)."""
    return load_jurisdictions(content_root()).codes()


def route_record(message: dict[str, Any], queue_jurisdiction: str) -> str:
    if message.get("task") != ROUTE_CASE:
        log.warning("unexpected task on case queue: %r", message.get("task"))
        return "ignored"
    outcome = routing.receive_routed_case(bootstrap.steps(), message, queue_jurisdiction)
    log.info("route_case %s -> %s", message.get("case_id"), outcome)
    return outcome


def notice_record(message: dict[str, Any]) -> str:
    if message.get("task") != SEND_NOTICE:
        log.warning("unexpected task on notices queue: %r", message.get("task"))
        return "ignored"
    return notices.send_notice(bootstrap.notices(), message)


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
    if report.resume:
        log.warning(
            "deadline sweep stopped early at %s; the next scheduled run resumes", report.resume
        )
    return report.alerts_sent


def document_record(message: dict[str, Any]) -> str:
    if message.get("task") != document_issuing.ISSUE_DOCUMENT:
        log.warning("unexpected task on documents queue: %r", message.get("task"))
        return "ignored"
    outcome = document_issuing.issue(bootstrap.documents(), message)
    log.info("issue_document %s %s -> %s", message.get("case_id"), message.get("kind"), outcome)
    return outcome


def scan_record(body: dict[str, Any]) -> list[str]:
    outcomes = [
        material_scans.process_upload(bootstrap.scans(), key, version)
        for key, version in material_scans.objects_from_s3_event(body)
    ]
    log.info("scans: %s", outcomes)
    return outcomes
