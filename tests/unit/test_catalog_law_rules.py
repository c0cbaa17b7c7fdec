"""The catalog's item type and the 行政许可法 limits it implies, each rule tested under its article."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.catalog import CatalogDataError, CatalogItem, ItemType, parse_catalog
from tests.unit.test_catalog import catalog, id_renewal, licence, vocabulary

# --- item type and the 行政许可法 limits ------------------------------------------------------


def one(**changes: Any) -> CatalogItem:
    return parse_catalog([licence() | changes], vocabulary()).get("SC-008")


def joint(**limits: Any) -> CatalogItem:
    return one(
        time_limits={"legal_days": None, "promised_days": 20, "joint_handling": True} | limits
    )


def test_item_type_is_read_from_the_catalog_with_its_chinese_label() -> None:
    c = catalog()
    assert c.get("SC-008").item_type is ItemType.LICENSING
    assert c.get("RS-002").item_type is ItemType.PUBLIC_SERVICE
    assert c.get("GA-007").item_type is ItemType.OTHER
    assert [t.label_zh for t in ItemType] == ["行政许可", "公共服务", "其他"]


def test_licensing_law_applies_only_to_licensing_items() -> None:
    c = catalog()
    assert c.get("SC-008").licensing_law_applies
    assert not c.get("RS-002").licensing_law_applies
    assert not c.get("GA-007").licensing_law_applies


def test_第四十二条_a_licensing_item_may_be_extended_ten_working_days() -> None:
    limits = catalog().get("SC-008").time_limits
    assert (limits.legal_days, limits.extension_days, limits.joint) == (20, 10, False)


def test_第四十二条_a_licensing_item_without_a_stated_limit_is_decided_in_twenty_working_days() -> (
    None
):
    limits = one(time_limits={"legal_days": None, "promised_days": 5}).time_limits
    assert (limits.legal_days, limits.extension_days) == (20, 10)


def test_第四十二条_a_special_rule_may_give_its_own_extension() -> None:
    # e.g. 《市场主体登记管理条例》第十九条: 3 个工作日，情形复杂的可再延长 3 个工作日.
    limits = one(time_limits={"legal_days": 3, "promised_days": 1, "extension_days": 3}).time_limits
    assert (limits.legal_days, limits.extension_days) == (3, 3)
    assert "可延长3个工作日" in limits.extension_text
    assert "第四十二条" not in limits.extension_text


def test_第二十六条_joint_items_have_45_day_limit_and_15_day_extension() -> None:
    limits = joint().time_limits
    assert (limits.legal_days, limits.extension_days, limits.joint) == (45, 15, True)
    assert limits.text == "承诺时限20个工作日；法定时限45个工作日"
    assert "第二十六条" in limits.extension_text
    assert "本级人民政府负责人" in limits.extension_text


def test_第二十六条_a_joint_item_may_state_shorter_limits_of_its_own() -> None:
    limits = joint(legal_days=30, extension_days=10).time_limits
    assert (limits.legal_days, limits.extension_days, limits.joint) == (30, 10, True)


def test_第二十六条_a_joint_item_cannot_be_instant() -> None:
    with pytest.raises(CatalogDataError) as caught:
        joint(promised_days=0, instant=True)
    assert caught.value.path == "items[0].time_limits.joint_handling"


def test_items_outside_the_licensing_law_have_no_extension_unless_the_catalog_gives_one() -> None:
    assert catalog().get("RS-002").time_limits.extension_days == 0
    assert catalog().get("GA-007").time_limits.extension_days == 0
    assert catalog().get("GA-007").time_limits.legal_days == 60  # as given, no default
    given = parse_catalog(
        [
            id_renewal()
            | {"time_limits": {"legal_days": 60, "promised_days": 20, "extension_days": 5}}
        ],
        vocabulary(),
    ).get("GA-007")
    assert given.time_limits.extension_days == 5


def test_guide_shows_the_item_type_and_the_extension() -> None:
    guide = catalog().get("SC-008").guide()
    assert (guide["item_type"], guide["item_type_label"]) == ("licensing", "行政许可")
    limits = guide["time_limits"]
    assert (limits["extension_days"], limits["joint"]) == (10, False)
    assert limits["extension_text"] == (
        "20个工作日内不能作出决定的，经本行政机关负责人批准，可延长10个工作日（《行政许可法》第四十二条）"
    )
    public = catalog().get("RS-002").guide()
    assert (public["item_type_label"], public["time_limits"]["extension_text"]) == ("公共服务", "")
