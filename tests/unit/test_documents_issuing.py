"""Notices are issued once per step, stored, registered and verifiable by code; a tampered copy fails."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

import pytest

from chalicelib.domain.roles import Role
from chalicelib.services import document_issuing, handling, queries
from chalicelib.services.document_issuing import DocumentPorts
from chalicelib.services.ports import RenderedDocument
from tests.support.builders import APPLICANT, PL_APPROVER, PL_WINDOW, World, person, world
from tests.support.cases import file_case
from tests.support.fakes import FakeBlobs, FakeIssuer, FakeRegistry

WX_APPROVER = person(Role.APPROVER, "u-wx", "140823", "RS")  # 闻喜, the home side


def proxy_case(w: World) -> str:
    return file_case(w, PL_WINDOW, mode="proxy", home="140823")


def issue_all(w: World) -> list[str]:
    return [document_issuing.issue(w.documents, m) for m in w.queue.drain("documents")]


def test_acceptance_at_the_counter_issues_a_receipt_sealed_by_the_receiving_centre() -> None:
    w = world()
    case_id = proxy_case(w)
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    assert issue_all(w) == ["issued"]
    issuer = w.deps.issuer
    assert isinstance(issuer, FakeIssuer)
    kind, context, seal = issuer.rendered[-1]
    assert kind == "receipt" and seal == "平罗县政务服务中心"
    assert context["case_number"] == w.cases.get(case_id).case_number
    assert [m["name"] for m in context["materials"]] == ["居民身份证"]
    assert context["promised_days"] == 0 and context["document_number"].startswith(
        "平罗受〔2026〕第"
    )
    docs = queries.get_case(w.queries, PL_WINDOW, case_id)["documents"]
    assert [d["label"] for d in docs] == ["业务受理回执"]


def test_a_replayed_issue_message_issues_nothing_twice() -> None:
    w = world()
    case_id = proxy_case(w)
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    message = w.queue.drain("documents")[0]
    assert [document_issuing.issue(w.documents, message) for _ in range(3)] == [
        "issued",
        "duplicate",
        "duplicate",
    ]
    assert len(w.deps.registry.for_case(case_id)) == 1


def test_each_milestone_issues_its_notice_and_a_posted_transfer_gets_a_slip() -> None:
    w = world()
    case_id = proxy_case(w)
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    handling.perform(
        w.steps,
        PL_WINDOW,
        case_id,
        action="send_materials",
        details={"method": "post", "waybill": "SF1234567890"},
    )
    handling.perform(w.steps, WX_APPROVER, case_id, action="confirm_materials")
    handling.perform(w.steps, WX_APPROVER, case_id, action="approve", reason="同意")
    handling.perform(w.steps, WX_APPROVER, case_id, action="complete")
    handling.perform(
        w.steps, WX_APPROVER, case_id, action="send_result", details={"method": "system"}
    )
    handling.perform(
        w.steps,
        PL_WINDOW,
        case_id,
        action="deliver",
        details={"method": "window", "receiver": "马国强"},
    )
    assert issue_all(w) == ["issued"] * 4
    kinds = [r["kind"] for r in w.deps.registry.for_case(case_id)]
    assert kinds == ["receipt", "transfer_slip", "completion_notice", "delivery_receipt"]
    seals = {r["kind"]: r["issuer"] for r in w.deps.registry.for_case(case_id)}
    assert seals["completion_notice"] == "闻喜县人力资源和社会保障局"


def test_a_document_verifies_by_code_and_a_tampered_copy_does_not() -> None:
    w = world()
    case_id = proxy_case(w)
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    issue_all(w)
    record = w.deps.registry.for_case(case_id)[0]
    result = document_issuing.check(w.documents, record["code"].lower())
    assert (
        result["authentic"]
        and result["issuer"] == "平罗县政务服务中心"
        and result["sha256"] == record["sha256"]
    )
    store = w.deps.documents
    assert isinstance(store, FakeBlobs)
    store.data[record["key"]] = store.data[record["key"]].replace(b"receipt", b"rec3ipt")
    assert not document_issuing.check(w.documents, record["code"])["authentic"]
    assert not document_issuing.check(w.documents, "NOPE-NOPE-NOPE")["authentic"]


def test_a_refusal_carries_the_reason_and_the_remedies() -> None:
    w = world()
    case_id = proxy_case(w)
    handling.perform(
        w.steps, PL_WINDOW, case_id, action="refuse", reason="申请事项依法不需要取得行政许可。"
    )
    issue_all(w)
    issuer = w.deps.issuer
    assert isinstance(issuer, FakeIssuer)
    kind, context, _ = issuer.rendered[-1]
    assert kind == "refusal_notice" and context["reason"] == "申请事项依法不需要取得行政许可"
    assert context["review_body"] == "闻喜县人民政府" and context["court"] == "闻喜县人民法院"


def test_an_applicant_sees_the_documents_of_their_own_case() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    handling.perform(w.steps, PL_APPROVER, case_id, action="accept")
    issue_all(w)
    docs = queries.get_case(w.queries, APPLICANT, case_id)["documents"]
    assert docs[0]["issuer"] == "平罗县人力资源和社会保障局" and docs[0]["download_url"]


# --- exactly once: the 文书编号 is drawn with the registry reservation -------------------------------


class Crash(RuntimeError):
    """A worker dying mid-way (the Lambda is killed, the network drops)."""


class CrashingRenderer:
    def __init__(self, inner: FakeIssuer) -> None:
        self.inner, self.fail = inner, False

    def new_code(self) -> str:
        return self.inner.new_code()

    def render(self, kind: str, context: dict[str, Any], **kw: Any) -> RenderedDocument:
        if self.fail:
            raise Crash("render")
        rendered: RenderedDocument = self.inner.render(kind, context, **kw)
        return rendered

    def verify_signature(self, pdf: bytes, seal_name: str) -> dict[str, Any]:
        return self.inner.verify_signature(pdf, seal_name)

    def find_code(self, pdf: bytes) -> str | None:
        return self.inner.find_code(pdf)

    def inspect_upload(self, pdf: bytes, name: str, seal_name: str) -> dict[str, Any]:
        return self.inner.inspect_upload(pdf, name, seal_name)


class CrashingStore(FakeBlobs):
    fail: bool = False

    def put(self, key: str, data: bytes, content_type: str) -> str:
        if self.fail:
            raise Crash("put")
        return super().put(key, data, content_type)


class CrashingRegistry(FakeRegistry):
    fail: bool = False

    def issue(self, record: dict[str, Any]) -> bool:
        if self.fail:
            raise Crash("issue")
        return super().issue(record)


@dataclass
class Rig:
    w: World
    ports: DocumentPorts
    renderer: CrashingRenderer
    store: CrashingStore
    registry: CrashingRegistry

    def later(self) -> None:
        """Long enough for a dead worker's claim to go stale."""
        self.w.clock.advance(seconds=self.ports.claim_timeout_seconds + 1)


def rig() -> Rig:
    w = world()
    issuer = w.deps.issuer
    assert isinstance(issuer, FakeIssuer)
    renderer, store, registry = CrashingRenderer(issuer), CrashingStore(), CrashingRegistry()
    ports = replace(w.documents, renderer=renderer, store=store, registry=registry)
    return Rig(w, ports, renderer, store, registry)


def accepted_receipt(r: Rig) -> dict[str, Any]:
    case_id = proxy_case(r.w)
    handling.perform(r.w.steps, PL_WINDOW, case_id, action="accept")
    return r.w.queue.drain("documents")[0]


def test_a_duplicate_delivery_stores_one_pdf_under_one_number() -> None:
    r = rig()
    message = accepted_receipt(r)
    assert [document_issuing.issue(r.ports, message) for _ in range(2)] == ["issued", "duplicate"]
    [record] = r.registry.for_case(message["case_id"])
    assert record["document_number"] == "平罗受〔2026〕第000001号"
    assert [k for k in r.store.data if k.startswith("cases/")] == [record["key"]]


def test_a_delivery_arriving_while_another_is_issuing_is_retried_not_issued_twice() -> None:
    r = rig()
    message = accepted_receipt(r)
    r.renderer.fail = True
    with pytest.raises(Crash):
        document_issuing.issue(r.ports, message)
    r.renderer.fail = False
    with pytest.raises(document_issuing.DocumentInFlightError):
        document_issuing.issue(r.ports, message)  # the first worker may still be running
    assert not r.store.data


def test_a_crash_after_the_reservation_is_retried_with_the_same_number_and_code() -> None:
    r = rig()
    message = accepted_receipt(r)
    r.renderer.fail = True
    with pytest.raises(Crash):
        document_issuing.issue(r.ports, message)
    [reserved] = r.registry.for_case(message["case_id"])
    r.renderer.fail = False
    r.later()
    assert document_issuing.issue(r.ports, message) == "issued"
    [issued] = r.registry.for_case(message["case_id"])
    assert (issued["serial"], issued["code"], issued["key"]) == (
        reserved["serial"],
        reserved["code"],
        reserved["key"],
    )
    assert issued["document_number"].endswith("第000001号")


def test_a_crash_after_the_pdf_is_stored_reuses_its_key_and_leaves_no_stray_pdf() -> None:
    r = rig()
    message = accepted_receipt(r)
    r.registry.fail = True
    with pytest.raises(Crash):
        document_issuing.issue(r.ports, message)
    stored = set(r.store.data)
    r.registry.fail = False
    r.later()
    assert document_issuing.issue(r.ports, message) == "issued"
    [record] = r.registry.for_case(message["case_id"])
    assert set(r.store.data) == stored == {record["key"]}
    assert document_issuing.check(r.ports, record["code"])["authentic"]


@pytest.mark.parametrize("seed", range(6))
def test_crashes_and_duplicates_in_any_order_leave_a_gapless_series(seed: int) -> None:
    r = rig()
    rng = random.Random(seed)
    messages = []
    for _ in range(5):
        messages.append(accepted_receipt(r))
    pending = [m for m in messages for _ in range(rng.randint(1, 3))]  # duplicate deliveries
    issued = 0
    while pending:
        message = pending.pop(rng.randrange(len(pending)))
        stage = rng.choice(["none", "none", "render", "put", "issue"])
        r.renderer.fail, r.store.fail, r.registry.fail = (
            stage == "render",
            stage == "put",
            stage == "issue",
        )
        try:
            issued += document_issuing.issue(r.ports, message) == "issued"
        except (Crash, document_issuing.DocumentInFlightError):
            pending.append(message)  # SQS delivers it again later
            r.later()
    records = [rec for m in messages for rec in r.registry.for_case(m["case_id"])]
    assert issued == len(records) == 5
    assert sorted(rec["serial"] for rec in records) == [1, 2, 3, 4, 5]
    assert r.registry.series == {"docno#640221#receipt#2026": 5}
    assert sorted(k for k in r.store.data if k.startswith("cases/")) == sorted(
        rec["key"] for rec in records
    )


@dataclass
class CountingRegistry:
    """The fake registry, counting the reads of a case's records."""

    inner: Any
    case_reads: int = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        self.case_reads += 1
        return list(self.inner.for_case(case_id))


def test_the_delivery_receipt_names_the_completion_notice_from_the_file_already_read() -> None:
    w = world()
    case_id = proxy_case(w)
    for who, action, details in (
        (PL_WINDOW, "accept", {}),
        (PL_WINDOW, "send_materials", {"method": "system"}),
        (WX_APPROVER, "approve", {}),
        (WX_APPROVER, "complete", {}),
        (WX_APPROVER, "send_result", {"method": "system"}),
    ):
        handling.perform(w.steps, who, case_id, action=action, details=details, reason="同意")
    assert set(issue_all(w)) == {"issued"}
    handling.perform(
        w.steps,
        PL_WINDOW,
        case_id,
        action="deliver",
        details={"method": "window", "receiver": "马国强"},
    )
    counting = CountingRegistry(w.deps.registry)
    ports = replace(w.documents, registry=counting)
    assert [document_issuing.issue(ports, m) for m in w.queue.drain("documents")] == ["issued"]
    issuer = w.deps.issuer
    assert isinstance(issuer, FakeIssuer)
    kind, context, _ = issuer.rendered[-1]
    completion = next(
        r for r in w.deps.registry.for_case(case_id) if r["kind"] == "completion_notice"
    )
    assert kind == "delivery_receipt"
    assert context["delivered_document_number"] == completion["document_number"]
    assert counting.case_reads == 0
