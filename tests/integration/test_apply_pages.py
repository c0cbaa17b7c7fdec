"""在线申请 step by step through the chalice test client on moto: start, steps with server-side checks,
conditional fields, repeating groups, division pickers, drafts resumed, check your answers, submit once,
an expired session that keeps what was typed, and PUT /api/cases/{id}/answers."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from chalice.test import Client

from chalicelib import bootstrap
from chalicelib.domain.statuses import CaseStatus
from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import REGION, MotoWorld, moto_world
from tests.support.slice import login

ROOT = Path(__file__).resolve().parents[2]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PASSWORD = "Tongban#2026"


class Browser:
    """Keeps cookies like a browser and reads the page's CSRF field, over the chalice test client."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.jar: dict[str, str] = {}
        self.last = ""

    def _take(self, response: Any) -> Any:
        raw = response.headers.get("Set-Cookie") or []
        for line in [raw] if isinstance(raw, str) else raw:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in line:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        if response.status_code != 303:
            self.last = response.body.decode()
        return response

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        return {**({"Cookie": cookie} if cookie else {}), **(extra or {})}

    def get(self, path: str) -> Any:
        return self._take(self.client.http.get(path, headers=self.headers()))

    def csrf(self) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.last)
        assert found, self.last[:500]
        return found.group(1)

    def post(self, path: str, fields: list[tuple[str, str]] | dict[str, str]) -> Any:
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if not any(k == "csrf" for k, _ in pairs):
            pairs.append(("csrf", self.csrf()))
        body = urlencode(pairs).encode()
        return self._take(self.client.http.post(path, headers=self.headers(FORM), body=body))

    def follow(self, response: Any) -> Any:
        assert response.status_code == 303, (response.status_code, response.body[:800])
        return self.get(response.headers["Location"])

    def sign_in(self, username: str) -> None:
        self.get("/login")
        answer = self.post("/login", {"username": username, "password": PASSWORD, "next": "/"})
        assert answer.status_code == 303 and "tb_id" in self.jar


def ids(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def element(page: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    found = re.search(rf'<[^>]*\sid="{re.escape(element_id)}"[^>]*>', page)
    assert found, element_id
    return found.group(0)


def wrapper_of(page: str, name: str) -> str:
    found = re.search(rf'<[^>]*data-field="{re.escape(name)}"[^>]*>', page)
    assert found, name
    return found.group(0)


def select(page: str, select_id: str) -> str:
    found = re.search(rf'<select id="{re.escape(select_id)}".*?</select>', page, re.S)
    assert found, select_id
    return found.group(0)


def text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("apply")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


@pytest.fixture
def browser(world: tuple[MotoWorld, Client]) -> Browser:
    b = Browser(world[1])
    b.sign_in("applicant1")
    return b


def start(b: Browser, item: str = "RS-002", home: str = "640221", nonce: str = "") -> str:
    b.get(f"/apply/{item}")
    found = re.search(r'name="nonce" value="([^"]+)"', b.last)
    assert found
    answer = b.post(f"/apply/{item}", {"home_code": home, "nonce": nonce or found.group(1)})
    assert answer.status_code == 303, answer.body[:500]
    location = answer.headers["Location"]
    match = re.fullmatch(r"/apply/([^/]+)/step/([^/]+)", location)
    assert match, location
    b.get(location)
    return match.group(1)


STEP1 = {
    "applicant_name": "马国强",
    "applicant_id_number": "64022119900101001x",
    "applicant_phone": "13909520001",
}
STEP2 = {
    "household_address.division.province": "640000",
    "household_address.division.city": "640200",
    "household_address.division.county": "640221",
    "household_address.detail": "黄渠桥镇某村3组",
    "residence_address.division.province": "370000",
    "residence_address.division.city": "371600",
    "residence_address.division.county": "371621",
    "residence_address.detail": "孙武街道某小区2号楼",
}
STEP3 = {
    "unemployment_reason": "contract_ended",
    "former_employer": "惠民县某纺织有限公司",
    "unemployment_date": "2025-02-28",
}
STEP4 = {"training_wish": "yes", "claim_benefit": "no"}


def stored(case_id: str) -> Any:
    return bootstrap.deps().cases.get(case_id)


def attach_id_card(world: MotoWorld, client: Client, case_id: str) -> None:
    api = api_for(client)
    token = login(api, "applicant1")
    body = {"slot": "id_card", "filename": "id.jpg", "content_type": "image/jpeg", "size": 9}
    status, ticket = api("POST", f"/api/cases/{case_id}/uploads", body, token)
    assert status == 200, ticket
    bucket = world.spec.bucket("MaterialsBucket").name
    boto3.client("s3", region_name=REGION).put_object(
        Bucket=bucket, Key=ticket["key"], Body=b"\xff\xd8\xffjpeg!!", ContentType="image/jpeg"
    )
    assert api("POST", f"/api/cases/{case_id}/materials", {"key": ticket["key"]}, token)[0] == 200


def test_signed_out_the_start_page_sends_to_login_and_comes_back(
    world: tuple[MotoWorld, Client],
) -> None:
    answer = Browser(world[1]).get("/apply/RS-002")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/login?next=/apply/RS-002"


def test_the_start_page_offers_only_homes_with_an_agreement_and_needs_one(browser: Browser) -> None:
    browser.get("/apply/RS-002")
    assert "宁夏回族自治区石嘴山市平罗县" in browser.last and "山东省滨州市惠民县" in browser.last
    assert {"start-form", "start-apply", "home_code-0"} <= ids(browser.last)
    refused = browser.post("/apply/RS-002", {"nonce": "n-empty"})
    assert refused.status_code == 400 and "请选择业务属地" in browser.last
    assert 'href="#home_code-0"' in browser.last


def test_a_whole_application_step_by_step_to_the_confirmation(
    world: tuple[MotoWorld, Client], browser: Browser
) -> None:
    case_id = start(browser)
    assert stored(case_id).status is CaseStatus.DRAFT and stored(case_id).answers == {}
    page = browser.last
    assert {"step-form", "save-step", "save-later", "f-applicant_name"} <= ids(page)
    assert "第 1 步，共 4 步" in page and 'aria-current="step"' in page

    # A wrong ID number: the summary links to the field, the field says why, what was typed stays.
    wrong = {**STEP1, "applicant_id_number": "640221199001010010", "applicant_name": "<b>马</b>"}
    answer = browser.post(f"/apply/{case_id}/step/applicant", wrong)
    page = browser.last
    assert answer.status_code == 400
    assert 'class="error-summary"' in page and 'href="#f-applicant_id_number"' in page
    assert 'id="f-applicant_id_number-error-1"' in page and "校验位" in page
    assert 'value="640221199001010010"' in page and "&lt;b&gt;马&lt;/b&gt;" in page
    assert 'aria-invalid="true"' in element(page, "f-applicant_id_number")
    assert stored(case_id).answers == {}

    browser.follow(browser.post(f"/apply/{case_id}/step/applicant", STEP1))
    assert stored(case_id).answers["applicant_name"] == "马国强"
    assert "户籍与常住地" in browser.last
    # Back on step 1: the ID number's birth date and gender, derived once saved.
    browser.get(f"/apply/{case_id}/step/applicant")
    assert "出生日期 1990-01-01，性别 男" in browser.last
    assert 'id="f-applicant_id_number-derived"' in browser.last

    # The division picker: pick a province, press 更新选项, get its cities; nothing saved meanwhile.
    browser.get(f"/apply/{case_id}/step/residence")
    assert 'id="f-household_address-division-province"' in browser.last
    version = stored(case_id).version
    browser.post(
        f"/apply/{case_id}/step/residence",
        {"household_address.division.province": "370000", "refresh": "1"},
    )
    cities = select(browser.last, "f-household_address-division-city")
    assert "滨州市" in cities and "临沂市" in cities and "石嘴山市" not in cities
    assert stored(case_id).version == version
    browser.follow(browser.post(f"/apply/{case_id}/step/residence", STEP2))
    assert stored(case_id).answers["residence_address"]["division"]["code"] == "371621"

    # Step 3: 其他原因说明 shows only when the reason is 其他.
    page = browser.last
    assert " hidden" in wrapper_of(page, "reason_detail")
    assert " hidden" not in wrapper_of(page, "former_employer")
    assert "data-visible-if" in wrapper_of(page, "reason_detail")
    answer = browser.post(
        f"/apply/{case_id}/step/unemployment", {**STEP3, "unemployment_reason": "other"}
    )
    assert answer.status_code == 400
    assert " hidden" not in wrapper_of(browser.last, "reason_detail")
    assert 'href="#f-reason_detail"' in browser.last
    browser.follow(browser.post(f"/apply/{case_id}/step/unemployment", STEP3))
    browser.follow(browser.post(f"/apply/{case_id}/step/wishes", STEP4))

    # Check your answers: every step, its 修改 links, the materials; submitting without them is refused.
    page = browser.last
    assert "提交前请核对您的申请" in page
    for section in ("applicant", "residence", "unemployment", "wishes"):
        assert f'id="section-{section}"' in page
    words = text(page)
    assert "劳动合同期满终止" in words and "山东省滨州市惠民县 孙武街道某小区2号楼" in words
    assert f'href="/apply/{case_id}/step/unemployment#f-unemployment_reason"' in page
    assert f'href="/apply/{case_id}/materials"' in page and 'id="material-id_card"' in page
    answer = browser.post(f"/apply/{case_id}/submit", {"version": str(stored(case_id).version)})
    assert answer.status_code == 400 and "材料不齐全：居民身份证或社会保障卡" in text(browser.last)
    assert stored(case_id).status is CaseStatus.DRAFT

    attach_id_card(world[0], world[1], case_id)
    browser.get(f"/apply/{case_id}/check")
    assert "id.jpg" in browser.last
    csrf = browser.csrf()
    first = browser.post(f"/apply/{case_id}/submit", {"csrf": csrf})
    second = browser.post(f"/apply/{case_id}/submit", {"csrf": csrf})  # the double click
    assert first.status_code == second.status_code == 303
    case = stored(case_id)
    assert case.status is CaseStatus.SUBMITTED and case.version == version_after_submit(case_id)
    browser.follow(first)
    page = browser.last
    assert {"confirmation", "case-number", "my-case-link"} <= ids(page)
    assert case.case_number in page and f'href="/me/cases/{case_id}"' in page
    # A submitted case's step pages lead to the confirmation, not back into the form.
    assert browser.get(f"/apply/{case_id}/step/applicant").headers["Location"].endswith("/done")


def version_after_submit(case_id: str) -> int:
    events = bootstrap.deps().cases.events(case_id)
    assert [e.action for e in events].count("submit") == 1
    return int(stored(case_id).version)


def test_a_draft_saved_at_step_two_resumes_at_step_three(browser: Browser) -> None:
    case_id = start(browser)
    browser.follow(browser.post(f"/apply/{case_id}/step/applicant", STEP1))
    answer = browser.post(f"/apply/{case_id}/step/residence", {**STEP2, "later": "1"})
    assert answer.headers["Location"] == "/me/cases"
    resumed = browser.get(f"/apply/{case_id}/resume")
    assert resumed.headers["Location"] == f"/apply/{case_id}/step/unemployment"
    page = browser.follow(browser.post(f"/apply/{case_id}/step/unemployment", STEP3))
    assert page.status_code == 200
    assert browser.get(f"/apply/{case_id}/resume").headers["Location"].endswith("/step/wishes")


def test_the_same_start_nonce_opens_one_draft(browser: Browser) -> None:
    first = start(browser, nonce="same-nonce-1")
    again = start(browser, nonce="same-nonce-1")
    assert first == again


def test_a_repeating_group_adds_and_removes_entries_and_money_round_trips(
    browser: Browser,
) -> None:
    case_id = start(browser, item="SC-004")
    browser.follow(
        browser.post(
            f"/apply/{case_id}/step/applicant",
            {
                **STEP1,
                "applicant_address.division.province": "640000",
                "applicant_address.division.city": "640200",
                "applicant_address.division.county": "640221",
                "applicant_address.detail": "城关镇某街1号",
            },
        )
    )
    assert " hidden" in wrapper_of(browser.last, "family_members")
    base = {
        "organization_form": "family",
        "business_scope": "日用百货零售",
        "premises.division.province": "640000",
        "premises.division.city": "640200",
        "premises.division.county": "640221",
        "premises.detail": "城关镇某街2号",
        "premises_source": "owned",
        "employees": "2",
        "capital": "12.50",
        "family_members.items": "0",
    }
    path = f"/apply/{case_id}/step/business"
    browser.post(path, {**base, "add:family_members": "1"})
    assert {"f-family_members-0", "f-family_members-0-name", "f-family_members-0-remove"} <= ids(
        browser.last
    )
    assert " hidden" not in wrapper_of(browser.last, "family_members")
    member = {
        "family_members.items": "1",
        "family_members[0].name": "马小红",
        "family_members[0].id_number": "640221199203040022",
        "family_members[0].relation": "spouse",
    }
    browser.post(path, {**base, **member, "add:family_members": "1"})
    assert "f-family_members-1-name" in ids(browser.last)
    assert 'value="马小红"' in browser.last
    two = {**base, **member, "family_members.items": "2", "family_members[1].name": "张三"}
    browser.post(path, {**two, "remove:family_members:1": "1"})
    assert "f-family_members-1-name" not in ids(browser.last) and 'value="马小红"' in browser.last
    saved = browser.post(path, {**base, **member})
    assert saved.status_code == 303, text(browser.last)[:2000]
    answers = stored(case_id).answers
    assert [m["name"] for m in answers["family_members"]] == ["马小红"]
    assert answers["capital"] == 1250
    browser.get(path)
    assert 'value="12.50"' in browser.last  # 元 as typed, not the stored 分
