"""Progress lookup over HTTP on moto: POST only (the 查询密码 leaves the URL), a CSRF-checked page form,
the SMS link's token, and the per-number limit holding under a parallel burst against DynamoDB."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from chalice.test import Client

from chalicelib import bootstrap
from chalicelib.domain.cases import Case
from chalicelib.domain.errors import NotFoundError
from chalicelib.services import tracking
from chalicelib.services.rate_limits import RateLimitedError
from tests.integration.test_first_slice_with_test_client import api_for
from tests.support.aws import MotoWorld, moto_world
from tests.support.slice import login, sample_answers

ROOT = Path(__file__).resolve().parents[2]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("jwks")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def new_case(client: Client) -> Case:
    api = api_for(client)
    token = login(api, "applicant1")
    form = api("GET", "/api/items/RS-002/form")[1]
    body = {"item_code": "RS-002", "home_code": "640221", "answers": sample_answers(form["id"])}
    status, case = api("POST", "/api/cases", body, token)
    assert status == 200, case
    return bootstrap.deps().cases.get(case["case_id"])


def page_token(client: Client) -> tuple[str, str]:
    """(hidden field, cookie) of a freshly loaded /track page: the site's one double-submit token."""
    page = client.http.get("/track")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    field = re.search(r'name="csrf" value="([^"]+)"', page.body.decode())
    sent = page.headers["Set-Cookie"]
    cookie = next(c for c in ([sent] if isinstance(sent, str) else sent) if "tb_csrf=" in c)
    assert field and cookie.startswith("tb_csrf=") and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    return field.group(1), cookie.split(";")[0]


def post_form(client: Client, fields: dict[str, str], cookie: str = "") -> Any:
    headers = {**FORM, **({"Cookie": cookie} if cookie else {})}
    return client.http.post("/track", headers=headers, body=urlencode(fields).encode())


def test_the_api_takes_the_query_code_in_a_post_body_not_in_the_url(
    world: tuple[MotoWorld, Client],
) -> None:
    """Fails on the old code: /api/track was a GET with ?code= in the URL (logs, history, Referer)."""
    _, client = world
    case = new_case(client)
    api = api_for(client)
    status, progress = api(
        "POST", "/api/track", {"number": case.case_number, "code": case.query_code}
    )
    assert status == 200 and progress["case_number"] == case.case_number
    status, _ = api("GET", f"/api/track?number={case.case_number}&code={case.query_code}")
    assert status == 405
    status, progress = api(
        "POST", "/api/track", {"number": case.case_number, "token": case.tracking_token}
    )
    assert status == 200 and progress["status"] == "draft"


def test_the_page_form_posts_with_its_csrf_token_and_shows_the_progress(
    world: tuple[MotoWorld, Client],
) -> None:
    _, client = world
    case = new_case(client)
    field, cookie = page_token(client)
    shown = post_form(
        client, {"csrf": field, "number": case.case_number, "code": case.query_code}, cookie
    )
    assert shown.status_code == 200 and "失业登记" in shown.body.decode()
    assert 'id="track-steps"' in shown.body.decode()
    # The old GET form is gone: a code in the URL is not looked up.
    page = client.http.get(f"/track?number={case.case_number}&code={case.query_code}")
    assert 'id="track-steps"' not in page.body.decode()


def test_a_cross_site_form_post_without_our_cookie_is_refused(
    world: tuple[MotoWorld, Client],
) -> None:
    _, client = world
    case = new_case(client)
    field, cookie = page_token(client)
    fields = {"csrf": field, "number": case.case_number, "code": case.query_code}
    for sent_cookie in ("", "tb_csrf=forged-forged-forged-forged-forged-00"):
        refused = post_form(client, fields, sent_cookie)
        assert refused.status_code == 403 and "页面已过期" in refused.body.decode()


def test_the_sms_links_token_opens_the_page_even_when_strangers_locked_the_number(
    world: tuple[MotoWorld, Client],
) -> None:
    _, client = world
    case = new_case(client)
    ports = bootstrap.tracking()
    for n in range(tracking.MAX_FAILURES_PER_DAY):
        with pytest.raises(NotFoundError):
            tracking.track(ports, f"203.0.113.{n}", case.case_number, "999999x")
    status, locked = api_for(client)(
        "POST", "/api/track", {"number": case.case_number, "code": case.query_code}
    )
    assert status == 429 and "失败次数过多" in locked["message"]
    field, cookie = page_token(client)
    shown = post_form(
        client, {"csrf": field, "number": case.case_number, "token": case.tracking_token}, cookie
    )
    assert shown.status_code == 200 and 'id="track-steps"' in shown.body.decode()
    assert "/static/track.js" in shown.body.decode()
    script = client.http.get("/static/track.js")
    assert script.status_code == 200 and "location.hash" in script.body.decode()
    assert client.http.get("/track.js").status_code != 200  # one place for scripts: /static/


class SlowCases:
    def __init__(self, inner: Any) -> None:
        self.inner, self.evaluated, self._lock = inner, 0, threading.Lock()

    def by_number(self, number: str) -> Case | None:
        with self._lock:
            self.evaluated += 1
        time.sleep(0.01)
        found: Case | None = self.inner.by_number(number)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class AtomicCounter:
    """The DynamoDB counter, each ADD made atomic as DynamoDB makes it: in-process moto updates an item
    by read-modify-write, so thirty threads could both read 9 (seen once in a CI run: 11 evaluated)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self._lock = inner, threading.Lock()

    def add(self, name: str, delta: int, expires_at: int) -> int:
        with self._lock:
            total: int = self.inner.add(name, delta, expires_at)
        return total

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_thirty_parallel_guesses_on_dynamodb_get_at_most_ten_evaluated(
    world: tuple[MotoWorld, Client],
) -> None:
    """Fails on the old code: the limit was read, then evaluated, then counted (30 guesses got 11)."""
    _, client = world
    case = new_case(client)
    cases = SlowCases(bootstrap.deps().cases)
    ports = replace(bootstrap.tracking(), cases=cases)
    # Only the counter's single ADD is serialised; the guesses still race through the slow lookup.
    ports = replace(
        ports, limits=replace(ports.limits, counter=AtomicCounter(ports.limits.counter))
    )

    def guess(n: int) -> str:
        try:
            tracking.track(ports, f"192.0.2.{n}", case.case_number, "999999x")
        except NotFoundError:
            return "wrong"
        except RateLimitedError:
            return "locked"
        return "found"

    with ThreadPoolExecutor(max_workers=30) as pool:
        outcomes = list(pool.map(guess, range(30)))
    assert cases.evaluated == tracking.MAX_FAILURES_PER_DAY
    assert outcomes.count("locked") == 30 - tracking.MAX_FAILURES_PER_DAY


def test_a_rate_limited_answer_says_when_to_come_back(world: tuple[MotoWorld, Client]) -> None:
    _, client = world
    for n in range(tracking.MAX_FAILURES_PER_CLIENT_HOUR + 1):
        response = client.http.post(
            "/api/track",
            headers={"Content-Type": "application/json"},
            body=json.dumps({"number": f"KS000000-20261126-{n:07d}", "code": "1"}).encode(),
        )
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
