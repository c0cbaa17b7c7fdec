"""The low-code form definition language: parse definitions, validate answers, overlays, generic forms."""

from chalicelib.domain.forms.conditions import Condition
from chalicelib.domain.forms.generic import GenericItem, GenericMaterial, generic_form
from chalicelib.domain.forms.model import (
    ApplicantFields,
    Compute,
    Field,
    FieldError,
    FormDefinition,
    FormDefinitionError,
    MaterialSlot,
    Option,
    Step,
    UnknownFormError,
    ValidationResult,
)
from chalicelib.domain.forms.overlay import apply_overlay
from chalicelib.domain.forms.parse import parse_form
from chalicelib.domain.forms.validation import material_slots_required, validate_answers

__all__ = [
    "ApplicantFields",
    "Compute",
    "Condition",
    "Field",
    "FieldError",
    "FormDefinition",
    "FormDefinitionError",
    "GenericItem",
    "GenericMaterial",
    "MaterialSlot",
    "Option",
    "Step",
    "UnknownFormError",
    "ValidationResult",
    "apply_overlay",
    "generic_form",
    "material_slots_required",
    "parse_form",
    "validate_answers",
]
