"""好差评 for walk-in applicants and 视频连线指导 records, through the chalice test client on moto: the
counter device and the QR link land on the case, wrong links store nothing, a case is rated once."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from chalice.test import Client

from chalicelib import bootstrap
from tests.integration.test_my_cases_pages import Browser, by_id, scenario, text
from tests.support.aws import MotoWorld, moto_world
from tests.support.scenarios import Scenario, proxy_by_post

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def delivered(w: MotoWorld, client: Client) -> Scenario:
    s = scenario(w, client)
    proxy_by_post(s)  # 平罗 counter → 闻喜 → result handed over at the 平罗 window
    return s


def rating_path(page: str) -> str:
    found = re.search(r'id="rating-link" href="([^"]+)"', page)
    assert found, "no rating link"
    return urllib.parse.urlparse(found.group(1)).path


def test_the_applicant_rates_on_the_counter_device_and_a_second_rating_is_refused(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = delivered(w, client)
    clerk = Browser(client, s.token("pl_window"))
    screen = text(clerk.get(f"/counter/{s.case_id}/rating"))
    assert 'id="rating-form"' in screen and 'name="level"' in screen
    assert 'id="rating-qr" src="data:image/svg+xml;base64,' in screen
    assert rating_path(screen).startswith(f"/rate/{s.case_id}/")
    assert 'id="rating-submit"' in screen and "服务态度" in screen

    fields = {"level": "2", "indicator-3": "1", "comment": "等候时间太长"}
    done = clerk.post(f"/counter/{s.case_id}/rating", fields)
    assert done.status_code == 303, text(done)[:800]
    stored = bootstrap.deps().feedback.find_evaluation_for_case(s.case_id)
    assert stored is not None and stored.channel.value == "counter" and stored.level == 2
    assert stored.rated_unit.jurisdiction == "640221"  # the window that served answers for it
    assert stored.indicators["服务态度"] == 1
    opened = bootstrap.deps().feedback.rectifications_for_case(s.case_id)
    assert [r.owner.jurisdiction for r in opened] == ["640221"]  # a 差评 opens its 整改

    again = clerk.post(f"/counter/{s.case_id}/rating", {"level": "5"})
    assert again.status_code == 409
    assert "该办件已评价" in by_id(text(again), "rating-error")
    assert "非常不满意" not in by_id(text(clerk.get(f"/counter/{s.case_id}/rating")), "rating-done")


def test_the_qr_link_rates_without_login_and_a_forged_or_other_cases_link_is_refused(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    other = scenario(w, client)
    other.create("pl_window", "RS-002", "proxy", "140823")
    s = delivered(w, client)
    link = rating_path(
        text(Browser(client, s.token("pl_window")).get(f"/counter/{s.case_id}/rating"))
    )
    token = link.rsplit("/", 1)[1]

    phone = Browser(client)  # no account, no session
    for wrong in (f"/rate/{s.case_id}/{'A' * 24}", f"/rate/{other.case_id}/{token}"):
        assert phone.get(wrong).status_code == 404
        assert phone.post(wrong, {"level": "1", "comment": "伪造"}).status_code == 404
    feedback = bootstrap.deps().feedback
    assert feedback.find_evaluation_for_case(s.case_id) is None
    assert feedback.find_evaluation_for_case(other.case_id) is None

    page = text(phone.get(link))
    assert 'id="rating-form"' in page and 'id="rating-submit"' in page
    assert s.case_number in by_id(page, "case-number")
    done = phone.post(link, {"level": "5", "comment": "窗口服务很好"})
    assert done.status_code == 303 and done.headers["Location"] == link
    stored = feedback.find_evaluation_for_case(s.case_id)
    assert stored is not None and stored.channel.value == "qr" and stored.level == 5
    assert "非常满意" in by_id(text(phone.get(link)), "rating-done")
    again = phone.post(link, {"level": "1", "comment": "再评一次"})
    assert again.status_code == 409 and "该办件已评价" in by_id(text(again), "rating-error")


def test_video_guidance_is_recorded_in_the_timeline_and_an_applicant_cannot_record_one(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    s.create("pl_window", "GA-007", "proxy", "140823")
    s.attach_required("pl_window")
    s.submit("pl_window")
    s.act("pl_window", "accept")
    clerk = Browser(client, s.token("pl_window"))
    path = f"/cases/{s.case_id}/guidance"
    assert 'id="guidance-form"' in text(clerk.get(path))
    session = {
        "staff_name": "闻喜公安王警官",
        "held_at": "2026-12-01T10:30",
        "outcome": "属地确认原件信息，指导窗口补拍户口页",
        "reference": "视频会议 8812-3301",
    }
    done = clerk.post(path, session)
    assert done.status_code == 303, text(done)[:800]
    timeline = by_id(text(clerk.get(done.headers["Location"])), "timeline")
    assert "视频连线指导" in timeline and "闻喜公安王警官" in timeline and "8812-3301" in timeline
    events = bootstrap.queries().files.read(s.case_id).events
    guided = [e for e in events if e.action == "record_video_guidance"]
    assert [e.details["staff_name"] for e in guided] == ["闻喜公安王警官"]
    assert guided[0].to_status == guided[0].from_status == "accepted"
    steps = s.ok("GET", f"/api/cases/{s.case_id}", "pl_window")["timeline"]
    assert "视频连线指导" in [e["action_label"] for e in steps]

    s.act("pl_window", "send_materials", method="system")
    home = Browser(client, s.token("wx_approver_ga"))  # the other end of the call records it too
    assert 'href="/approvals/' in text(home.get(path))
    by_home = home.post(path, {**session, "staff_name": "平罗窗口工作人员", "reference": ""})
    assert by_home.status_code == 303, text(by_home)[:800]

    missing = clerk.post(path, {**session, "staff_name": ""})
    assert missing.status_code == 400 and "工作人员姓名" in text(missing)

    applicant = Browser(client, s.token("applicant1"))
    assert applicant.get(path).status_code == 403
    assert applicant.post(path, session).status_code == 403
    events = bootstrap.queries().files.read(s.case_id).events
    assert len([e for e in events if e.action == "record_video_guidance"]) == 2
