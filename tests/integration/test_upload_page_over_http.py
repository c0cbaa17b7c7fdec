"""The materials upload page and its session JSON endpoints through the chalice test client on moto: CSRF
in a header, other people's cases hidden, upload → attach → scan → remove → upload again, a lying file
refused in Chinese, nothing removable after submission, 删除 without JavaScript, and the 补正 round."""

from __future__ import annotations

import json
import re
import secrets
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from chalice.test import Client

from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import MotoWorld, drain, moto_world, sqs_event
from tests.support.scenarios import JPEG
from tests.support.slice import login, sample_answers

ROOT = Path(__file__).resolve().parents[2]
CSRF = secrets.token_urlsafe(32)
LYING = b"this is a letter, not a photo of an identity card\n" * 20


class Portal:
    """One moto world, the app, and the applicants' bearer tokens (for setting cases up via the API)."""

    def __init__(self, world: MotoWorld, client: Client) -> None:
        self.world, self.client, self.api = world, client, api_for(client)
        self.tokens = {
            u: login(self.api, u) for u in ("applicant1", "applicant2", "pl_approver_rs")
        }
        self.messages = iter(range(1, 10_000))

    def cookie(self, user: str, csrf: str = CSRF) -> str:
        return f"tb_id={self.tokens[user]}; tb_csrf={csrf}"

    def draft(self, user: str = "applicant1") -> str:
        form = self.api("GET", "/api/items/RS-002/form")[1]
        body = {"item_code": "RS-002", "home_code": "640221", "answers": sample_answers(form["id"])}
        status, case = self.api("POST", "/api/cases", body, self.tokens[user])
        assert status == 200, case
        return str(case["case_id"])

    def page(self, path: str, user: str | None = "applicant1") -> Any:
        headers = {"Cookie": self.cookie(user)} if user else {}
        return self.client.http.get(path, headers=headers)

    def form(self, path: str, fields: dict[str, str], user: str = "applicant1") -> Any:
        body = urllib.parse.urlencode(fields)
        headers = {
            "Cookie": self.cookie(user),
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return self.client.http.post(path, headers=headers, body=body.encode())

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        user: str = "applicant1",
        csrf: str | None = CSRF,
    ) -> tuple[int, Any]:
        headers = {"Cookie": self.cookie(user), "Content-Type": "application/json"}
        if csrf is not None:
            headers["X-CSRF-Token"] = csrf
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        response = getattr(self.client.http, method.lower())(path, headers=headers, body=data)
        return response.status_code, json.loads(response.body or b"null")

    def upload(self, case_id: str, data: bytes, name: str = "身份证.jpg") -> str:
        """Ticket, the browser's POST to storage, attach: the page's script, step by step."""
        base = f"/apply/{case_id}/materials"
        request = {"slot": "id_card", "filename": name, "content_type": "image/jpeg"}
        status, ticket = self.call("POST", f"{base}/ticket", {**request, "size": len(data)})
        assert status == 200 and ticket["expires_in"] == 300, ticket
        files = {"file": (name, data, "image/jpeg")}
        posted = requests.post(ticket["url"], data=ticket["fields"], files=files, timeout=10)
        assert posted.status_code in (200, 201, 204)
        status, state = self.call("POST", f"{base}/attach", {"key": ticket["key"]})
        assert status == 200, state
        return str(ticket["key"])

    def scan(self) -> None:
        name = self.world.spec.queue("scans").name
        for body in drain(name):
            event = sqs_event(body, name, f"scan{next(self.messages)}")
            self.client.lambda_.invoke("process_scans", event)

    def route(self) -> None:
        name = self.world.spec.queue("640221").name
        for body in drain(name):
            event = sqs_event(body, name, f"route{next(self.messages)}")
            self.client.lambda_.invoke("route_cases_640221", event)

    def files(self, case_id: str) -> list[dict[str, Any]]:
        status, state = self.call("GET", f"/apply/{case_id}/materials/state", csrf=None)
        assert status == 200, state
        return [f for slot in state["slots"] for f in slot["files"]]


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    with moto_world(tmp_path_factory.mktemp("uploads")) as world:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield Portal(world, client)


def text(response: Any) -> str:
    body = response.body
    return body.decode("utf-8") if isinstance(body, bytes) else str(body)


def test_the_page_lists_each_slot_with_its_limits_and_says_uploading_needs_javascript(
    portal: Portal,
) -> None:
    case_id = portal.draft()
    response = portal.page(f"/apply/{case_id}/materials")
    html = text(response)
    assert response.status_code == 200, html
    [id_card] = re.findall(r'<input type="file" id="file-id_card"[^>]*>', html)
    assert (
        "multiple" in id_card
        and 'accept="image/jpeg,image/png,image/heic,application/pdf' in id_card
    )
    assert 'id="slot-id_card"' in html and 'id="slot-termination_proof"' in html
    assert "必须上传" in html and "每个文件不超过" in html
    assert "<noscript>" in html and "上传文件需要启用浏览器的 JavaScript" in html
    assert 'aria-live="polite"' in html and f'data-csrf="{CSRF}"' in html
    policy = response.headers["Content-Security-Policy"]
    assert "connect-src 'self' https://" in policy and "img-src 'self' data: https://" in policy
    assert "script-src 'self';" in policy  # still no inline script


def test_signed_out_the_page_sends_to_login_and_the_endpoints_answer_401(portal: Portal) -> None:
    case_id = portal.draft()
    response = portal.page(f"/apply/{case_id}/materials", user=None)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/login?next=/apply/{case_id}/materials"
    headers = {"Content-Type": "application/json"}
    answer = portal.client.http.get(f"/apply/{case_id}/materials/state", headers=headers)
    assert answer.status_code == 401 and "登录已过期" in json.loads(answer.body)["message"]


def test_every_post_needs_the_csrf_token_in_a_header_matching_the_cookie(portal: Portal) -> None:
    case_id = portal.draft()
    base = f"/apply/{case_id}/materials"
    ticket = {"slot": "id_card", "filename": "a.jpg", "content_type": "image/jpeg", "size": 10}
    for path, body in (("ticket", ticket), ("attach", {"key": "k"}), ("remove", {"key": "k"})):
        assert portal.call("POST", f"{base}/{path}", body, csrf=None)[0] == 403
        status, refused = portal.call("POST", f"{base}/{path}", body, csrf="伪造" + CSRF[2:])
        assert status == 403 and refused["error"] == "csrf", refused
    status, made = portal.call("POST", f"{base}/ticket", ticket)
    assert status == 200 and made["key"].startswith(f"cases/{case_id}/id_card/")


def test_another_persons_case_is_not_found_on_the_page_and_every_endpoint(portal: Portal) -> None:
    case_id = portal.draft("applicant1")
    key = portal.upload(case_id, JPEG)
    base = f"/apply/{case_id}/materials"
    ticket = {"slot": "id_card", "filename": "a.jpg", "content_type": "image/jpeg", "size": 10}
    for path, body in (("ticket", ticket), ("attach", {"key": key}), ("remove", {"key": key})):
        status, refused = portal.call("POST", f"{base}/{path}", body, user="applicant2")
        assert status == 404, refused
    assert portal.call("GET", f"{base}/state", user="applicant2", csrf=None)[0] == 404
    page = portal.page(base, user="applicant2")
    assert page.status_code == 404 and "身份证" not in text(page)
    assert len(portal.files(case_id)) == 1  # still there


def test_upload_attach_scan_remove_and_upload_again(portal: Portal) -> None:
    case_id = portal.draft()
    key = portal.upload(case_id, JPEG)
    [pending] = portal.files(case_id)
    assert pending["key"] == key and pending["scan_status"] == "pending"
    assert set(pending) <= {
        "key",
        "filename",
        "size",
        "content_type",
        "scan_status",
        "scan_message",
        "rotation",  # how the page is turned for reading (the counter's 向左旋转)
    }
    portal.scan()
    [scanned] = portal.files(case_id)
    assert scanned["scan_status"] == "ok" and scanned["thumbnail_url"].startswith("https://")
    html = text(portal.page(f"/apply/{case_id}/materials"))
    assert 'class="thumb"' in html and "已通过检查" in html and "身份证.jpg 的缩略图" in html
    status, state = portal.call("POST", f"/apply/{case_id}/materials/remove", {"key": key})
    assert status == 200 and not any(s["files"] for s in state["slots"])
    again = portal.upload(case_id, JPEG)
    assert again != key and [f["key"] for f in portal.files(case_id)] == [again]
    audit = portal.api("GET", f"/api/cases/{case_id}", token=portal.tokens["applicant1"])[1]
    actions = [entry["action"] for entry in audit["timeline"]]
    assert actions == ["create", "attach_material", "detach_material", "attach_material"]


def test_a_lying_file_is_refused_with_its_reason_in_chinese(portal: Portal) -> None:
    case_id = portal.draft()
    portal.upload(case_id, LYING, name="照片.jpg")
    portal.scan()
    [refused] = portal.files(case_id)
    assert refused["scan_status"] == "rejected" and "thumbnail_url" not in refused
    assert re.search(r"[\u4e00-\u9fff]", refused["scan_message"]), refused
    html = text(portal.page(f"/apply/{case_id}/materials"))
    assert "未通过检查" in html and refused["scan_message"] in html


def test_after_submission_nothing_can_be_removed_and_the_page_says_why(portal: Portal) -> None:
    case_id = portal.draft()
    key = portal.upload(case_id, JPEG)
    portal.scan()
    token = portal.tokens["applicant1"]
    assert portal.api("POST", f"/api/cases/{case_id}/submit", {}, token)[0] == 200
    status, refused = portal.call("POST", f"/apply/{case_id}/materials/remove", {"key": key})
    assert status == 409 and "不能删除材料" in refused["message"]
    status, api_refused = portal.api(
        "POST", f"/api/cases/{case_id}/materials/remove", {"key": key}, token
    )
    assert status == 409, api_refused
    html = text(portal.page(f"/apply/{case_id}/materials"))
    assert 'id="materials-locked"' in html and 'type="file"' not in html
    assert "upload-item__remove" not in html
    assert len(portal.files(case_id)) == 1


def test_delete_works_without_javascript_as_a_plain_form(portal: Portal) -> None:
    case_id = portal.draft()
    key = portal.upload(case_id, JPEG)
    path = f"/apply/{case_id}/materials/delete"
    refused = portal.form(path, {"key": key, "flow": "apply"})
    assert refused.status_code == 403 and len(portal.files(case_id)) == 1
    done = portal.form(path, {"csrf": CSRF, "key": key, "flow": "apply"})
    assert done.status_code == 303 and done.headers["Location"] == f"/apply/{case_id}/materials"
    assert portal.files(case_id) == []


def test_a_supplement_is_answered_on_the_same_page_and_resubmitted(portal: Portal) -> None:
    case_id = portal.draft()
    old = portal.upload(case_id, JPEG)
    portal.scan()
    token = portal.tokens["applicant1"]
    assert portal.api("POST", f"/api/cases/{case_id}/submit", {}, token)[0] == 200
    portal.route()
    asked = {
        "action": "request_supplement",
        "reason": "身份证照片不清晰，请重新上传",
        "details": {"materials": ["居民身份证或社会保障卡"]},
    }
    status, case = portal.api(
        "POST", f"/api/cases/{case_id}/actions", asked, portal.tokens["pl_approver_rs"]
    )
    assert status == 200 and case["status"] == "supplement_requested", case
    page = text(portal.page(f"/me/cases/{case_id}/supplement"))
    assert 'id="supplement-asked"' in page and "居民身份证或社会保障卡" in page
    assert 'id="submit-supplement"' in page and 'href="/me/cases/' in page
    linked = text(portal.page(f"/apply/{case_id}/materials?back=/me/cases/{case_id}"))
    assert 'id="submit-supplement"' in linked and 'id="continue"' not in linked  # 我的办件's link
    assert portal.call("POST", f"/apply/{case_id}/materials/remove", {"key": old})[0] == 200
    missing = portal.form(f"/me/cases/{case_id}/supplement", {"csrf": CSRF})
    assert missing.status_code == 400 and "材料不齐全" in text(missing)
    assert 'href="#upload"' in text(missing)  # the error summary links to the uploads
    portal.upload(case_id, JPEG)
    done = portal.form(f"/me/cases/{case_id}/supplement", {"csrf": CSRF})
    assert done.status_code == 303, text(done)
    assert done.headers["Location"] == f"/me/cases/{case_id}?supplemented=1"
    final = portal.api("GET", f"/api/cases/{case_id}", token=token)[1]
    assert final["status"] == "submitted"
