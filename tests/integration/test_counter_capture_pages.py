"""The counter's capture page through the chalice test client on moto: a 平罗 clerk captures three pages
of one material for a walk-in case, moves one up, turns one left (the dossier's page is turned), deletes
one; a refused scan shows its reason in Chinese; an applicant and another centre's clerk cannot touch it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from chalice.test import Client
from pypdf import PdfReader

from tests.integration.test_upload_page_over_http import CSRF, LYING, Portal, text
from tests.support.aws import moto_world
from tests.support.scenarios import JPEG
from tests.support.slice import login

ROOT = Path(__file__).resolve().parents[2]
VALID_ID = "140823198503121230"
SLOT = "termination_proof"


class Counter(Portal):
    """The portal driver with the counter's people signed in too."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        for user in ("pl_window", "hm_window"):
            self.tokens[user] = login(self.api, user)

    def walk_in(self) -> str:
        fields = {
            "item_code": "RS-002",
            "mode": "proxy",
            "home_code": "140823",
            "name": "张三",
            "id_number": VALID_ID,
            "phone": "13900000000",
            "nonce": f"capture-{next(self.messages)}",
            "csrf": CSRF,
        }
        made = self.form("/counter/new", fields, user="pl_window")
        assert made.status_code == 303, text(made)[:500]
        found = re.search(r"/apply/([^/]+)/step/", made.headers["Location"])
        assert found
        return found.group(1)

    def send(self, case_id: str, slot: str, data: bytes, name: str) -> str:
        base = f"/apply/{case_id}/materials"
        request = {"slot": slot, "filename": name, "content_type": "image/jpeg", "size": len(data)}
        status, ticket = self.call("POST", f"{base}/ticket", request, user="pl_window")
        assert status == 200, ticket
        files = {"file": (name, data, "image/jpeg")}
        posted = requests.post(ticket["url"], data=ticket["fields"], files=files, timeout=10)
        assert posted.status_code in (200, 201, 204)
        status, state = self.call(
            "POST", f"{base}/attach", {"key": ticket["key"]}, user="pl_window"
        )
        assert status == 200, state
        return str(ticket["key"])

    def press(self, case_id: str, key: str, how: str, user: str = "pl_window") -> Any:
        fields = {"key": key, "slot": SLOT, "how": how, "csrf": CSRF}
        return self.form(f"/counter/{case_id}/materials/page", fields, user=user)

    def pages(self, case_id: str) -> list[dict[str, Any]]:
        return [f for f in self.files_of(case_id) if f["slot"] == SLOT]

    def files_of(self, case_id: str) -> list[dict[str, Any]]:
        status, state = self.call(
            "GET", f"/apply/{case_id}/materials/state", user="pl_window", csrf=None
        )
        assert status == 200, state
        return [{**f, "slot": slot["id"]} for slot in state["slots"] for f in slot["files"]]


@pytest.fixture(scope="module")
def counter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Counter]:
    with moto_world(tmp_path_factory.mktemp("capture")) as world:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield Counter(world, client)


def row_ids(html: str) -> list[str]:
    return re.findall(rf'id="(page-{SLOT}-\d+)"', html)


def test_a_clerk_captures_three_pages_moves_turns_and_deletes_and_the_dossier_follows(
    counter: Counter,
) -> None:
    case_id = counter.walk_in()
    sent = counter.page(f"/apply/{case_id}/materials", user="pl_window")
    assert sent.status_code == 302 or sent.status_code == 303, text(sent)[:300]
    assert sent.headers["Location"].endswith(f"/counter/{case_id}/materials")
    assert f'href="/counter/{case_id}/materials"' in text(
        counter.page(f"/counter/{case_id}", user="pl_window")
    )

    keys = [counter.send(case_id, SLOT, JPEG, f"第{n}页.jpg") for n in (1, 2, 3)]
    counter.scan()
    page = counter.page(f"/counter/{case_id}/materials", user="pl_window")
    html = text(page)
    assert page.status_code == 200, html[:500]
    assert row_ids(html) == [f"page-{SLOT}-1", f"page-{SLOT}-2", f"page-{SLOT}-3"]
    assert re.search(rf'<input type="file" id="file-{SLOT}"[^>]*multiple', html)
    assert f'id="video-{SLOT}"' in html and f'id="shoot-{SLOT}"' in html and "拍摄" in html
    assert all(f'aria-label="{label}"' in html for label in ("上移", "下移", "向左旋转", "删除"))
    assert html.count('class="thumb thumb--r0"') == 3  # the scan pipeline's thumbnails
    assert "camera=(self)" in page.headers["Permissions-Policy"]

    moved = counter.press(case_id, keys[2], "up")
    assert moved.status_code == 303 and "done=up" in moved.headers["Location"]
    assert [p["key"] for p in counter.pages(case_id)] == [keys[0], keys[2], keys[1]]
    assert counter.press(case_id, keys[2], "left").status_code == 303
    assert [p["rotation"] for p in counter.pages(case_id)] == [0, 270, 0]
    html = text(counter.page(f"/counter/{case_id}/materials?done=left", user="pl_window"))
    assert "已向左旋转" in html and "已旋转 270°" in html and "thumb--r270" in html

    status, dossier = counter.api(
        "POST", f"/api/cases/{case_id}/dossier", {}, counter.tokens["pl_window"]
    )
    assert status == 200, dossier
    pdf = PdfReader(io.BytesIO(requests.get(dossier["download_url"], timeout=10).content))
    turned = [n for n, p in enumerate(pdf.pages) if p.rotation == 270]
    assert len(turned) == 1  # exactly the turned page, now second of the material's three
    assert turned[0] == len(pdf.pages) - 2

    gone = counter.press(case_id, keys[0], "delete")
    assert gone.status_code == 303
    assert [p["key"] for p in counter.pages(case_id)] == [keys[2], keys[1]]
    html = text(counter.page(f"/counter/{case_id}/materials", user="pl_window"))
    assert row_ids(html) == [f"page-{SLOT}-1", f"page-{SLOT}-2"]


def test_a_refused_scan_shows_its_reason_in_chinese_next_to_the_page(counter: Counter) -> None:
    case_id = counter.walk_in()
    counter.send(case_id, "id_card", LYING, "身份证.jpg")
    counter.scan()
    html = text(counter.page(f"/counter/{case_id}/materials", user="pl_window"))
    found = re.search(r'id="refusal-id_card-1">([^<]+)<', html)
    assert found and re.search(r"[\u4e00-\u9fff]", found.group(1)), html[:2000]
    assert "未通过检查" in html


def test_an_applicant_and_another_centres_clerk_cannot_see_or_arrange_the_pages(
    counter: Counter,
) -> None:
    case_id = counter.walk_in()
    key = counter.send(case_id, SLOT, JPEG, "第1页.jpg")
    assert counter.page(f"/counter/{case_id}/materials", user="hm_window").status_code == 404
    assert counter.press(case_id, key, "left", user="hm_window").status_code == 404
    assert counter.page(f"/counter/{case_id}/materials", user="applicant1").status_code == 403
    assert counter.press(case_id, key, "delete", user="applicant1").status_code == 403
    status, _ = counter.call(
        "POST", f"/apply/{case_id}/materials/remove", {"key": key}, user="hm_window"
    )
    assert status == 404
    assert [p["key"] for p in counter.pages(case_id)] == [key]
    assert [p["rotation"] for p in counter.pages(case_id)] == [0]
