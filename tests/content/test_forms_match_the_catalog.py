"""Forms and catalog agree: every full form is bound to a catalog item whose materials cover its slots."""

from __future__ import annotations

from pathlib import Path

from chalicelib.content.catalog_files import load_catalog
from chalicelib.content.form_files import FormLibrary
from chalicelib.domain.forms import generic_form

ROOT = Path(__file__).resolve().parents[2]


def test_every_full_form_binds_only_materials_its_item_lists() -> None:
    catalog = load_catalog(ROOT)
    library = FormLibrary.load(ROOT)
    for form_id in library.ids():
        form = library.get(form_id)
        item = catalog.get(form.item_code)
        listed = {m.code for m in item.materials}
        assert {s.material for s in form.material_slots} <= listed, form.key
        required = {m.code for m in item.materials if m.required}
        assert required <= {s.material for s in form.material_slots}, form.key
        for area in library.jurisdictions(form_id):
            overlaid = library.get(form_id, jurisdiction=area)
            assert {s.material for s in overlaid.material_slots} <= listed, (form.key, area)


def test_items_that_name_a_full_form_find_it_and_the_rest_get_a_generic_form() -> None:
    catalog = load_catalog(ROOT)
    library = FormLibrary.load(ROOT)
    for item in catalog.all():
        if item.form_id:
            form = library.for_item(item.code)
            assert form is not None and form.id == item.form_id, item.code
        else:
            generic = generic_form(item)
            assert generic.item_code == item.code
            assert {s.material for s in generic.material_slots} == {m.code for m in item.materials}
