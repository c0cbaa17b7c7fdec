"""Reads an item's time limits from the catalog, with the 行政许可法 defaults for 行政许可 items."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.catalog_errors import Fields
from chalicelib.domain.catalog_items import (
    JOINT_EXTENSION_DAYS,
    JOINT_LEGAL_DAYS,
    LICENSING_EXTENSION_DAYS,
    LICENSING_LEGAL_DAYS,
    ItemType,
    TimeLimits,
)

LIMIT_KEYS = frozenset(
    {"legal_days", "promised_days", "instant", "note", "extension_days", "joint_handling"}
)


def parse_limits(raw: Any, source: str, path: str, item: Fields, kind: ItemType) -> TimeLimits:
    """The limits under ``time_limits``; every failure names its JSON path.

    For a 行政许可 that is not 即办: a missing legal limit is 20 working days (第四十二条, 45 when
    ``joint_handling`` under 第二十六条) and the extension 10 (15 when joint), unless given.
    Other item types keep what the data says; their extension is 0 unless given.
    """
    if raw is None:
        raise item.error("time_limits", "缺少必填字段")
    f = Fields(raw, source, path, LIMIT_KEYS)
    legal = f.optional_integer("legal_days")
    promised = f.integer("promised_days")
    instant = f.flag("instant", default=False)
    joint = f.flag("joint_handling", default=False)
    # 即办 means finished on the spot, so the promise is zero days and vice versa.
    if instant and promised != 0:
        raise f.error("promised_days", "即办件的承诺时限应为 0")
    if not instant and promised == 0:
        raise f.error("instant", "承诺时限为 0 的事项应标为即办件（instant: true）")
    if joint and kind is not ItemType.LICENSING:
        raise f.error("joint_handling", "联合办理（《行政许可法》第二十六条）只适用于行政许可事项")
    if joint and instant:
        raise f.error("joint_handling", "即办件不能标为多部门联合办理")
    licensing = kind is ItemType.LICENSING and not instant
    if legal is None and licensing:
        legal = JOINT_LEGAL_DAYS if joint else LICENSING_LEGAL_DAYS
    if legal is not None and promised > legal:
        raise f.error("promised_days", f"承诺时限 {promised} 天超过法定时限 {legal} 天")
    if licensing:
        default_extension = JOINT_EXTENSION_DAYS if joint else LICENSING_EXTENSION_DAYS
    else:
        default_extension = 0
    extension = f.integer("extension_days", default=default_extension)
    if extension and legal is None:
        raise f.error("extension_days", "没有法定时限的事项不能延长")
    return TimeLimits(
        legal_days=legal,
        promised_days=promised,
        instant=instant,
        note=f.text("note", default="", allow_empty=True),
        extension_days=extension,
        joint=joint,
    )
