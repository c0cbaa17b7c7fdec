"""A material's pages: moving one swaps it with its neighbour in the same material only, the ends stay
put, and turning is in quarter turns that wrap round; the original files are never touched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.cases import MaterialRef
from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.page_order import moved, pages_of, rotated, turned


def ref(slot: str, key: str) -> MaterialRef:
    return MaterialRef(slot, key, f"{key}.jpg", "image/jpeg", 10, "u1", "2026-12-01T09:00:00")


PAGES: tuple[MaterialRef, ...] = (ref("a", "a1"), ref("b", "b1"), ref("a", "a2"), ref("a", "a3"))


def keys(materials: tuple[MaterialRef, ...]) -> list[str]:
    return [m.key for m in materials]


def test_moving_a_page_up_swaps_it_with_the_previous_page_of_the_same_material() -> None:
    assert keys(moved(PAGES, "a2", -1)) == ["a2", "b1", "a1", "a3"]
    assert keys(moved(PAGES, "a2", 1)) == ["a1", "b1", "a3", "a2"]


def test_the_first_page_up_and_the_last_page_down_change_nothing() -> None:
    assert moved(PAGES, "a1", -1) == PAGES
    assert moved(PAGES, "a3", 1) == PAGES
    assert moved(PAGES, "b1", 1) == PAGES  # the only page of its material


def test_a_page_not_on_the_case_or_a_jump_of_two_is_refused_in_chinese() -> None:
    with pytest.raises(BadRequestError, match="已删除"):
        moved(PAGES, "zz", 1)
    with pytest.raises(BadRequestError, match="上移或下移"):
        moved(PAGES, "a1", 2)


def test_turning_left_from_upright_gives_270_and_four_turns_come_back_upright() -> None:
    assert turned(0, -1) == 270
    assert turned(270, 1) == 0
    page = rotated(PAGES, "a3", -1)
    assert [m.rotation for m in page] == [0, 0, 0, 270]
    assert page[3].key == "a3" and page[3].sha256 == PAGES[3].sha256


@given(st.lists(st.integers(min_value=-3, max_value=3), max_size=12))
def test_any_turns_land_on_a_quarter_and_sum_modulo_a_full_turn(quarters: list[int]) -> None:
    rotation = 0
    for q in quarters:
        rotation = turned(rotation, q)
    assert rotation in (0, 90, 180, 270) and rotation == (90 * sum(quarters)) % 360


@given(st.lists(st.sampled_from(["a1", "a2", "a3", "b1"]), max_size=10), st.sampled_from([-1, 1]))
def test_moves_keep_every_page_and_each_other_materials_pages_in_place(
    chosen: list[str], step: int
) -> None:
    order = PAGES
    for key in chosen:
        order = moved(order, key, step)
    assert sorted(keys(order)) == sorted(keys(PAGES))
    assert [i for i, m in enumerate(order) if m.slot == "b"] == [1]
    assert len(pages_of(order, "a")) == 3
