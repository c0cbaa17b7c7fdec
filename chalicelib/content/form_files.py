"""The form library on disk: forms/<id>/v<N>.json and forms/<id>/overlays/<area>.json, checked at load."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from chalicelib.domain.forms import (
    FormDefinition,
    FormDefinitionError,
    UnknownFormError,
    apply_overlay,
    parse_form,
)

SCHEMA_FILE = Path("forms") / "_schema" / "form.schema.json"


def json_path(parts: Any) -> str:
    """["steps", 0, "fields", 2] -> "steps[0].fields[2]" ("$" for the root)."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "$"


def read_checked(file: Path, validator: Draft202012Validator, source: str) -> Mapping[str, Any]:
    """Decode one content file and check it against the language schema."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise FormDefinitionError(source, "$", f"文件不是 UTF-8 编码：{exc.reason}") from None
    except json.JSONDecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列"
        raise FormDefinitionError(source, "$", f"JSON 语法错误（{where}）：{exc.msg}") from None
    error = best_match(validator.iter_errors(data))
    if error is not None:
        reason = f"不符合表单语言规范 (schema): {error.message[:300]}"
        raise FormDefinitionError(source, json_path(error.absolute_path), reason)
    if not isinstance(data, Mapping):
        raise FormDefinitionError(source, "$", "应为对象 (expected an object)")
    return data


class FormLibrary:
    """Every form version, and every partner overlay applied to every version, parsed once."""

    def __init__(
        self,
        forms: Mapping[str, Mapping[int, FormDefinition]],
        overlaid: Mapping[tuple[str, int, str], FormDefinition],
    ) -> None:
        self._forms = forms
        self._overlaid = overlaid

    @classmethod
    def load(cls, content_root: Path) -> FormLibrary:
        """Read, schema-check and parse content_root/forms; the first malformed file raises."""
        schema = json.loads((content_root / SCHEMA_FILE).read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema)
        forms: dict[str, dict[int, FormDefinition]] = {}
        overlaid: dict[tuple[str, int, str], FormDefinition] = {}
        items: dict[str, str] = {}
        for folder in sorted(p for p in (content_root / "forms").iterdir() if p.is_dir()):
            if folder.name.startswith("_"):
                continue
            versions = forms.setdefault(folder.name, {})
            for file in sorted(folder.glob("v*.json")):
                source = file.relative_to(content_root).as_posix()
                form = parse_form(read_checked(file, validator, source), source)
                if form.id != folder.name:
                    raise FormDefinitionError(
                        source, "id", f"id“{form.id}”与目录名“{folder.name}”不一致"
                    )
                if file.name != f"v{form.version}.json":
                    raise FormDefinitionError(
                        source, "version", f"版本 {form.version} 与文件名不一致"
                    )
                owner = items.setdefault(form.item_code, form.id)
                if owner != form.id:
                    reason = f"事项 {form.item_code} 已由表单“{owner}”办理"
                    raise FormDefinitionError(source, "item_code", reason)
                versions[form.version] = form
            for file in sorted((folder / "overlays").glob("*.json")):
                source = file.relative_to(content_root).as_posix()
                data = read_checked(file, validator, source)
                if data.get("area_code") != file.stem:
                    raise FormDefinitionError(source, "area_code", "区划代码与文件名不一致")
                for version, base in versions.items():
                    overlaid[(folder.name, version, file.stem)] = apply_overlay(base, data, source)
        return cls({k: v for k, v in forms.items() if v}, overlaid)

    def _versions_of(self, form_id: str) -> Mapping[int, FormDefinition]:
        versions = self._forms.get(form_id)
        if not versions:
            raise UnknownFormError(form_id)
        return versions

    def get(
        self, form_id: str, version: int | None = None, jurisdiction: str | None = None
    ) -> FormDefinition:
        """A version (default: latest published), with the jurisdiction's overlay if it has one."""
        versions = self._versions_of(form_id)
        if version is None:
            published = [v for v, f in versions.items() if f.status == "published"]
            if not published:
                raise UnknownFormError(form_id)
            version = max(published)
        if version not in versions:
            raise UnknownFormError(form_id, version)
        if jurisdiction is not None:
            overlaid = self._overlaid.get((form_id, version, jurisdiction))
            if overlaid is not None:
                return overlaid
        return versions[version]

    def versions(self, form_id: str) -> tuple[int, ...]:
        return tuple(sorted(self._versions_of(form_id)))

    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._forms))

    def jurisdictions(self, form_id: str) -> tuple[str, ...]:
        """Area codes that have an overlay for this form."""
        return tuple(sorted({area for fid, _, area in self._overlaid if fid == form_id}))

    def for_item(self, item_code: str) -> FormDefinition | None:
        """The latest published full form bound to the catalog item, if any."""
        for form_id in self.ids():
            versions = self._forms[form_id]
            if any(f.item_code == item_code and f.status == "published" for f in versions.values()):
                return self.get(form_id)
        return None
