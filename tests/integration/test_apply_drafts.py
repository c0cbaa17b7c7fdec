"""Drafts of an application survive an expired session, stay their owner's, and save by the API with versions."""

from __future__ import annotations

import html
import re

from chalice.test import Client

from tests.integration.test_apply_pages import (
    PASSWORD,
    STEP1,
    Browser,
    browser,
    ids,
    start,
    stored,
    world,
)
from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import MotoWorld
from tests.support.slice import login

__all__ = ["browser", "world"]


def test_an_expired_session_keeps_what_was_typed_and_saves_it_after_signing_in(
    world: tuple[MotoWorld, Client], browser: Browser
) -> None:
    case_id = start(browser)
    csrf = browser.csrf()
    browser.jar.pop("tb_id")  # the hour is up
    answer = browser.post(f"/apply/{case_id}/step/applicant", {**STEP1, "csrf": csrf})
    assert answer.status_code == 401 and "登录已过期" in browser.last
    resume = re.search(r'name="resume" value="([^"]+)"', browser.last)
    assert resume and "马国强" in html.unescape(resume.group(1))
    signed_in = browser.post(
        "/login",
        {
            "username": "applicant1",
            "password": PASSWORD,
            "next": f"/apply/{case_id}/step/applicant",
            "resume": html.unescape(resume.group(1)),
        },
    )
    assert signed_in.status_code == 200 and "tb_id" in browser.jar
    assert {"resume-form", "resume-save"} <= ids(browser.last)
    assert 'value="马国强"' in browser.last
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', browser.last)
    again = browser.post(
        f"/apply/{case_id}/step/applicant", [(k, html.unescape(v)) for k, v in fields]
    )
    assert again.status_code == 303
    assert stored(case_id).answers["applicant_name"] == "马国强"


def test_a_stranger_cannot_open_someone_elses_draft(
    world: tuple[MotoWorld, Client], browser: Browser
) -> None:
    case_id = start(browser)
    stranger = Browser(world[1])
    stranger.sign_in("applicant2")
    assert stranger.get(f"/apply/{case_id}/step/applicant").status_code == 404
    assert "马国强" not in stranger.last


def test_put_answers_saves_a_step_refuses_wrong_fields_and_stale_versions(
    world: tuple[MotoWorld, Client],
) -> None:
    api = api_for(world[1])
    token = login(api, "applicant1")
    body = {"item_code": "RS-002", "home_code": "640221", "answers": {}}
    status, case = api("POST", "/api/cases", body, token)
    assert status == 400  # the API's create still takes a whole form
    b = Browser(world[1])
    b.sign_in("applicant1")
    case_id = start(b)
    path = f"/api/cases/{case_id}/answers"
    version = stored(case_id).version

    status, view = api("PUT", path, {"answers": STEP1, "step": "applicant"}, token)
    assert status == 200 and view["answers"]["applicant_name"] == "马国强"
    assert view["version"] == version + 1
    status, refused = api("PUT", path, {"answers": {"applicant_phone": "123"}}, token)
    assert status == 400 and refused["details"][0]["path"] == "applicant_phone"
    status, refused = api("PUT", path, {"answers": {"nope": "x"}, "step": "applicant"}, token)
    assert status == 400 and refused["details"][0]["code"] == "unknown_field"
    status, refused = api(
        "PUT", path, {"answers": {"job_intention": "厨师"}, "expected_version": version}, token
    )
    assert status == 409
    status, view = api("PUT", path, {"answers": {"job_intention": "厨师"}}, token)
    assert status == 200 and view["answers"]["applicant_name"] == "马国强"
    assert view["answers"]["job_intention"] == "厨师"
    other = login(api, "applicant2")
    assert api("PUT", path, {"answers": {"job_intention": "x"}}, other)[0] == 404
    assert api("PUT", path, {"answers": {"job_intention": "x"}})[0] == 401
    # Submitting a half-filled draft through the API names what is missing.
    status, refused = api("POST", f"/api/cases/{case_id}/submit", {}, token)
    assert status == 400 and "未填写" in refused["message"]
    assert "unemployment_reason" in {d["path"] for d in refused["details"]}
