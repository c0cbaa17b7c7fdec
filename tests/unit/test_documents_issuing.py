"""Notices are issued once per step, stored, registered and verifiable by code; a tampered copy fails."""

from __future__ import annotations

from chalicelib.services import documents, handling, queries
from tests.support.builders import APPLICANT, PL_APPROVER, PL_WINDOW, World, world
from tests.support.cases import file_case
from tests.support.fakes import FakeBlobs, FakeIssuer


def proxy_case(w: World) -> str:
    return file_case(w, PL_WINDOW, mode="proxy", home="140823")


def issue_all(w: World) -> list[str]:
    return [documents.issue_document(w.deps, m) for m in w.queue.drain("documents")]


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
    assert [documents.issue_document(w.deps, message) for _ in range(3)] == [
        "issued",
        "duplicate",
        "duplicate",
    ]
    assert len(w.deps.registry.for_case(case_id)) == 1


def test_each_milestone_issues_its_notice_and_a_posted_transfer_gets_a_slip() -> None:
    w = world()
    case_id = proxy_case(w)
    from chalicelib.domain.roles import Role
    from tests.support.builders import person

    wx = person(Role.APPROVER, "u-wx", "140823", "RS")
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    handling.perform(
        w.steps,
        PL_WINDOW,
        case_id,
        action="send_materials",
        details={"method": "post", "waybill": "SF1234567890"},
    )
    handling.perform(w.steps, wx, case_id, action="confirm_materials")
    handling.perform(w.steps, wx, case_id, action="approve", reason="同意")
    handling.perform(w.steps, wx, case_id, action="complete")
    handling.perform(w.steps, wx, case_id, action="send_result", details={"method": "system"})
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
    result = documents.verify(w.deps, record["code"].lower())
    assert (
        result["authentic"]
        and result["issuer"] == "平罗县政务服务中心"
        and result["sha256"] == record["sha256"]
    )
    store = w.deps.documents
    assert isinstance(store, FakeBlobs)
    store.data[record["key"]] = store.data[record["key"]].replace(b"receipt", b"rec3ipt")
    assert not documents.verify(w.deps, record["code"])["authentic"]
    assert not documents.verify(w.deps, "NOPE-NOPE-NOPE")["authentic"]


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
