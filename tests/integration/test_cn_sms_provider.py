"""The cn profile's SMS goes through Alibaba Cloud's SDK, against a local stand-in for its endpoint."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from chalicelib.adapters.aliyun_sms import AliyunSms, SmsRejectedError, SmsTemplateBook
from chalicelib.adapters.notify import SplitNotifier
from chalicelib.domain.outbox_messages import notice_task
from chalicelib.services import notices
from chalicelib.services.notices import NOTICE_TITLES, NoticePorts
from chalicelib.services.ports import Notice
from tests.support.aliyun_stub import SECRET, SmsStub, sms_stub
from tests.support.builders import APPLICANT, PL_WINDOW, World, world
from tests.support.cases import file_case

ROOT = Path(__file__).resolve().parents[2]
BOOK = SmsTemplateBook.load(ROOT / "catalog" / "sms_cn.json")


def cn_ports(w: World, stub: SmsStub) -> NoticePorts:
    """The world's notice ports with the cn SMS adapter pointed at the stub (e-mail stays the fake)."""
    sms = AliyunSms(BOOK, "AKID-test", SECRET, stub.endpoint, protocol="http")
    return replace(w.notices, notifier=SplitNotifier(sms, w.notifier))


def test_a_notice_is_sent_as_the_county_signature_its_template_code_and_parameters() -> None:
    with sms_stub() as stub:
        w = world()
        case_id = file_case(w, APPLICANT)
        case = w.cases.get(case_id)
        message = {**notice_task(case_id, case.version, "received"), "correlation_id": "req-42"}
        assert notices.send_notice(cn_ports(w, stub), message) == "sent"
    [sent] = stub.received
    assert sent.action == "SendSms" and sent.headers["x-acs-version"] == "2017-05-25"
    assert sent.headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=AKID-test,")
    assert sent.signature_valid
    assert sent.params["SignName"] == "平罗县政务服务"
    assert sent.params["TemplateCode"] == BOOK.templates["received"]["when"]["online"]
    assert sent.params["PhoneNumbers"] == case.applicant_phone[-11:]
    assert sent.params["OutId"] == "req-42"
    params = json.loads(sent.params["TemplateParam"])
    assert params["number"] == case.case_number and params["query_code"] == case.query_code
    assert set(params) == set(BOOK.templates["received"]["params"])
    [record] = w.deps.notices.list(case_id)
    assert record["status"] == "sent"


def test_a_walk_in_case_gets_the_counter_wording_template() -> None:
    with sms_stub() as stub:
        w = world()
        case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
        message = notice_task(case_id, w.cases.get(case_id).version, "received")
        notices.send_notice(cn_ports(w, stub), message)
    assert stub.received[0].params["TemplateCode"] == BOOK.templates["received"]["code"]


def test_a_refusal_by_the_provider_fails_the_notice_so_the_queue_retries_it_and_then_dead_letters() -> (
    None
):
    with sms_stub() as stub:
        w = world()
        case_id = file_case(w, APPLICANT)
        message = notice_task(case_id, w.cases.get(case_id).version, "received")
        stub.answer = {
            "Code": "isv.BUSINESS_LIMIT_CONTROL",
            "Message": "触发流控",
            "RequestId": "r",
        }
        with pytest.raises(SmsRejectedError, match="isv.BUSINESS_LIMIT_CONTROL"):
            notices.send_notice(cn_ports(w, stub), message)
        assert w.deps.notices.list(case_id) == []  # released: the redelivery sends it
        stub.answer = {"Code": "OK", "Message": "OK", "BizId": "biz-2", "RequestId": "r"}
        assert notices.send_notice(cn_ports(w, stub), message) == "sent"


def test_every_notice_kind_has_a_registered_template_whose_parameters_the_notice_supplies() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    notices.send_notice(w.notices, notice_task(case_id, w.cases.get(case_id).version, "received"))
    supplied = set(w.notifier.sent[-1].params)
    assert set(BOOK.templates) == set(NOTICE_TITLES)
    for kind, entry in BOOK.templates.items():
        assert set(entry["params"]) <= supplied, kind
        assert set(entry.get("when", {})) <= supplied, kind
    codes = [
        code for e in BOOK.templates.values() for code in [e["code"], *e.get("when", {}).values()]
    ]
    assert len(codes) == len(set(codes))


def test_every_county_has_a_registered_signature() -> None:
    counties = json.loads((ROOT / "catalog" / "jurisdictions.json").read_text(encoding="utf-8"))
    assert {j["code"] for j in counties["jurisdictions"]} <= set(BOOK.signatures)


def test_a_county_without_a_registered_signature_fails_rather_than_sending_unsigned() -> None:
    book = replace(BOOK, signatures={})
    notice = Notice("accepted", "已受理", "640221", {"name": "张三", "item": "x", "number": "1"})
    with pytest.raises(SmsRejectedError, match="签名"):
        AliyunSms(book, "AK", SECRET, "127.0.0.1:9").send_sms("13800000001", notice)
