"""Drafts filled in step by step: which answers belong to a step, its errors, and stored answers as input."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.forms.messages import message
from chalicelib.domain.forms.model import Field, FieldError, FormDefinition, Step
from chalicelib.domain.forms.validation import validate_answers


@dataclass(frozen=True)
class StepCheck:
    """The errors of one step (or of the given fields) and the cleaned answers of the whole draft."""

    errors: tuple[FieldError, ...]
    cleaned: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.errors


def step_of(form: FormDefinition, step_id: str) -> Step:
    for step in form.steps:
        if step.id == step_id:
            return step
    raise KeyError(step_id)


def head(path: str) -> str:
    """The top-level field id of an error path ("members[1].name" → "members")."""
    return path.split("[", 1)[0].split(".", 1)[0]


def _input(f: Field, value: Any) -> Any:
    """One cleaned value back as input that cleans to itself (money is stored in fen, typed in 元)."""
    if f.type == "money" and isinstance(value, int) and not isinstance(value, bool):
        return f"{Decimal(value) / 100:.2f}"
    if f.type == "group" and isinstance(value, list):
        return [
            {c.id: _input(c, item[c.id]) for c in f.fields if c.id in item and c.type != "computed"}
            if isinstance(item, Mapping)
            else item
            for item in value
        ]
    return value


def as_input(form: FormDefinition, stored: Mapping[str, Any]) -> dict[str, Any]:
    """Stored (cleaned) answers as answers to validate again or show in the form; computed ones dropped."""
    out: dict[str, Any] = {}
    for f in form.all_fields():
        if f.id in stored and f.type != "computed":
            out[f.id] = _input(f, stored[f.id])
    return out


def merge_step(
    form: FormDefinition, stored: Mapping[str, Any], step_id: str, given: Mapping[str, Any]
) -> dict[str, Any]:
    """The draft with one step's answers replaced: a field of the step left out is cleared."""
    ids = {f.id for f in step_of(form, step_id).fields}
    kept = {k: v for k, v in as_input(form, stored).items() if k not in ids}
    return {**kept, **dict(given)}


def check_fields(
    form: FormDefinition,
    answers: Mapping[str, Any],
    field_ids: set[str],
    *,
    today: date | None = None,
) -> StepCheck:
    """Validate the whole draft but report only the errors of `field_ids` (one step's, or the keys sent);
    conditions see every answer, so a field shown by an earlier step's answer is checked too."""
    result = validate_answers(form, answers, today=today)
    errors = tuple(e for e in result.errors if head(e.path) in field_ids)
    return StepCheck(errors, result.cleaned)


def check_step(
    form: FormDefinition, answers: Mapping[str, Any], step_id: str, *, today: date | None = None
) -> StepCheck:
    return check_fields(form, answers, {f.id for f in step_of(form, step_id).fields}, today=today)


def first_incomplete_step(
    form: FormDefinition, stored: Mapping[str, Any], *, today: date | None = None
) -> str | None:
    """The first step with a missing or wrong answer, or None when the whole form is ready to submit."""
    result = validate_answers(form, as_input(form, stored), today=today)
    wrong = {head(e.path) for e in result.errors}
    for step in form.steps:
        if any(f.id in wrong for f in step.fields):
            return step.id
    return None


def check_draft(
    form: FormDefinition,
    stored: Mapping[str, Any],
    given: Any,
    step_id: str | None = None,
    *,
    today: date | None = None,
) -> StepCheck:
    """Check answers given for a draft: one step's (that step replaced and checked whole, required
    fields included) or, without a step, just the fields given. Keys that are not fields of the step
    (or of the form) are refused, never stored."""
    if not isinstance(given, Mapping):
        return StepCheck((FieldError("$", "not_object", message(None, "not_object")),), {})
    fillable = {f.id for f in form.all_fields() if f.type != "computed"}
    allowed = {f.id for f in step_of(form, step_id).fields} if step_id else fillable
    unknown = tuple(
        FieldError(str(k)[:64], "unknown_field", message(None, "unknown_field"))
        for k in given
        if not isinstance(k, str) or k not in allowed or k not in fillable
    )
    if unknown:
        return StepCheck(unknown, {})
    if step_id:
        return check_step(form, merge_step(form, stored, step_id, given), step_id, today=today)
    merged = {**as_input(form, stored), **dict(given)}
    return check_fields(form, merged, set(given), today=today)
