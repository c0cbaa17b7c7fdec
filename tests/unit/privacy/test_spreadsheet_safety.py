"""Export cells never run as formulae (issue 9, build item 6; CSV/XLSX injection)."""

from __future__ import annotations

import pytest

from chalicelib.domain.spreadsheet_safety import neutralise_cell, neutralise_row
from tests.support.injection_corpus import FORMULAE, PRINTABLE, short


@pytest.mark.parametrize("value", [*FORMULAE, "=1+1", "\tcmd", "\r=1", "@A1"], ids=short)
def test_a_cell_that_would_start_a_formula_is_prefixed_with_an_apostrophe(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", [v for v in PRINTABLE if v not in FORMULAE] + ["张三", "KS640221-1"], ids=short
)
def test_other_text_is_left_exactly_as_it_was(value: str) -> None:
    assert neutralise_cell(value) == value


def test_numbers_and_empty_cells_stay_data() -> None:
    assert neutralise_row([-3, 2.5, None, "", "=x"]) == [-3, 2.5, None, "", "'=x"]
