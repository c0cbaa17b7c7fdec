"""One step of a form as a page: posted fields → answers, and answers + errors → field views for Jinja."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from chalicelib.domain.forms import Field, FieldError, Step
from chalicelib.domain.forms.conditions import All, AnyOf, Condition, Equals, Filled, In, Not
from chalicelib.domain.forms.divisions import DivisionTree
from chalicelib.domain.forms.identifiers import birth_date, gender

Posted = Mapping[str, list[str]]
# type -> (input type, inputmode, pattern, maxlength); they only help the phone's keyboard.
_INPUTS: dict[str, tuple[str, str, str, int | None]] = {
    "number": ("text", "numeric", r"-?[0-9]+(\.[0-9]+)?", 20),
    "money": ("text", "decimal", r"[0-9]+(\.[0-9]{1,2})?", 16),
    "date": ("date", "", "", None),
    "id_number": ("text", "text", "[0-9]{17}[0-9Xx]", 18),
    "mobile": ("tel", "tel", "1[3-9][0-9]{9}", 11),
    "uscc": ("text", "text", "[0-9A-Za-z]{18}", 18),
    "plate": ("text", "text", "", 9),
    "bank_account": ("text", "numeric", "[0-9 ]{12,23}", 23),
}
_ID_NUMBER = re.compile(r"\d{17}[\dX]")


def html_id(path: str) -> str:
    """The same ids as the whole-form page: "members[0].name" → "f-members-0-name"."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


def _one(posted: Posted, name: str) -> str:
    return (posted.get(name) or [""])[0][:4000]


# --- posted fields → answers ----------------------------------------------------------------------
def _division_code(posted: Posted, name: str) -> str:
    """The finest level picked; a typed code (for places the lists do not name) wins over a coarser pick."""
    county, city = _one(posted, f"{name}.county"), _one(posted, f"{name}.city")
    typed, province = _one(posted, f"{name}.code").strip(), _one(posted, f"{name}.province")
    return county or typed or city or province


def _value(f: Field, posted: Posted, name: str) -> Any:
    if f.type == "checkbox":
        return [v[:200] for v in posted.get(name, [])]
    if f.type == "division":
        return _division_code(posted, name)
    if f.type == "address":
        return {
            "division": _division_code(posted, f"{name}.division"),
            "detail": _one(posted, f"{name}.detail"),
        }
    return _one(posted, name)


def _group_items(g: Field, posted: Posted) -> list[dict[str, Any]]:
    found = {int(m.group(1)) for k in posted if (m := re.match(rf"{re.escape(g.id)}\[(\d+)\]", k))}
    count = _one(posted, f"{g.id}.items")
    n = max([int(count) if count.isdigit() else 0, *(i + 1 for i in found)])
    n = min(n, g.max_items)
    items = []
    for i in range(n):
        items.append(
            {
                c.id: _value(c, posted, f"{g.id}[{i}].{c.id}")
                for c in g.fields
                if c.type != "computed"
            }
        )
    return items


def step_answers(step: Step, posted: Posted) -> dict[str, Any]:
    """The step's answers as typed (strings), ready for the same checks as the JSON API's."""
    out: dict[str, Any] = {}
    for f in step.fields:
        if f.type == "computed":
            continue
        out[f.id] = _group_items(f, posted) if f.type == "group" else _value(f, posted, f.id)
    return out


def group_change(step: Step, posted: Posted, answers: dict[str, Any]) -> bool:
    """Apply a pressed 添加 (`add:<group>`) or 删除 (`remove:<group>:<index>`) button; True if one was."""
    groups = {f.id: f for f in step.fields if f.type == "group"}
    for key in posted:
        kind, _, rest = key.partition(":")
        if kind == "add" and rest in groups:
            items = answers.get(rest) or []
            if len(items) < groups[rest].max_items:
                answers[rest] = [*items, {}]
            return True
        if kind == "remove":
            gid, _, index = rest.rpartition(":")
            if gid in groups and index.isdigit():
                items = list(answers.get(gid) or [])
                if int(index) < len(items):
                    del items[int(index)]
                answers[gid] = items
                return True
    return False


# --- answers + errors → views ---------------------------------------------------------------------
def condition_json(cond: Condition | None) -> str:
    """A condition as data for apply.js, which shows and hides fields as the applicant answers."""

    def data(c: Condition) -> Any:
        if isinstance(c, All | AnyOf):
            return {"all" if isinstance(c, All) else "any": [data(i) for i in c.items]}
        if isinstance(c, Not):
            return {"not": data(c.item)}
        if isinstance(c, Equals):
            return {"field": c.field, "equals": c.value}
        if isinstance(c, In):
            return {"field": c.field, "in": list(c.values)}
        assert isinstance(c, Filled)
        return {"field": c.field, "filled": c.filled}

    return json.dumps(data(cond), ensure_ascii=False) if cond is not None else ""


def derived_from_id(value: Any) -> str:
    """ "出生日期 1988-05-02，性别 男" for a well-formed ID number (shown once the step is saved)."""
    number = str(value or "").strip().upper()
    born = birth_date(number) if _ID_NUMBER.fullmatch(number) else None
    return f"出生日期 {born.isoformat()}，性别 {gender(number)}" if born else ""


def _text(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("code", ""))
    if value is None or isinstance(value, list):
        return ""
    return str(value)


class StepViews:
    """Turns a step's fields, the answers (typed or stored) and the errors into dicts for templates."""

    def __init__(
        self,
        errors: Sequence[FieldError],
        tree: DivisionTree,
        visible: set[str],
        saved_ids: Mapping[str, Any],
    ) -> None:
        self.errors: dict[str, list[str]] = {}
        for e in errors:
            self.errors.setdefault(e.path, []).append(e.message)
        self.tree = tree
        self.visible = visible
        self.saved = saved_ids  # stored answers: derived ID facts only for what was saved and valid

    def field(self, f: Field, path: str, raw: Any, top: bool = True) -> dict[str, Any]:
        input_type, inputmode, pattern, maxlength = _INPUTS.get(f.type, ("text", "", "", None))
        vid = html_id(path)
        view: dict[str, Any] = {
            "type": f.type,
            "id": vid,
            "name": path,
            "label": f.label,
            "help": f.help,
            "placeholder": f.placeholder,
            "required": f.required,
            "errors": self.errors.get(path, []),
            "value": _text(raw),
            "input_type": input_type,
            "inputmode": inputmode,
            "pattern": pattern,
            "maxlength": f.max_length or maxlength or "",
            "hidden": top and f.id not in self.visible,
            "condition": condition_json(f.visible_if) if top else "",
            "derived": "",
            "options": [],
            "parts": [],
            "entries": [],
        }
        if f.type == "id_number" and top and not view["errors"] and raw == self.saved.get(f.id):
            view["derived"] = derived_from_id(raw)
        chosen = raw if isinstance(raw, list) else [raw]
        view["options"] = [
            {"value": o.value, "label": o.label, "checked": o.value in chosen, "id": f"{vid}-{i}"}
            for i, o in enumerate(f.options)
        ]
        if f.type == "division":
            view["division"] = self.division(path, _text(raw))
        if f.type == "address":
            parts = raw if isinstance(raw, Mapping) else {}
            division = Field("division", "division", "所在地区", required=f.required, level=f.level)
            detail = Field(
                "detail", "text", "详细地址", required=f.required, max_length=f.max_length or 120
            )
            view["parts"] = [
                self.field(division, f"{path}.division", parts.get("division"), False),
                self.field(detail, f"{path}.detail", parts.get("detail"), False),
            ]
        if f.type == "group":
            view.update(self.group(f, path, raw))
        notes = [f"{vid}-help"] if f.help else []
        notes += [f"{vid}-error-{n}" for n in range(1, len(view["errors"]) + 1)]
        notes += [f"{vid}-derived"] if view["derived"] else []
        view["describedby"] = " ".join(notes)
        return view

    def group(self, g: Field, path: str, raw: Any) -> dict[str, Any]:
        items = raw if isinstance(raw, list) else []
        entries = []
        for i, item in enumerate(items[: g.max_items]):
            values = item if isinstance(item, Mapping) else {}
            entries.append(
                {
                    "legend": f"{g.item_label or g.label} {i + 1}",
                    "index": i,
                    "id": html_id(f"{path}[{i}]"),
                    "remove": f"remove:{g.id}:{i}",
                    "fields": [
                        self.field(c, f"{path}[{i}].{c.id}", values.get(c.id), False)
                        for c in g.fields
                        if c.type != "computed"
                    ],
                }
            )
        return {
            "entries": entries,
            "count": len(entries),
            "max_items": g.max_items,
            "min_items": g.min_items,
            "add": f"add:{g.id}" if len(entries) < g.max_items else "",
            "item_label": g.item_label or g.label,
        }

    def division(self, path: str, code: str) -> dict[str, Any]:
        """Three selects (province, city, county) over the names known; a code box where none are."""
        code = code if re.fullmatch(r"\d{6}", code) else ""
        province = code[:2] + "0000" if code else ""
        city = code[:4] + "00" if code and code[2:4] != "00" else ""
        county = code if code and code[4:6] != "00" else ""
        cities = self.tree.cities.get(province, ())
        counties = self.tree.counties.get(city, ())
        listed = any(c.code == county for c in counties)
        base = html_id(path)

        def options(places: Any, picked: str) -> list[dict[str, Any]]:
            return [
                {"value": p.code, "label": p.name, "selected": p.code == picked} for p in places
            ]

        return {
            "province_id": f"{base}-province",
            "city_id": f"{base}-city",
            "county_id": f"{base}-county",
            "code_id": f"{base}-code",
            "provinces": options(self.tree.provinces(), province),
            "cities": options(cities, city),
            "counties": options(counties, county),
            # A place outside the lists: its code, typed (shown when the lists cannot name it).
            "code": code if code and not listed and code != province and code != city else "",
            "needs_code": bool(province) and (not cities or (bool(city) and not counties)),
            "name": self.tree.name(code) if code else "",
        }


def tree_json(tree: DivisionTree) -> str:
    """The known names for apply.js, so picking a province fills the city list without a round trip."""
    return json.dumps(
        {
            "cities": {p: [[c.code, c.name] for c in cs] for p, cs in tree.cities.items()},
            "counties": {c: [[k.code, k.name] for k in ks] for c, ks in tree.counties.items()},
        },
        ensure_ascii=False,
    )
