"""Value objects of the form definition language: forms, steps, fields, material slots, results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from chalicelib.domain.forms.conditions import Condition

FIELD_TYPES = (
    "text",
    "textarea",
    "number",
    "money",
    "date",
    "select",
    "radio",
    "checkbox",
    "id_number",
    "mobile",
    "uscc",
    "plate",
    "division",
    "address",
    "bank_account",
    "group",
    "computed",
)
OPTION_TYPES = ("select", "radio", "checkbox")
# Types whose answer is a human-readable string that may legitimately be long.
TEXT_TYPES = ("text", "textarea")

ACCEPTED_MIME_TYPES = ("image/jpeg", "image/png", "image/tiff", "image/heic", "application/pdf")
DEFAULT_ACCEPT = ("image/jpeg", "image/png", "application/pdf")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Option:
    """One choice of a select, radio or checkbox field: a stable value and its Chinese label."""

    value: str
    label: str


@dataclass(frozen=True)
class Compute:
    """A computed value: a named pure function applied to other fields (see computed.py)."""

    fn: str
    args: tuple[str, ...]
    separator: str = ""


@dataclass(frozen=True)
class Field:
    """One question; kind-specific attributes are ignored by the kinds that do not use them."""

    id: str
    type: str
    label: str
    required: bool = False
    help: str = ""
    placeholder: str = ""
    visible_if: Condition | None = None
    required_if: Condition | None = None
    messages: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    max_length: int | None = None
    options: tuple[Option, ...] = ()
    # number: plain numbers; money: integer fen; unused otherwise.
    min_value: int | float | None = None
    max_value: int | float | None = None
    integer: bool = True
    # date bounds: an ISO date or "today".
    min_date: str | None = None
    max_date: str | None = None
    # division / address: the coarsest level the picker accepts.
    level: str = "county"
    luhn: bool = True
    # group
    fields: tuple[Field, ...] = ()
    min_items: int = 0
    max_items: int = 10
    item_label: str = ""
    compute: Compute | None = None

    def child(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)


@dataclass(frozen=True)
class Step:
    """One page of a multi-step form, rendered as a fieldset."""

    id: str
    title: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class MaterialSlot:
    """An upload slot bound to a catalog material code."""

    id: str
    material: str
    label: str
    required: bool
    accept: tuple[str, ...]
    max_files: int
    max_pages: int
    max_bytes: int
    help: str
    required_if: Condition | None


@dataclass(frozen=True)
class ApplicantFields:
    """Which field ids hold the applicant's name, ID number and phone."""

    name: str
    id_number: str
    phone: str


@dataclass(frozen=True)
class FormDefinition:
    """One version of a form, as published (immutable) or as a draft."""

    id: str
    version: int
    status: str
    title: str
    item_code: str
    description: str
    steps: tuple[Step, ...]
    material_slots: tuple[MaterialSlot, ...]
    applicant_fields: ApplicantFields
    # 收费说明; partners may change it through an overlay.
    fees: str = ""

    @property
    def key(self) -> str:
        return f"{self.id}@v{self.version}"

    def all_fields(self) -> tuple[Field, ...]:
        """Top-level fields of every step in order; a group's children are on `Field.fields`."""
        return tuple(f for step in self.steps for f in step.fields)

    def field(self, field_id: str) -> Field:
        """A top-level field by id, or a group child as "group.child"."""
        head, _, rest = field_id.partition(".")
        for f in self.all_fields():
            if f.id == head:
                return f.child(rest) if rest else f
        raise KeyError(field_id)

    def material_slot(self, slot_id: str) -> MaterialSlot:
        for slot in self.material_slots:
            if slot.id == slot_id:
                return slot
        raise KeyError(slot_id)


@dataclass(frozen=True)
class FieldError:
    """A problem with one answer; path is "id", "group[1].id", "address.detail" or "$"."""

    path: str
    code: str
    message: str


@dataclass(frozen=True)
class ValidationResult:
    """Errors (empty when valid) and the cleaned answers (typed, hidden fields dropped)."""

    errors: tuple[FieldError, ...]
    cleaned: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class FormDefinitionError(ValueError):
    """A form definition file is malformed; names the file, the JSON path and the reason."""

    def __init__(self, source: str, path: str, reason: str) -> None:
        super().__init__(f"{source}: {path}: {reason}")
        self.source = source
        self.path = path
        self.reason = reason


class UnknownFormError(LookupError):
    """No such form (or version, or published version)."""

    def __init__(self, form_id: str, version: int | None = None) -> None:
        what = form_id if version is None else f"{form_id}@v{version}"
        super().__init__(f"找不到表单“{what}”")
        self.form_id = form_id
        self.version = version

    def __str__(self) -> str:
        return str(self.args[0])
