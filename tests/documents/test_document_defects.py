"""Regressions found from outside: what each document prints, and the two documents of 第四十二/四十五条."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from pypdf import PdfReader

from chalicelib.documents.contexts import KIND_KEYS, sample_context
from chalicelib.documents.layouts import LAYOUT_FILES, available_kinds
from chalicelib.domain.document_kinds import (
    RENDERED_KINDS as DOCUMENT_KINDS,
)
from chalicelib.domain.document_kinds import document_number, kinds_triggered_by
from chalicelib.domain.roles import Role
from chalicelib.domain.statuses import Action
from chalicelib.services import document_issuing, dossier_assembly, handling
from tests.support.builders import APPLICANT, PL_SC_HEAD, PL_WINDOW, World, person, world
from tests.support.cases import LICENSING_SLOTS, file_case
from tests.support.fakes import FakeIssuer

from .conftest import TEMPLATES, Issue

WX_APPROVER = person(Role.APPROVER, "u-wx", "140823", "RS", name="卫晓红")
NAMED_WINDOW = person(Role.WINDOW_STAFF, "pl_window", "640221", name="马赟")


def text_of(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def issued(w: World) -> list[tuple[str, dict[str, Any]]]:
    issuer = w.deps.issuer
    assert isinstance(issuer, FakeIssuer)
    before = len(issuer.rendered)
    for message in w.queue.drain("documents"):
        document_issuing.issue(w.documents, message)
    return [(kind, context) for kind, context, _ in issuer.rendered[before:]]


def proxy_case(w: World, who: Any = NAMED_WINDOW) -> str:
    case_id = file_case(w, who, mode="proxy", home="140823")
    handling.perform(w.steps, who, case_id, action="accept")
    return case_id


def posted(w: World, case_id: str, **details: str) -> dict[str, Any]:
    handling.perform(
        w.steps,
        NAMED_WINDOW,
        case_id,
        action="send_materials",
        details={"method": "post", **details},
    )
    [(kind, context)] = [x for x in issued(w) if x[0] == "transfer_slip"]
    return context


def test_every_registered_kind_has_one_layout_and_its_context_keys() -> None:
    assert set(LAYOUT_FILES) == set(DOCUMENT_KINDS) == set(KIND_KEYS)
    assert available_kinds(TEMPLATES) == sorted(DOCUMENT_KINDS)


def test_the_document_number_uses_the_registry_abbreviation() -> None:
    assert document_number("平罗县", "extension_notice", "2026", 7) == "平罗延〔2026〕第000007号"
    assert [k.id for k in kinds_triggered_by(Action.SUSPEND)] == ["special_procedure_notice"]


def test_the_transfer_slip_between_offices_never_carries_the_query_code(issue: Issue) -> None:
    w = world()
    context = posted(w, proxy_case(w), waybill="SF1234567890", carrier="顺丰速运")
    assert "query_code" not in context
    slip = issue(
        "transfer_slip", context={**sample_context("transfer_slip"), "query_code": "583920"}
    )
    assert "查询密码" not in text_of(slip.pdf) and "583920" not in text_of(slip.pdf)


def test_a_courier_waybill_names_the_carrier_staff_entered_not_the_post() -> None:
    w = world()
    context = posted(w, proxy_case(w), waybill="SF1234567890", carrier="顺丰速运")
    assert context["transfer_method"] == "顺丰速运寄递" and "邮政" not in context["transfer_method"]
    assert context["tracking_number"] == "SF1234567890"


def test_a_posted_parcel_without_a_carrier_is_not_guessed_to_be_the_post() -> None:
    w = world()
    context = posted(w, proxy_case(w), waybill="1151234567890")
    assert "邮政" not in context["transfer_method"]


def test_staff_appear_by_name_on_receipts_and_slips_never_by_login() -> None:
    w = world()
    case_id = proxy_case(w)
    [(_, receipt)] = issued(w)
    assert receipt["staff_name"] == "马赟"
    assert posted(w, case_id, waybill="SF1234567890")["staff_name"] == "马赟"


def test_a_login_standing_in_for_a_name_is_left_blank_for_a_hand_signature() -> None:
    w = world()
    login_only = person(Role.WINDOW_STAFF, "pl_window", "640221")  # name == login
    proxy_case(w, login_only)
    [(_, receipt)] = issued(w)
    assert receipt["staff_name"] == ""


def test_the_dossier_verifies_by_its_code_and_its_hash_is_the_stored_file() -> None:
    w = world()
    case_id = proxy_case(w)
    issued(w)
    built = dossier_assembly.assemble(w.dossier, PL_WINDOW, case_id)
    result = document_issuing.check(w.documents, built["code"])
    assert result["authentic"], result
    record = w.deps.registry.by_code(built["code"])
    assert record is not None and record["document_number"] == built["document_number"]
    assert result["sha256"] == record["sha256"]
    assert dossier_assembly.assemble(w.dossier, PL_WINDOW, case_id)["code"] == built["code"]


def test_第四十五条_a_special_procedure_is_told_in_writing_with_its_length() -> None:
    w = world()
    case_id = proxy_case(w)
    handling.perform(
        w.steps,
        WX_APPROVER,
        case_id,
        action="suspend",
        reason="样品需经法定检验机构检测。",
        details={"procedure": "testing", "expected_days": 15},
    )
    # The reactions table issues the 特别程序告知书 with the step itself.
    [(kind, context)] = [x for x in issued(w) if x[0] == "special_procedure_notice"]
    assert (context["procedure"], context["expected_days"]) == ("检测", 15)
    assert context["reason"] == "样品需经法定检验机构检测" and context["query_code"]
    assert context["document_number"].startswith("闻喜特〔")


def test_第四十五条_the_special_procedure_notice_says_the_time_is_not_counted(issue: Issue) -> None:
    text = text_of(issue("special_procedure_notice").pdf)
    assert "第四十五条" in text and "检测" in text and "预计所需时间为15个工作日" in text
    assert "不计算在法定办理期限和承诺时限内" in text


def test_第四十五条_the_receipt_names_a_special_procedure_known_at_acceptance(issue: Issue) -> None:
    w = world()
    case_id = file_case(w, NAMED_WINDOW, mode="proxy", home="140823")
    handling.perform(
        w.steps,
        NAMED_WINDOW,
        case_id,
        action="accept",
        details={"procedure": "expert_review", "expected_days": 10},
    )
    [(_, receipt)] = issued(w)
    assert receipt["special_procedure"] == "专家评审（预计所需时间 10 个工作日）"
    text = text_of(
        issue("receipt", context={**sample_context("receipt"), **receipt_fields(receipt)}).pdf
    )
    assert "专家评审" in text and "所需时间不计入承诺时限" in text


def receipt_fields(context: dict[str, Any]) -> dict[str, Any]:
    return {"special_procedure": context["special_procedure"]}


def test_第四十二条_an_extension_is_told_with_its_reason_and_new_legal_deadline() -> None:
    w = world()
    approver = PL_SC_HEAD
    case_id = file_case(w, APPLICANT, item="SC-004", slots=LICENSING_SLOTS)
    handling.perform(w.steps, approver, case_id, action="accept")
    handling.perform(
        w.steps,
        approver,
        case_id,
        action="extend",
        reason="需多部门联合审查，法定期限内不能作出决定。",
        details={"approved_by": "张建华"},
    )
    [(_, context)] = [x for x in issued(w) if x[0] == "extension_notice"]
    assert context["reason"] == "需多部门联合审查，法定期限内不能作出决定"
    # 市场主体登记: three working days, extended once by three (市场主体登记管理条例第十九条).
    assert context["approved_by"] == "张建华" and context["extended_days"] == 3
    accepted = date.fromisoformat(context["accepted_date"])
    legal_plus_extension = w.deps.calendar.add_working_days(accepted, 3 + 3)
    assert context["new_legal_due"] == legal_plus_extension.isoformat()
    assert context["staff_name"] == "张建国"


def test_第四十二条_the_extension_notice_prints_the_approval_and_the_deadline(issue: Issue) -> None:
    text = text_of(issue("extension_notice").pdf)
    assert "第四十二条" in text and "经本机关负责人批准" in text
    assert "2025年4月15日" in text and "张建华（本机关负责人）" in text
