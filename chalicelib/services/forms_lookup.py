"""Which form a case is filled against: the item's full form, or one derived from its catalog entry."""

from __future__ import annotations

from chalicelib.domain.cases import Case
from chalicelib.domain.catalog import CatalogItem
from chalicelib.domain.forms import FormDefinition, generic_form

from .ports import Content

GENERIC_PREFIX = "generic-"


def form_for_item(content: Content, item: CatalogItem, jurisdiction: str) -> FormDefinition:
    full = content.forms.for_item(item.code)
    if full is None:
        return generic_form(item)
    return content.forms.get(full.id, full.version, jurisdiction=jurisdiction)


def form_of_case(content: Content, case: Case) -> FormDefinition:
    """The exact version the case was filled against (published versions never change)."""
    if case.form_id.startswith(GENERIC_PREFIX):
        return generic_form(content.catalog.get(case.item_code))
    return content.forms.get(case.form_id, case.form_version, jurisdiction=case.home_code)
