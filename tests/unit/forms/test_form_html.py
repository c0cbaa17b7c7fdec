"""render_form_html: a complete, plain, accessible Chinese page with labels, help, errors and uploads."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from chalicelib.documents.form_html import render_form_html
from chalicelib.domain.forms import validate_answers
from tests.unit.forms.builders import make_form

FORM = make_form(
    {
        "id": "kind",
        "type": "radio",
        "label": "就业形式",
        "required": True,
        "help": "选一项",
        "options": [{"value": "unit", "label": "单位就业"}, {"value": "self", "label": "自主创业"}],
    },
    {
        "id": "employer",
        "type": "text",
        "label": "单位<名称>",
        "visible_if": {"field": "kind", "equals": "unit"},
    },
    {"id": "home", "type": "address", "label": "住址", "required": True},
    {
        "id": "people",
        "type": "group",
        "label": "家庭成员",
        "min_items": 2,
        "fields": [{"id": "name", "type": "text", "label": "成员姓名", "required": True}],
    },
    slots=[
        {
            "id": "id_card",
            "material": "id_card",
            "label": "身份证",
            "required": True,
            "accept": ["image/jpeg", "application/pdf"],
            "max_files": 2,
        },
        {
            "id": "licence",
            "material": "business_licence",
            "label": "营业执照",
            "required": False,
            "required_if": {"field": "kind", "equals": "self"},
        },
    ],
)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.add(str(a["id"]))
        self.scripts += tag == "script"


def parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


def test_page_is_complete_chinese_html5_without_javascript() -> None:
    html = render_form_html(FORM, action="/cases/new")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert '<form method="post" action="/cases/new" enctype="multipart/form-data"' in html
    assert parse(html).scripts == 0
    assert html.count('<fieldset class="step"') == len(FORM.steps) + 1  # + the uploads


def test_every_control_has_a_label_and_ids_are_unique() -> None:
    parsed = parse(render_form_html(FORM, action="/x"))
    assert len(parsed.ids) == len(set(parsed.ids))
    radios = {i for i in parsed.controls if re.fullmatch(r"f-kind-\d", i)}
    assert parsed.controls - parsed.label_for == set() and radios


def test_labels_help_conditions_and_required_marks_are_shown_and_escaped() -> None:
    html = render_form_html(FORM, action="/x")
    assert "单位&lt;名称&gt;" in html and "单位<名称>" not in html
    assert "选一项" in html and "仅当“就业形式”为“单位就业”时填写" in html
    assert "当“就业形式”为“自主创业”时必交" in html
    assert html.count("（必填）") >= 3


def test_material_slots_are_file_inputs_with_accept_and_multiple() -> None:
    html = render_form_html(FORM, action="/x")
    assert re.search(
        r'<input type="file" id="f-material-id_card" name="material:id_card" accept="image/jpeg,application/pdf" multiple required',
        html,
    )
    assert "最多 2 个文件，每个不超过 20 MB" in html


def test_groups_render_at_least_min_items_and_keep_submitted_values() -> None:
    html = render_form_html(
        FORM, action="/x", values={"people": [{"name": "甲"}, {"name": "乙"}, {"name": "丙"}]}
    )
    assert 'name="people[2].name" value="丙"' in html
    assert render_form_html(FORM, action="/x").count('name="people[') == 2


def test_errors_appear_next_to_fields_and_in_a_linked_summary() -> None:
    values = {
        "kind": "bogus",
        "home": {"division": "990000", "detail": "某路"},
        "people": [{"name": ""}],
        "junk": 1,
    }
    errors = validate_answers(FORM, values).errors
    html = render_form_html(FORM, action="/x", values=values, errors=errors)
    assert f"提交的内容有 {len(errors)} 处需要修改" in html
    assert '<a href="#f-home-division">' in html and '<a href="#f-people-0-name">' in html
    assert 'aria-invalid="true"' in html and "<title>错误：" in html
    for error in errors:
        assert error.message in html
    assert 'value="990000"' in html
