"""A case's stored documents are packed small and read back exactly, and items from before packing still read."""

from __future__ import annotations

import json

import pytest

from chalicelib.adapters.dynamodb_cases import case_to_doc
from chalicelib.adapters.dynamodb_packed_docs import FORMAT_1, packed, unpacked
from chalicelib.domain.case_lists import list_row
from chalicelib.domain.cases import Case
from tests.support.builders import PL_WINDOW, world
from tests.support.cases import file_case


def proxy_case() -> Case:
    """A filed proxy case with its sample answers and materials, as the window files it."""
    w = world()
    return w.cases.get(file_case(w, PL_WINDOW, mode="proxy", home="140823"))


def test_a_packed_document_reads_back_character_for_character() -> None:
    text = case_to_doc(proxy_case())
    assert unpacked(packed(text)) == text


def test_a_case_row_packs_to_well_under_half_its_json() -> None:
    text = case_to_doc(list_row(proxy_case()))
    assert len(packed(text)["B"]) < len(text.encode("utf-8")) / 2


def test_chinese_answers_survive_packing() -> None:
    text = json.dumps(
        {"answers": {"地址": "宁夏回族自治区石嘴山市平罗县城关镇", "备注": "‘引号’—破折号"}},
        ensure_ascii=False,
    )
    assert unpacked(packed(text)) == text


def test_a_document_stored_before_packing_reads_as_it_was() -> None:
    assert unpacked({"S": '{"status":"accepted"}'}) == '{"status":"accepted"}'


def test_an_unknown_format_is_refused_rather_than_misread() -> None:
    with pytest.raises(ValueError):
        unpacked({"B": bytes([FORMAT_1 + 1]) + b"xx"})


def test_packing_is_deterministic_so_a_write_can_be_conditional_on_it() -> None:
    text = case_to_doc(proxy_case())
    assert packed(text) == packed(text)
