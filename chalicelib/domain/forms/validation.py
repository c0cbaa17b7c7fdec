"""Validating an answer set against a form: never raises, returns field-level Chinese errors."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from chalicelib.domain.clock_state import china_today
from chalicelib.domain.forms import computed
from chalicelib.domain.forms.conditions import MISSING, evaluate
from chalicelib.domain.forms.fieldtypes import clean_value, is_empty
from chalicelib.domain.forms.identifiers import Reject
from chalicelib.domain.forms.messages import message
from chalicelib.domain.forms.model import (
    Field,
    FieldError,
    FormDefinition,
    MaterialSlot,
    ValidationResult,
)

_KEY_LIMIT = 64
_PLAIN_KEY = re.compile(r"[^\s.\[\]\"]+")


def _key_path(prefix: str, key: object) -> str:
    """The path of an unknown key; odd keys are quoted so the path stays unambiguous."""
    text = key if isinstance(key, str) else repr(key)
    if not _PLAIN_KEY.fullmatch(text):
        text = json.dumps(text, ensure_ascii=False)
    return prefix + text[:_KEY_LIMIT]


class _Scope:
    """The fields of the whole form, or of one item of a repeating group."""

    def __init__(
        self,
        fields: Sequence[Field],
        answers: Mapping[Any, Any],
        prefix: str,
        parent: _Scope | None,
        today: date,
        errors: list[FieldError],
        context: str = "",
    ) -> None:
        self.fields = {f.id: f for f in fields}
        # Inside a group item, messages say which item ("随迁人员第2项：…").
        self.context = context
        self.answers = answers
        self.prefix = prefix
        self.parent = parent
        self.today = today
        self.errors = errors
        self.values: dict[str, Any] = {}
        self.problems: dict[str, list[Reject]] = {}
        self.visibility: dict[str, bool] = {}

    def lookup(self, fid: str) -> Any:
        """A usable cleaned value, or MISSING when absent, invalid or hidden."""
        if fid not in self.fields:
            return self.parent.lookup(fid) if self.parent else MISSING
        if not self.visible(self.fields[fid]):
            return MISSING
        return self.values.get(fid, MISSING)

    def visible(self, f: Field) -> bool:
        if f.id not in self.visibility:
            # Parsing rejects cycles; the provisional False only guards against surprises.
            self.visibility[f.id] = False
            shown = f.visible_if is None or evaluate(f.visible_if, self.lookup)
            self.visibility[f.id] = shown
        return self.visibility[f.id]

    def report(self, f: Field, problem: Reject) -> None:
        path = self.prefix + f.id + problem.sub
        text = self.context + message(f, problem.code, **problem.params)
        self.errors.append(FieldError(path, problem.code, text))

    def unknown_keys(self, known: Mapping[str, Field]) -> None:
        for key in self.answers:
            if key not in known:
                path = _key_path(self.prefix, key)
                text = self.context + message(None, "unknown_field")
                self.errors.append(FieldError(path, "unknown_field", text))

    def run(self) -> dict[str, Any]:
        self.unknown_keys(self.fields)
        plain = [f for f in self.fields.values() if f.type not in ("group", "computed")]
        for f in plain:
            raw = self.answers.get(f.id)
            if not is_empty(raw):
                value, problems = clean_value(f, raw, self.today)
                if problems:
                    self.problems[f.id] = problems
                else:
                    self.values[f.id] = value
        for f in self.fields.values():
            if f.type == "computed" or not self.visible(f):
                continue
            if f.type == "group":
                self.group(f)
            for problem in self.problems.get(f.id, []):
                self.report(f, problem)
            if f.id not in self.values and f.id not in self.problems and self.required(f):
                self.report(f, Reject("required"))
        cleaned = {fid: v for fid, v in self.values.items() if self.visible(self.fields[fid])}
        for f in self.fields.values():
            if f.compute is not None:
                value = computed.run(f.compute, self.lookup, self.today)
                if value is not None:
                    cleaned[f.id] = value
        return cleaned

    def required(self, f: Field) -> bool:
        return f.required or (f.required_if is not None and evaluate(f.required_if, self.lookup))

    def group(self, g: Field) -> None:
        raw = self.answers.get(g.id)
        if is_empty(raw):
            return  # the caller reports "required" when it applies
        if not isinstance(raw, list):
            self.problems[g.id] = [Reject("not_list")]
            return
        if len(raw) > g.max_items:
            self.report(g, Reject("too_many_items"))
            raw = raw[: g.max_items]  # bound the work on oversized input
        elif len(raw) < g.min_items:
            self.report(g, Reject("too_few_items"))
        items: list[dict[str, Any]] = []
        for i, item in enumerate(raw):
            prefix = f"{self.prefix}{g.id}[{i}]"
            if not isinstance(item, Mapping):
                self.errors.append(FieldError(prefix, "type", message(g, "type")))
                continue
            context = f"{g.item_label or g.label}第{i + 1}项："
            scope = _Scope(g.fields, item, prefix + ".", self, self.today, self.errors, context)
            items.append(scope.run())
        self.values[g.id] = items


def validate_answers(
    form: FormDefinition, answers: Any, *, today: date | None = None
) -> ValidationResult:
    """Check decoded JSON answers; hidden fields are dropped, computed values added."""
    if not isinstance(answers, Mapping):
        return ValidationResult((FieldError("$", "not_object", message(None, "not_object")),), {})
    errors: list[FieldError] = []
    scope = _Scope(form.all_fields(), answers, "", None, today or china_today(), errors)
    cleaned = scope.run()
    return ValidationResult(tuple(errors), cleaned)


def material_slots_required(
    form: FormDefinition, cleaned: Mapping[str, Any]
) -> tuple[MaterialSlot, ...]:
    """Slots that must be filled given cleaned answers (required, or required_if holds)."""

    def lookup(fid: str) -> Any:
        value = cleaned.get(fid)
        return MISSING if is_empty(value) else value

    return tuple(
        slot
        for slot in form.material_slots
        if slot.required or (slot.required_if is not None and evaluate(slot.required_if, lookup))
    )


def visible_fields(form: FormDefinition, answers: Any, *, today: date | None = None) -> set[str]:
    """The top-level field ids whose visible_if holds for these answers (as in validate_answers)."""
    if not isinstance(answers, Mapping):
        answers = {}
    scope = _Scope(form.all_fields(), answers, "", None, today or china_today(), [])
    scope.run()
    return {f.id for f in form.all_fields() if scope.visible(f)}
