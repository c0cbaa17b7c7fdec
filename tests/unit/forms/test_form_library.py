"""FormLibrary: loads forms/ from disk, schema-checks every file, picks versions and overlays."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from chalicelib.content.form_files import FormLibrary, json_path
from chalicelib.domain.forms import FormDefinitionError, UnknownFormError
from tests.unit.forms.builders import form_data

REPO = Path(__file__).resolve().parents[3]


def content(tmp_path: Path, files: dict[str, Any]) -> Path:
    schema = tmp_path / "forms" / "_schema" / "form.schema.json"
    schema.parent.mkdir(parents=True)
    shutil.copy(REPO / "forms" / "_schema" / "form.schema.json", schema)
    for name, data in files.items():
        path = tmp_path / "forms" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
            encoding="utf-8",
        )
    return tmp_path


def version(n: int, status: str = "published", **extra: Any) -> dict[str, Any]:
    return {**form_data(*extra.pop("fields", ())), "version": n, "status": status, **extra}


OVERLAY = {
    "overlay_for": "test-form",
    "area_code": "371621",
    "add_fields": [
        {"step": "applicant", "fields": [{"id": "community", "type": "text", "label": "社区"}]}
    ],
}


def test_latest_published_version_is_the_default_and_drafts_are_reachable_by_number(
    tmp_path: Path,
) -> None:
    library = FormLibrary.load(
        content(
            tmp_path,
            {
                "test-form/v1.json": version(1),
                "test-form/v2.json": version(2),
                "test-form/v3.json": version(3, "draft"),
            },
        )
    )
    assert library.ids() == ("test-form",)
    assert library.versions("test-form") == (1, 2, 3)
    assert library.get("test-form").version == 2
    assert library.get("test-form", 3).status == "draft"
    assert library.for_item("TS-001") is library.get("test-form")
    assert library.for_item("ZZ-999") is None


def test_unknown_forms_and_versions_raise_a_chinese_unknown_form_error(tmp_path: Path) -> None:
    library = FormLibrary.load(content(tmp_path, {"test-form/v1.json": version(1)}))
    with pytest.raises(UnknownFormError, match="找不到表单"):
        library.get("nope")
    with pytest.raises(UnknownFormError, match="test-form@v9"):
        library.get("test-form", 9)


def test_a_form_with_only_drafts_has_no_default_version(tmp_path: Path) -> None:
    library = FormLibrary.load(content(tmp_path, {"test-form/v1.json": version(1, "draft")}))
    with pytest.raises(UnknownFormError):
        library.get("test-form")
    assert library.for_item("TS-001") is None


def test_the_overlay_applies_only_to_its_jurisdiction(tmp_path: Path) -> None:
    library = FormLibrary.load(
        content(
            tmp_path, {"test-form/v1.json": version(1), "test-form/overlays/371621.json": OVERLAY}
        )
    )
    assert "community" in {
        f.id for f in library.get("test-form", jurisdiction="371621").all_fields()
    }
    assert "community" not in {f.id for f in library.get("test-form").all_fields()}
    assert "community" not in {
        f.id for f in library.get("test-form", jurisdiction="140823").all_fields()
    }
    assert library.jurisdictions("test-form") == ("371621",)


@pytest.mark.parametrize(
    ("files", "source", "path", "reason"),
    [
        ({"test-form/v1.json": '{"id": '}, "forms/test-form/v1.json", "$", "JSON"),
        (
            {
                "test-form/v1.json": version(
                    1, fields=[{"id": "x", "type": "colour", "label": "甲"}]
                )
            },
            "forms/test-form/v1.json",
            "steps[1].fields[0].type",
            "schema",
        ),
        (
            {
                "test-form/v1.json": version(
                    1, fields=[{"id": "x", "type": "text", "label": "甲", "maxlen": 3}]
                )
            },
            "forms/test-form/v1.json",
            "steps[1].fields[0]",
            "maxlen",
        ),
        (
            {
                "test-form/v1.json": version(
                    1,
                    fields=[
                        {
                            "id": "x",
                            "type": "text",
                            "label": "甲",
                            "visible_if": {"field": "missing", "equals": "a"},
                        }
                    ],
                )
            },
            "forms/test-form/v1.json",
            "steps[1].fields[0].visible_if.field",
            "missing",
        ),
        ({"test-form/v2.json": version(1)}, "forms/test-form/v2.json", "version", "文件名"),
        ({"other-form/v1.json": version(1)}, "forms/other-form/v1.json", "id", "目录名"),
        (
            {"test-form/v1.json": version(1), "test-form/overlays/371622.json": OVERLAY},
            "forms/test-form/overlays/371622.json",
            "area_code",
            "文件名",
        ),
        (
            {
                "test-form/v1.json": version(1),
                "test-form/overlays/371621.json": {
                    **OVERLAY,
                    "add_fields": [
                        {
                            "step": "nowhere",
                            "fields": [{"id": "c", "type": "text", "label": "社区"}],
                        }
                    ],
                },
            },
            "forms/test-form/overlays/371621.json",
            "add_fields[0].step",
            "nowhere",
        ),
        (
            {"test-form/v1.json": version(1), "twin-form/v1.json": version(1, id="twin-form")},
            "forms/twin-form/v1.json",
            "item_code",
            "TS-001",
        ),
    ],
)
def test_a_malformed_file_is_rejected_at_load_with_file_path_and_reason(
    tmp_path: Path, files: dict[str, Any], source: str, path: str, reason: str
) -> None:
    with pytest.raises(FormDefinitionError) as caught:
        FormLibrary.load(content(tmp_path, files))
    assert caught.value.source == source
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{source}: {path}: ")


def test_json_paths_read_like_the_domain_paths() -> None:
    assert json_path(["steps", 0, "fields", 2, "type"]) == "steps[0].fields[2].type"
    assert json_path([]) == "$"
