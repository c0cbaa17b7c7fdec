"""The catalog pages (issue 10): the home page searches and browses, /items/{code} is the 办事指南.

Before this change `/` was a 108-row table linking raw JSON and /items/{code} did not exist."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from chalice.test import Client

from chalicelib import bootstrap
from chalicelib.domain.modes import HandlingMode
from tests.support.aws import moto_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with moto_world(tmp_path_factory.mktemp("catalog")):
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as c:
            yield c


class Page(HTMLParser):
    """The bits of a page the tests look at: links, labels, inputs, ids and the visible text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.labels: dict[str, str] = {}
        self.inputs: dict[str, dict[str, str]] = {}
        self.forms: list[dict[str, str]] = []
        self.ids: dict[str, str] = {}
        self.text: list[str] = []
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "input":
            self.inputs[a.get("id", a.get("name", ""))] = a
        if tag == "form":
            self.forms.append(a)
        if tag in ("a", "label"):
            self._open.append((tag, a, []))

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, a, words = self._open.pop()
            text = "".join(words).strip()
            if tag == "a":
                self.links.append((a.get("href", ""), text))
            else:
                self.labels[a.get("for", "")] = text

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, _, words in self._open:
            words.append(data)

    @property
    def words(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def get(client: Client, path: str) -> tuple[int, str, Any]:
    response = client.http.get(path)
    return response.status_code, response.body.decode("utf-8"), response.headers


def test_the_home_page_has_a_labelled_search_form_that_works_without_javascript(
    client: Client,
) -> None:
    status, html, headers = get(client, "/")
    page = Page(html)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    search = next(f for f in page.forms if f.get("role") == "search")
    assert search["method"] == "get" and search["action"] == "/"
    assert page.inputs["q"]["name"] == "q" and page.inputs["q"]["type"] == "search"
    assert page.labels["q"] == "搜索事项"
    assert ("/track", "进度查询凭办件编号和查询密码，无需登录") in page.links
    assert any(href == "/verify" for href, _ in page.links)
    assert "{" not in page.words and '"code"' not in html  # no raw JSON, no unrendered template
    assert "<table" not in html  # 108 rows are not a home page


def test_searching_shiye_lists_the_unemployment_registration_with_its_guide_link(
    client: Client,
) -> None:
    status, html, _ = get(client, "/?q=" + quote("失业"))
    page = Page(html)
    assert status == 200
    assert ("/items/RS-002", "失业登记") in page.links
    assert page.inputs["q"]["value"] == "失业"
    row = html[html.index('href="/items/RS-002"') :].split("</li>")[0]
    assert "平罗县人力资源和社会保障局" in row and "即办" in row
    assert '<span class="tag tag--ok">全程网办</span>' in row and "异地代收代办" in row
    expected = bootstrap.content_ports().catalog.search(keyword="失业")
    assert f"{len(expected)} 个事项" in page.words
    assert {f"/items/{i.code}" for i in expected} <= {href for href, _ in page.links}


def test_an_empty_search_says_so_and_points_to_12345(client: Client) -> None:
    _, html, _ = get(client, "/?q=" + quote("火星移民"))
    page = Page(html)
    assert "no-results" in page.ids
    assert "没有找到与“火星移民”有关的事项" in page.words and "12345" in page.words
    assert not any(href.startswith("/items/") for href, _ in page.links)


def test_departments_and_categories_are_browsed_by_name(client: Client) -> None:
    _, html, _ = get(client, "/")
    page = Page(html)
    assert ("/?department=RS", "平罗县人力资源和社会保障局") in page.links
    assert (f"/?category={quote('社会保险')}", "社会保险") in page.links
    assert not any(text == "RS" for _, text in page.links)

    _, html, _ = get(client, "/?department=RS")
    listed = {href for href, _ in Page(html).links if href.startswith("/items/")}
    catalog = bootstrap.content_ports().catalog
    assert listed == {f"/items/{i.code}" for i in catalog.search(department="RS")}
    assert "平罗县人力资源和社会保障局搜索结果" in Page(html).words

    _, html, _ = get(client, f"/?category={quote('住房公积金')}")
    listed = {href for href, _ in Page(html).links if href.startswith("/items/")}
    assert listed == {f"/items/{i.code}" for i in catalog.search(category="住房公积金")}


def test_the_home_page_explains_the_three_modes_and_lists_the_counters(client: Client) -> None:
    _, html, _ = get(client, "/")
    words = Page(html).words
    for title in (
        "全程网办",
        "异地代收代办",
        "多地联办",
        "异地受理，本地办理",
        "异地受理，异地办理",
    ):
        assert title in words
    for centre in (
        "平罗县政务服务中心",
        "惠民县政务服务中心",
        "闻喜县政务服务中心",
        "费县政务服务中心",
    ):
        assert centre in words
    _, html, _ = get(client, "/?mode=joint_remote")
    listed = {href for href, _ in Page(html).links if href.startswith("/items/")}
    joint = bootstrap.content_ports().catalog.search(mode=HandlingMode.JOINT_REMOTE)
    assert listed == {f"/items/{i.code}" for i in joint} and listed


def test_a_hostile_query_is_shown_escaped_never_run(client: Client) -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=y>'
    _, html, _ = get(client, "/?q=" + quote(hostile))
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert Page(html).inputs["q"]["value"] == hostile  # kept in the box, as text


def test_an_overlong_query_is_an_error_linked_to_the_box(client: Client) -> None:
    _, html, _ = get(client, "/?q=" + quote("失" * 60))
    page = Page(html)
    assert ("#q", "搜索关键词不能超过50个字") in page.links
    assert page.inputs["q"]["aria-invalid"] == "true"


def test_the_guide_shows_materials_limits_fee_and_the_apply_button(client: Client) -> None:
    status, html, _ = get(client, "/items/RS-002")
    page = Page(html)
    assert status == 200
    assert "失业登记" in page.words and "申请条件" in page.words
    assert "法定劳动年龄内" in page.words  # who may apply
    item = bootstrap.content_ports().catalog.get("RS-002")
    for material in item.materials:
        assert f"material-{material.code}" in page.ids
        block = html[html.index(f'id="material-{material.code}"') :].split("</li>")[0]
        assert material.name in block and f"{material.copies} 份" in block
        assert ("原件" if material.form == "original" else "复印件") in block
        assert ("可通过数据共享核验，免交原件" in block) is material.shareable
        assert ("必要" if material.required else "非必要") in block
    assert "即办件" in page.words and "不收费" in page.words
    assert ("/apply/RS-002", "在线申请") in page.links


def test_the_shareable_note_and_the_legal_limits_of_a_licence(client: Client) -> None:
    catalog = bootstrap.content_ports().catalog
    item = next(
        i
        for i in catalog.all()
        if i.time_limits.legal_days
        and i.time_limits.extension_text
        and i.fee_fen == 0
        and any(m.shareable for m in i.materials)
    )
    _, html, _ = get(client, f"/items/{item.code}")
    page = Page(html)
    assert "shareable-note" in page.ids and "政务数据共享" in page.words
    assert f"{item.time_limits.legal_days} 个工作日" in page.words
    assert item.time_limits.extension_text in page.words
    assert item.item_type.label_zh in page.words


def test_a_fee_is_shown_in_yuan_with_its_note(client: Client) -> None:
    item = bootstrap.content_ports().catalog.get("GA-007")
    _, html, _ = get(client, "/items/GA-007")
    fact = html[html.index('id="fact-fee"') :].split("</dd>")[0]
    assert fact.endswith(f"{item.fee_fen // 100}元")
    assert item.fee_note in Page(html).words


def test_the_guide_lists_the_counter_of_every_partner_that_handles_the_item(
    client: Client,
) -> None:
    content = bootstrap.content_ports()
    registry = content.jurisdictions
    home = registry.home_county
    for code in (
        "RS-002",
        next(i.code for i in content.catalog.all() if not i.offers(HandlingMode.ONLINE)),
    ):
        item = content.catalog.get(code)
        _, html, _ = get(client, f"/items/{code}")
        page = Page(html)
        handling = [
            p
            for p in registry.partners_of(home.code)
            if any(registry.handles(p.code, home.code, code, m) for m in item.modes)
        ]
        assert handling
        for partner in [home, *handling]:
            assert f"place-{partner.code}" in page.ids, (code, partner.name)
            block = html[html.index(f'id="place-{partner.code}"') :].split('class="places__item"')[
                0
            ]
            assert f"受理部门：{partner.department(item.department).name}" in block
            for centre in (c for c in partner.centers if c.has_kstb_window):
                assert centre.name in block and centre.address in block
                assert (centre.phone or "12345") in block


def test_no_apply_button_where_the_item_cannot_be_done_online(client: Client) -> None:
    catalog = bootstrap.content_ports().catalog
    counter_only = next(i for i in catalog.all() if not i.offers(HandlingMode.ONLINE))
    _, html, _ = get(client, f"/items/{counter_only.code}")
    page = Page(html)
    assert not any(href.startswith("/apply/") for href, _ in page.links)
    assert "no-online" in page.ids and "本事项不能网上申请" in page.words
    assert ("#where", "跨省通办窗口") in page.links


def test_an_unknown_item_is_the_chinese_404_page(client: Client) -> None:
    for code in ("XX-404", "<script>", "rs-002"):
        status, html, headers = get(client, f"/items/{quote(code)}")
        assert status == 404 and headers["Content-Type"].startswith("text/html")
        assert "页面不存在" in html and "<script>" not in html


def test_the_old_form_page_still_renders(client: Client) -> None:
    status, html, _ = get(client, "/forms/generic-rs-002")
    assert status == 200 and "<form" in html


def test_the_catalog_templates_keep_to_the_csp() -> None:
    for path in (ROOT / "templates" / "pages" / "items").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert "<style" not in text and not re.search(r"\sstyle\s*=", text), path
        assert not re.search(r"<script", text) and not re.search(r"\son[a-z]+\s*=", text), path
