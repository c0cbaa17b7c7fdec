"""The home approver uploads the department's own signed result PDF from /approvals/{id} (chalice test
client on moto): the applicant's case lists it, its download is the same bytes and /api/verify/{code}
vouches for its SHA-256; an applicant, another department or a bad file is refused and nothing is kept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import boto3
import requests
from chalice.test import Client
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from chalicelib import bootstrap
from chalicelib.documents.pdf.keys import LocalKeySource
from chalicelib.documents.pdf.signing import sign_pdf
from tests.integration.test_approvals_pages import routed_case
from tests.integration.test_counter_after_intake_pages import _create_for_huimin
from tests.integration.test_first_slice_with_test_client import api_for
from tests.integration.test_my_cases_pages import Browser, by_id, scenario, text, world
from tests.support.aws import REGION, MotoWorld
from tests.support.scenarios import Scenario

__all__ = ["world"]

PROVINCIAL = "宁夏回族自治区政务服务管理局"  # an outside CA: not one of our trust roots


def pdf_of(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def licence(tmp_path: Path) -> bytes:
    """A licence signed by the provincial system's own CA."""
    keys = LocalKeySource(tmp_path / "provincial-ca")
    return sign_pdf(pdf_of(blank()), keys, PROVINCIAL, reason="准予许可", location="闻喜县")


def upload(browser: Browser, case_id: str, pdf: bytes, *, csrf: bool = True) -> Any:
    prepared = requests.Request(
        "POST",
        f"http://local/approvals/{case_id}/result",
        data={"csrf": browser.csrf} if csrf else {},
        files={"result": ("许可证.pdf", pdf, "application/pdf")},
    ).prepare()
    body = prepared.body if isinstance(prepared.body, bytes) else b""
    headers = {"Content-Type": prepared.headers["Content-Type"], "Cookie": browser.cookie}
    return browser.client.http.post(f"/approvals/{case_id}/result", headers=headers, body=body)


def decided_case(w: MotoWorld, client: Client) -> Scenario:
    s = routed_case(w, client)
    s.act("wx_approver", "accept")
    s.act("wx_approver", "approve", "符合失业登记条件")
    return s


def signed_results(case_id: str) -> list[dict[str, Any]]:
    records = bootstrap.deps().registry.for_case(case_id)
    return [r for r in records if r["kind"] == "signed_result"]


def stored_keys(w: MotoWorld, case_id: str) -> list[str]:
    s3 = boto3.client("s3", region_name=REGION)
    bucket = w.spec.bucket("DocumentsBucket").name
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=f"cases/{case_id}/")
    return [o["Key"] for o in listed.get("Contents", []) if "signed_result" in o["Key"]]


def test_the_approver_uploads_a_signed_licence_the_applicant_downloads_it_and_verify_matches(
    world: tuple[MotoWorld, Client], tmp_path: Path
) -> None:
    w, client = world
    s = decided_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    page = text(approver.get(f"/approvals/{s.case_id}"))
    assert 'id="result-upload-form"' in page and 'enctype="multipart/form-data"' in page
    assert 'id="result-file"' in page and 'type="file"' in page

    pdf = licence(tmp_path)
    done = upload(approver, s.case_id, pdf)
    assert done.status_code in (302, 303), text(done)[:500]
    assert done.headers["Location"] == f"/approvals/{s.case_id}?uploaded=1"
    after = text(approver.get(done.headers["Location"]))
    assert "已上传签章结果文书" in by_id(after, "page-notice")
    assert "外部签章，系统未校验其证书" in by_id(after, "result-documents")

    [document] = [d for d in s.view("applicant1")["documents"] if d["kind"] == "signed_result"]
    assert document["title"] == "签章结果文书" and "签〔" in document["document_number"]
    assert requests.get(document["download_url"], timeout=10).content == pdf
    mine = text(Browser(client, s.token("applicant1")).get(f"/me/cases/{s.case_id}"))
    assert document["code"] in by_id(mine, "documents")

    status, verified = api_for(client)("GET", f"/api/verify/{document['code']}")
    assert status == 200 and verified["authentic"] is True, verified
    assert verified["sha256"] == document["sha256"]
    assert verified["signature"]["signer"] == PROVINCIAL
    assert verified["signature"]["problems"][0].startswith("外部签章，系统未校验其证书")

    again = upload(approver, s.case_id, pdf)
    assert again.status_code == 400 and "不能重复上传" in text(again)
    assert len(signed_results(s.case_id)) == 1 and len(stored_keys(w, s.case_id)) == 1


def test_an_applicant_and_another_department_are_refused_and_nothing_is_stored(
    world: tuple[MotoWorld, Client], tmp_path: Path
) -> None:
    w, client = world
    s = decided_case(w, client)
    pdf = licence(tmp_path)
    applicant = upload(Browser(client, s.token("applicant1")), s.case_id, pdf)
    assert applicant.status_code == 403
    other_department = upload(Browser(client, s.token("wx_approver_ga")), s.case_id, pdf)
    assert other_department.status_code == 404
    elsewhere = upload(Browser(client, s.token("hm_approver")), s.case_id, pdf)
    assert elsewhere.status_code == 404
    assert signed_results(s.case_id) == [] and stored_keys(w, s.case_id) == []


def test_a_bad_file_is_refused_in_chinese_on_the_case_page_and_nothing_is_stored(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = decided_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    scripted = blank()
    scripted.add_open_action(JavaScript("app.alert('hi');"))
    encrypted = blank()
    encrypted.encrypt("secret", algorithm="AES-128")
    for data, reason in (
        (b"\x89PNG\r\n\x1a\n" + b"0" * 64, "不是 PDF"),
        (pdf_of(scripted), "含有脚本"),
        (pdf_of(encrypted), "已加密"),
        (b"%PDF-1.7\n" + b"0" * (4 * 1024 * 1024 + 1), "文件过大"),
    ):
        refused = upload(approver, s.case_id, data)
        page = text(refused)
        assert refused.status_code in (400, 413), (reason, refused.status_code)
        assert reason in page and 'href="#result-file"' in page, reason
    without_csrf = upload(approver, s.case_id, pdf_of(blank()), csrf=False)
    assert without_csrf.status_code == 403
    assert signed_results(s.case_id) == [] and stored_keys(w, s.case_id) == []


def test_the_form_is_offered_only_once_the_case_is_decided(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = routed_case(w, client)
    approver = Browser(client, s.token("wx_approver"))
    assert 'id="result-upload-form"' not in text(approver.get(f"/approvals/{s.case_id}"))
    refused = upload(approver, s.case_id, pdf_of(blank()))
    assert refused.status_code == 400 and "作出审批决定后" in text(refused)
    assert signed_results(s.case_id) == []


def test_the_receiving_counter_lists_the_uploaded_result_for_hand_over(
    world: tuple[MotoWorld, Client], tmp_path: Path
) -> None:
    w, client = world
    s = scenario(w, client)
    _create_for_huimin(s)
    s.attach_required("pl_window")
    s.submit("pl_window")
    s.act("pl_window", "accept", identity="reader")
    s.act("pl_window", "send_materials", method="system")
    s.wait_routed("hm_approver")
    s.act("hm_approver", "approve", "符合失业登记条件")
    pdf = licence(tmp_path)
    done = upload(Browser(client, s.token("hm_approver")), s.case_id, pdf)
    assert done.status_code in (302, 303), text(done)[:500]
    counter = text(Browser(client, s.token("pl_window")).get(f"/counter/{s.case_id}"))
    listed = by_id(counter, "counter-results")
    assert "签章结果文书" in listed and "外部签章，系统未校验其证书" in listed
