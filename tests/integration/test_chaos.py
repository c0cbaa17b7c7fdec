"""Chaos: duplicated, delayed and reordered queue messages plus injected AWS errors still end every case consistently."""

from __future__ import annotations

import functools
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib import bootstrap
from chalicelib.bootstrap import port_builders as pb
from chalicelib.bootstrap.adapter_set import AdapterSet as Deps
from chalicelib.config import load_settings
from chalicelib.domain.case_events import verify_chain
from chalicelib.domain.errors import DomainError
from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import (
    announced_documents,
    handling,
    intake,
    material_intake,
    notices,
    outbox,
    routing,
)
from chalicelib.services.announced_documents import NoticeFailedError
from chalicelib.services.document_issuing import DocumentInFlightError
from chalicelib.services.notices import NoticeInFlightError
from tests.support.aws import REGION, moto_world
from tests.support.builders import APPLICANT, PL_APPROVER
from tests.support.slice import sample_answers

CASES = 12
FAULT_RATE = 0.15


class FlakyClient:
    """Wraps a boto3 client: some calls fail before reaching AWS, some after (the write happened, the answer was lost)."""

    def __init__(self, inner: Any, rng: random.Random, rate: float) -> None:
        self._inner = inner
        self._rng = rng
        self._rate = rate
        self.exceptions = inner.exceptions
        self.injected = 0

    def _fault(self, operation: str) -> ClientError:
        self.injected += 1
        code, status = self._rng.choice(
            [
                ("ThrottlingException", 400),
                ("InternalServerError", 500),
                ("ServiceUnavailable", 503),
            ]
        )
        response: Any = {
            "Error": {"Code": code, "Message": "injected"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        return ClientError(response, operation)

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target) or name in (
            "get_paginator",
            "generate_presigned_post",
            "generate_presigned_url",
        ):
            return target

        def call(*args: Any, **kwargs: Any) -> Any:
            roll = self._rng.random()
            if roll < self._rate / 2:
                raise self._fault(name)
            result = target(*args, **kwargs)
            if roll < self._rate:
                raise self._fault(name)
            return result

        return call


class ChaosQueue:
    """An in-memory broker that duplicates, delays and reorders; failed handling leaves the message for a retry."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.pending: list[tuple[str, dict[str, Any]]] = []

    def send(self, queue_key: str, message: dict[str, Any]) -> None:
        if self._rng.random() < FAULT_RATE / 2:
            raise ClientError(
                {"Error": {"Code": "ThrottlingException", "Message": "injected"}}, "SendMessage"
            )
        self.pending.append((queue_key, json.loads(json.dumps(message))))
        if self._rng.random() < 0.3:
            self.pending.append((queue_key, json.loads(json.dumps(message))))

    def deliver(self, deps: Deps, chaos: bool) -> None:
        batch, self.pending = self.pending, []
        if chaos:
            self._rng.shuffle(batch)
            keep = [m for m in batch if self._rng.random() < 0.25]  # delayed to a later round
            batch = [m for m in batch if m not in keep]
            self.pending.extend(keep)
        for key, message in batch:
            try:
                if key == "notices":
                    notices.send_notice(pb.notices_from(deps), message)
                elif key == "documents":
                    announced_documents.issue_and_announce(
                        pb.documents_from(deps), pb.notices_from(deps), message
                    )
                else:
                    routing.receive_routed_case(pb.steps_from(deps), message, key)
            except (
                ClientError,
                DomainError,
                NoticeInFlightError,
                NoticeFailedError,
                DocumentInFlightError,
            ):
                self.pending.append((key, message))  # visible again after the timeout


def retry(action: Callable[[], Any], attempts: int = 30) -> Any:
    for _ in range(attempts):
        try:
            return action()
        except (ClientError, DomainError) as error:
            last = error
    raise AssertionError(f"gave up: {last}")


@pytest.fixture()
def chaos_world(tmp_path: Path) -> Iterator[tuple[Deps, Deps, ChaosQueue, list[FlakyClient]]]:
    with moto_world(tmp_path):
        real = bootstrap.deps()
        rng = random.Random(20261126)
        queue = ChaosQueue(rng)
        flaky = [
            FlakyClient(boto3.client(s, region_name=REGION), rng, FAULT_RATE)
            for s in ("dynamodb", "sns")
        ]
        from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository
        from chalicelib.adapters.dynamodb_misc import DynamoCounter, DynamoNoticeLog
        from chalicelib.adapters.notify import AwsNotifier

        spec = bootstrap.spec_for(load_settings())
        events_t = spec.table("CaseFilesTable").name
        chaotic = replace(
            real,
            cases=DynamoCaseRepository(flaky[0], events_t),
            counters=DynamoCounter(flaky[0], spec.table("CountersTable").name),
            notices=DynamoNoticeLog(flaky[0], events_t),
            notifier=AwsNotifier(
                flaky[1],
                boto3.client("ses", region_name=REGION),
                "TONGBAN",
                spec.email_sender,
                real.renderer,
            ),
            tasks=queue,
        )
        calm = replace(real, tasks=queue, notice_claim_timeout_seconds=0)
        yield chaotic, calm, queue, flaky


def test_every_case_ends_consistent_with_an_intact_audit_chain_under_chaos(
    chaos_world: tuple[Deps, Deps, ChaosQueue, list[FlakyClient]],
) -> None:
    chaotic, calm, queue, flaky = chaos_world
    answers = sample_answers("unemployment-registration")
    case_ids: list[str] = []
    for _ in range(CASES):
        created = retry(
            lambda: intake.create_case(
                pb.intake_from(chaotic),
                APPLICANT,
                item_code="RS-002",
                mode="online",
                home_code="640221",
                answers=answers,
            )
        )
        case_ids.append(created.case_id)
    for case_id in case_ids:
        ticket = material_intake.request_upload(
            pb.intake_from(calm),
            APPLICANT,
            case_id,
            slot_id="id_card",
            filename="id.jpg",
            content_type="image/jpeg",
            size=100,
        )
        _put(ticket.key)
        retry(
            functools.partial(
                material_intake.attach_material,
                pb.intake_from(chaotic),
                APPLICANT,
                case_id,
                key=ticket.key,
            )
        )
        retry(functools.partial(_submit_once, chaotic, case_id))
    for round_ in range(40):
        queue.deliver(chaotic, chaos=True)
        if round_ % 5 == 0:
            retry(
                lambda: outbox.flush_pending(
                    chaotic.tasks, chaotic.cases, chaotic.clock.now() + timedelta(hours=1)
                )
            )
        for case_id in case_ids:
            _advance(chaotic, case_id)
    for _ in range(10):  # the storm passes: everything left drains
        retry(
            lambda: outbox.flush_pending(
                calm.tasks, calm.cases, calm.clock.now() + timedelta(hours=1)
            )
        )
        queue.deliver(calm, chaos=False)
        for case_id in case_ids:
            _advance(calm, case_id)
    assert sum(f.injected for f in flaky) > 20
    for case_id in case_ids:
        case = calm.cases.get(case_id)
        events = calm.cases.events(case_id)
        assert case.status is CaseStatus.COMPLETED, case_id
        assert case.routing_state == "delivered"
        assert verify_chain(events) == [] and events[-1].hash == case.last_hash
        assert [e.action for e in events].count("receive_at_home") == 1
        sent = [n for n in calm.notices.list(case_id) if n["status"] == "sent"]
        assert sorted(n["notice"] for n in sent) == ["accepted", "completed_online", "received"]
        issued = [d["kind"] for d in calm.registry.for_case(case_id) if d["status"] == "issued"]
        assert sorted(issued) == ["completion_notice", "receipt"], case_id


def _put(key: str) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    bucket = next(
        b["Name"] for b in s3.list_buckets()["Buckets"] if b["Name"].endswith("-materials")
    )
    s3.put_object(Bucket=bucket, Key=key, Body=b"x" * 100, ContentType="image/jpeg")


def _submit_once(deps: Deps, case_id: str) -> None:
    if deps.cases.get(case_id).status is CaseStatus.DRAFT:
        intake.submit_case(pb.intake_from(deps), APPLICANT, case_id)


def _advance(deps: Deps, case_id: str) -> None:
    """An approver works through the inbox, reloading and retrying as a person would after an error."""
    nxt = {
        CaseStatus.SUBMITTED: "accept",
        CaseStatus.ACCEPTED: "approve",
        CaseStatus.APPROVED: "complete",
    }
    try:
        case = deps.cases.get(case_id)
        if case.status is CaseStatus.SUBMITTED and case.routing_state != "delivered":
            return
        action = nxt.get(case.status)
        if action:
            handling.perform(
                pb.steps_from(deps),
                PL_APPROVER,
                case_id,
                action=action,
                reason="同意",
                expected_version=case.version,
            )
    except (ClientError, DomainError):
        return
