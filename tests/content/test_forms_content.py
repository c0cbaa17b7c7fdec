"""Every file in forms/ is valid, parses, renders, matches its samples and its lock entry."""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from chalicelib.content.form_files import SCHEMA_FILE, FormLibrary, read_checked
from chalicelib.documents.form_html import render_form_html
from chalicelib.domain.forms import FormDefinition, validate_answers
from chalicelib.domain.forms.computed import SIGNATURES
from chalicelib.domain.forms.messages import DEFAULT_MESSAGES
from chalicelib.domain.forms.model import FIELD_TYPES

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "forms"
SAMPLES = Path(__file__).parent / "samples"
LOCK = FORMS / "_published.lock.json"
CONTENT_FILES = sorted(FORMS.glob("*/v*.json")) + sorted(FORMS.glob("*/overlays/*.json"))
SCHEMA = json.loads((ROOT / SCHEMA_FILE).read_text(encoding="utf-8"))

# The contract with the catalog: item code and material codes per form (False = optional slot).
EXPECTED: dict[str, tuple[str, dict[str, bool]]] = {
    "hukou-transfer-job": (
        "GA-001",
        {
            "id_card": True,
            "hukou_book": True,
            "receiving_hukou_book": True,
            "job_transfer_proof": True,
        },
    ),
    "hukou-transfer-graduate": (
        "GA-002",
        {"id_card": True, "hukou_book": True, "graduation_cert": True, "employment_proof": True},
    ),
    "hukou-transfer-spouse": (
        "GA-003",
        {"id_card": True, "hukou_book": True, "receiving_hukou_book": True, "marriage_cert": True},
    ),
    "hukou-transfer-parents": (
        "GA-004",
        {"id_card": True, "hukou_book": True, "receiving_hukou_book": True, "kinship_proof": True},
    ),
    "id-card-renewal": ("GA-007", {"id_remote_form": True, "id_card": True}),
    "id-card-reissue": ("GA-008", {"id_remote_form": True, "hukou_book": True}),
    "employment-registration": (
        "RS-001",
        {"id_card": True, "labour_contract": False, "business_licence": False},
    ),
    "unemployment-registration": ("RS-002", {"id_card": True, "termination_proof": False}),
    "unemployment-benefit": ("RS-004", {"id_card": True, "bank_card": True}),
    "pension-transfer-employee": (
        "RS-010",
        {"id_card": True, "transfer_application": True, "contribution_voucher": True},
    ),
    "medical-remote-filing": ("YB-002", {"id_card": True, "medical_commitment": True}),
    "medical-insurance-transfer": ("YB-005", {"id_card": True, "contribution_voucher": False}),
    "transport-qualification-renewal": (
        "JT-001",
        {"transport_form": True, "id_card": True, "transport_cert": True, "photo": True},
    ),
    "transport-qualification-reissue": (
        "JT-002",
        {"transport_form": True, "id_card": True, "loss_statement": True, "photo": True},
    ),
    "birth-certificate-reissue": (
        "WJ-001",
        {
            "birth_cert_application": True,
            "parents_id_cards": True,
            "hukou_book": True,
            "birth_record": True,
        },
    ),
    "housing-fund-retirement": (
        "GJJ-006",
        {"id_card": True, "retirement_proof": True, "bank_card": True},
    ),
    "housing-fund-purchase": (
        "GJJ-007",
        {
            "id_card": True,
            "house_contract": True,
            "payment_voucher": True,
            "bank_card": True,
            "marriage_cert": False,
        },
    ),
    "sole-trader-registration": (
        "SC-004",
        {"sole_trader_application": True, "id_card": True, "premises_commitment": True},
    ),
}
CONDITIONAL_SLOTS = {
    ("employment-registration", "labour_contract"),
    ("employment-registration", "business_licence"),
    ("housing-fund-purchase", "marriage_cert"),
}


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return FormLibrary.load(ROOT)


def labels(form: FormDefinition) -> list[str]:
    return [f.label for f in form.all_fields()] + [
        c.label for f in form.all_fields() for c in f.fields
    ]


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(FORMS).as_posix())
def test_every_content_file_validates_against_the_language_schema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(SCHEMA).iter_errors(data))
    read_checked(path, Draft202012Validator(SCHEMA), path.as_posix())


def test_the_schema_offers_exactly_what_the_parser_accepts() -> None:
    field = SCHEMA["$defs"]["field"]
    assert field["properties"]["type"]["enum"] == list(FIELD_TYPES)
    props = {k: v for b in field["allOf"] for k, v in b["then"]["properties"].items()}
    assert set(props["messages"]["propertyNames"]["enum"]) == set(DEFAULT_MESSAGES)
    assert set(props["compute"]["properties"]["fn"]["enum"]) == set(SIGNATURES)


def test_at_least_fifteen_full_forms_are_published(library: FormLibrary) -> None:
    assert len(library.ids()) >= 15
    assert set(EXPECTED) <= set(library.ids())


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_each_form_binds_its_item_and_catalog_materials(library: FormLibrary, form_id: str) -> None:
    form = library.get(form_id)
    item_code, materials = EXPECTED[form_id]
    assert form.item_code == item_code and library.for_item(item_code) is form
    assert {s.material: s.required for s in form.material_slots} == materials
    for slot in form.material_slots:
        assert (slot.required_if is not None) == ((form_id, slot.material) in CONDITIONAL_SLOTS), (
            slot.id
        )
        assert 1 <= slot.max_files <= 10 and slot.max_bytes <= 20 * 1024 * 1024


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_each_form_renders_to_html_with_every_label(library: FormLibrary, form_id: str) -> None:
    form = library.get(form_id)
    page = render_form_html(form, action="/api/cases")
    for label in (
        labels(form) + [s.label for s in form.material_slots] + [step.title for step in form.steps]
    ):
        assert html.escape(label, quote=False) in page, label


def sample(form_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{form_id}.json").read_text(encoding="utf-8"))
    return data


def test_every_full_form_has_a_sample_and_every_sample_a_form(library: FormLibrary) -> None:
    assert sorted(p.stem for p in SAMPLES.glob("*.json")) == list(library.ids())


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_the_correct_sample_validates_without_errors(library: FormLibrary, form_id: str) -> None:
    data = sample(form_id)
    form = library.get(form_id, data["version"])
    result = validate_answers(form, data["valid"])
    assert result.errors == ()
    assert (
        result.cleaned[form.applicant_fields.id_number]
        == result.cleaned[form.applicant_fields.id_number].upper()
    )


@pytest.mark.parametrize("form_id", sorted(EXPECTED))
def test_the_incorrect_sample_yields_exactly_the_expected_error_paths(
    library: FormLibrary, form_id: str
) -> None:
    data = sample(form_id)
    result = validate_answers(library.get(form_id, data["version"]), data["invalid"]["answers"])
    assert sorted(e.path for e in result.errors) == sorted(data["invalid"]["errors"])
    assert all(e.message for e in result.errors)


def test_the_lock_file_matches_every_published_version(library: FormLibrary) -> None:
    """Published versions are immutable: change a form by adding v<N+1>.json, then lock it."""
    lock = json.loads(LOCK.read_text(encoding="utf-8"))
    published = {
        f"{fid}@v{v}"
        for fid in library.ids()
        for v in library.versions(fid)
        if library.get(fid, v).status == "published"
    }
    assert set(lock) == published, (
        "every published version needs a lock entry, and every entry a published file"
    )
    for key, digest in lock.items():
        form_id, _, version = key.partition("@v")
        actual = hashlib.sha256((FORMS / form_id / f"v{version}.json").read_bytes()).hexdigest()
        assert actual == digest, (
            f"{key} was edited after publication; publish a new version instead"
        )


def test_the_huimin_overlay_adds_a_field_and_a_slot_only_in_huimin(library: FormLibrary) -> None:
    base = library.get("unemployment-registration")
    huimin = library.get("unemployment-registration", jurisdiction="371621")
    assert "hm_community" in {f.id for f in huimin.all_fields()}
    assert "hm_community" not in {f.id for f in base.all_fields()}
    assert "residence_proof" in {s.id for s in huimin.material_slots} - {
        s.id for s in base.material_slots
    }
    answers = sample("unemployment-registration")["valid"]
    assert validate_answers(base, answers).ok
    assert [e.path for e in validate_answers(huimin, answers).errors] == ["hm_community"]
    assert validate_answers(huimin, {**answers, "hm_community": "孙武街道某社区"}).ok
    assert "hm_community" in render_form_html(huimin, action="/x")
