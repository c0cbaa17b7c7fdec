"""The pages of a material in order and turned for reading: moving one page and turning it a quarter."""

from __future__ import annotations

from dataclasses import replace

from .cases import MaterialRef
from .errors import BadRequestError

TURNS = (0, 90, 180, 270)


def turned(rotation: int, quarters: int) -> int:
    """The rotation after turning `quarters` quarter turns clockwise (negative: anticlockwise)."""
    return (rotation + 90 * quarters) % 360


def moved(materials: tuple[MaterialRef, ...], key: str, step: int) -> tuple[MaterialRef, ...]:
    """The page swapped with its neighbour in the same material (-1 up, +1 down); other materials keep
    their places. A page already first (or last) stays: a double click changes nothing."""
    if step not in (-1, 1):
        raise BadRequestError("只能上移或下移一页")
    at = _index(materials, key)
    slot = materials[at].slot
    same = [i for i, m in enumerate(materials) if m.slot == slot]
    place = same.index(at) + step
    if place < 0 or place >= len(same):
        return materials
    other = same[place]
    order = list(materials)
    order[at], order[other] = order[other], order[at]
    return tuple(order)


def rotated(materials: tuple[MaterialRef, ...], key: str, quarters: int) -> tuple[MaterialRef, ...]:
    """The page turned by `quarters` quarter turns; the stored original is never changed."""
    at = _index(materials, key)
    page = materials[at]
    order = list(materials)
    order[at] = replace(page, rotation=turned(page.rotation, quarters))
    return tuple(order)


def pages_of(materials: tuple[MaterialRef, ...], slot: str) -> list[MaterialRef]:
    """One material's pages in their order."""
    return [m for m in materials if m.slot == slot]


def _index(materials: tuple[MaterialRef, ...], key: str) -> int:
    for index, material in enumerate(materials):
        if material.key == key:
            return index
    raise BadRequestError("该页已删除或不属于本办件，请刷新页面")
