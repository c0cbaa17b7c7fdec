"""Jurisdiction parsing, lookups and agreement coverage, on small hand-made data."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from chalicelib.domain.catalog_errors import CatalogDataError
from chalicelib.domain.jurisdictions import (
    UnknownCenterError,
    UnknownDepartmentError,
    UnknownJurisdictionError,
    parse_jurisdictions,
)
from chalicelib.domain.modes import HandlingMode

ALL_MODES = ["online", "proxy", "joint_local", "joint_remote"]


def _jurisdiction(
    code: str, name: str, city: tuple[str, str], province: tuple[str, str]
) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "city_code": city[0],
        "city_name": city[1],
        "province_code": province[0],
        "province_name": province[1],
        "is_home_county": False,
        "centers": [
            {
                "id": f"{code}-ZX",
                "name": f"{name}政务服务中心",
                "level": "county",
                "has_kstb_window": True,
                "address": f"{province[1]}{city[1]}{name}",
                "phone": "",
            }
        ],
        "departments": [
            {"key": "GA", "name": f"{name}公安局"},
            {"key": "RS", "name": f"{name}人力资源和社会保障局"},
        ],
        "agreements": [],
    }


def valid_data() -> dict[str, Any]:
    pingluo = _jurisdiction(
        "640221", "平罗县", ("640200", "石嘴山市"), ("640000", "宁夏回族自治区")
    )
    pingluo["is_home_county"] = True
    pingluo["centers"].append(
        {
            "id": "640221-TZ-01",
            "name": "平罗县城关镇便民服务中心",
            "level": "township",
            "has_kstb_window": True,
            "address": "平罗县城关镇",
            "phone": "0952-0000000",
        }
    )
    pingluo["agreements"] = [
        {"partner_code": "371621", "item_codes": ["*"], "modes": ALL_MODES},
    ]
    huimin = _jurisdiction("371621", "惠民县", ("371600", "滨州市"), ("370000", "山东省"))
    wenxi = _jurisdiction("140823", "闻喜县", ("140800", "运城市"), ("140000", "山西省"))
    # 闻喜县 records the agreement on its side only, and only for two items online.
    wenxi["agreements"] = [
        {"partner_code": "640221", "item_codes": ["RS-001", "RS-002"], "modes": ["online"]}
    ]
    feixian = _jurisdiction("371325", "费县", ("371300", "临沂市"), ("370000", "山东省"))
    return {"jurisdictions": [pingluo, huimin, wenxi, feixian]}


def test_parses_jurisdictions_with_centres_departments_and_agreements() -> None:
    registry = parse_jurisdictions(valid_data())

    pingluo = registry.get("640221")
    assert registry.codes() == ("640221", "371621", "140823", "371325")
    assert pingluo.is_home_county
    assert registry.home_county is pingluo
    assert [c.level for c in pingluo.centers] == ["county", "township"]
    assert pingluo.agreements[0].modes == tuple(HandlingMode)


def test_full_name_and_twelve_digit_region_code() -> None:
    pingluo = parse_jurisdictions(valid_data()).get("640221")

    assert pingluo.full_name == "宁夏回族自治区石嘴山市平罗县"
    assert pingluo.region_code_12 == "640221000000"


def test_department_code_is_derived_from_area_code_and_key() -> None:
    huimin = parse_jurisdictions(valid_data()).get("371621")

    dept = huimin.department("RS")
    assert (dept.key, dept.code, dept.name) == ("RS", "371621-RS", "惠民县人力资源和社会保障局")


def test_unknown_department_raises_a_chinese_lookup_error() -> None:
    huimin = parse_jurisdictions(valid_data()).get("371621")

    with pytest.raises(UnknownDepartmentError, match="惠民县没有编号为 YB 的部门"):
        huimin.department("YB")


def test_centre_lookup_by_id() -> None:
    pingluo = parse_jurisdictions(valid_data()).get("640221")

    assert pingluo.center("640221-TZ-01").name == "平罗县城关镇便民服务中心"
    with pytest.raises(UnknownCenterError):
        pingluo.center("640221-TZ-99")


def test_unknown_jurisdiction_error_carries_the_code_and_speaks_chinese() -> None:
    registry = parse_jurisdictions(valid_data())

    with pytest.raises(UnknownJurisdictionError) as caught:
        registry.get("123456")
    assert caught.value.code == "123456"
    assert str(caught.value) == "未知的行政区划代码：123456"
    assert isinstance(caught.value, LookupError)


def test_partners_of_sees_agreements_recorded_by_either_side() -> None:
    registry = parse_jurisdictions(valid_data())

    assert [j.name for j in registry.partners_of("640221")] == ["惠民县", "闻喜县"]
    assert [j.name for j in registry.partners_of("140823")] == ["平罗县"]
    assert registry.partners_of("371325") == ()


def test_handles_a_star_agreement_for_every_item_in_both_directions() -> None:
    registry = parse_jurisdictions(valid_data())

    assert registry.handles("640221", "371621", "GA-001", HandlingMode.JOINT_LOCAL)
    assert registry.handles("371621", "640221", "ZZ-999", HandlingMode.PROXY)


def test_handles_only_the_listed_items_and_modes() -> None:
    registry = parse_jurisdictions(valid_data())

    assert registry.handles("640221", "140823", "RS-002", HandlingMode.ONLINE)
    assert not registry.handles("640221", "140823", "RS-002", HandlingMode.PROXY)
    assert not registry.handles("640221", "140823", "GA-001", HandlingMode.ONLINE)


def test_handles_nothing_without_an_agreement_or_within_one_county() -> None:
    registry = parse_jurisdictions(valid_data())

    assert not registry.handles("640221", "371325", "RS-001", HandlingMode.ONLINE)
    assert not registry.handles("640221", "640221", "RS-001", HandlingMode.ONLINE)


def test_handles_rejects_an_unknown_code() -> None:
    registry = parse_jurisdictions(valid_data())

    with pytest.raises(UnknownJurisdictionError):
        registry.handles("640221", "999999", "RS-001", HandlingMode.ONLINE)


def test_keys_starting_with_underscore_are_notes_not_errors() -> None:
    data = valid_data()
    data["_comment"] = "说明"
    data["jurisdictions"][1]["_note"] = "电话待核实"

    assert parse_jurisdictions(data).get("371621").name == "惠民县"


def test_error_message_names_source_path_and_reason() -> None:
    data = valid_data()
    del data["jurisdictions"][2]["name"]

    with pytest.raises(CatalogDataError) as caught:
        parse_jurisdictions(data, source="catalog/jurisdictions.json")
    err = caught.value
    assert (err.source, err.path, err.reason) == (
        "catalog/jurisdictions.json",
        "jurisdictions[2].name",
        "缺少必填字段",
    )
    assert str(err) == "catalog/jurisdictions.json: jurisdictions[2].name: 缺少必填字段"


Edit = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return edit


def _append(path: list[Any], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path:
            target = target[step]
        target.append(copy.deepcopy(value))

    return edit


J = "jurisdictions"
BAD_DATA: list[tuple[str, Edit, str]] = [
    ("no list", _set([J], {}), "jurisdictions"),
    ("empty list", _set([J], []), "jurisdictions"),
    ("code not six digits", _set([J, 1, "code"], "37162"), "jurisdictions[1].code"),
    ("code as number", _set([J, 1, "code"], 371621), "jurisdictions[1].code"),
    ("city outside county", _set([J, 1, "city_code"], "371300"), "jurisdictions[1].city_code"),
    (
        "province mismatch",
        _set([J, 2, "province_code"], "370000"),
        "jurisdictions[2].province_code",
    ),
    ("typo in a field name", _set([J, 0, "provice_name"], "宁夏"), "jurisdictions[0].provice_name"),
    (
        "home flag not boolean",
        _set([J, 0, "is_home_county"], "yes"),
        "jurisdictions[0].is_home_county",
    ),
    ("duplicate area code", lambda d: d[J].append(copy.deepcopy(d[J][1])), "jurisdictions[4].code"),
    (
        "duplicate centre id",
        _append(
            [J, 0, "centers"],
            {"id": "640221-ZX", "name": "x", "level": "county", "has_kstb_window": False},
        ),
        "jurisdictions[0].centers[2].id",
    ),
    ("no centre", _set([J, 1, "centers"], []), "jurisdictions[1].centers"),
    (
        "centre level",
        _set([J, 0, "centers", 1, "level"], "town"),
        "jurisdictions[0].centers[1].level",
    ),
    (
        "centre id of another county",
        _set([J, 1, "centers", 0, "id"], "640221-ZX2"),
        "jurisdictions[1].centers[0].id",
    ),
    (
        "window flag missing",
        lambda d: d[J][0]["centers"][0].pop("has_kstb_window"),
        "jurisdictions[0].centers[0].has_kstb_window",
    ),
    (
        "lower-case department key",
        _set([J, 0, "departments", 0, "key"], "ga"),
        "jurisdictions[0].departments[0].key",
    ),
    (
        "duplicate department key",
        _append([J, 2, "departments"], {"key": "GA", "name": "闻喜县公安局"}),
        "jurisdictions[2].departments[2].key",
    ),
    (
        "partner not in file",
        _set([J, 0, "agreements", 0, "partner_code"], "370104"),
        "jurisdictions[0].agreements[0].partner_code",
    ),
    (
        "agreement with itself",
        _set([J, 0, "agreements", 0, "partner_code"], "640221"),
        "jurisdictions[0].agreements[0].partner_code",
    ),
    (
        "duplicate partner",
        _append(
            [J, 0, "agreements"],
            {"partner_code": "371621", "item_codes": ["*"], "modes": ["online"]},
        ),
        "jurisdictions[0].agreements[1].partner_code",
    ),
    (
        "star mixed with codes",
        _set([J, 0, "agreements", 0, "item_codes"], ["RS-001", "*"]),
        "jurisdictions[0].agreements[0].item_codes[1]",
    ),
    (
        "malformed item code",
        _set([J, 2, "agreements", 0, "item_codes"], ["RS-001", "rs1"]),
        "jurisdictions[2].agreements[0].item_codes[1]",
    ),
    (
        "no item codes",
        _set([J, 2, "agreements", 0, "item_codes"], []),
        "jurisdictions[2].agreements[0].item_codes",
    ),
    (
        "unknown mode",
        _set([J, 0, "agreements", 0, "modes"], ["online", "mail"]),
        "jurisdictions[0].agreements[0].modes[1]",
    ),
    (
        "repeated mode",
        _set([J, 0, "agreements", 0, "modes"], ["online", "online"]),
        "jurisdictions[0].agreements[0].modes[1]",
    ),
    ("no home county", _set([J, 0, "is_home_county"], False), "jurisdictions"),
    ("two home counties", _set([J, 1, "is_home_county"], True), "jurisdictions"),
]


@pytest.mark.parametrize(
    ("edit", "path"), [(e, p) for _, e, p in BAD_DATA], ids=[n for n, _, _ in BAD_DATA]
)
def test_rejects_bad_data_naming_the_exact_path(edit: Edit, path: str) -> None:
    data = valid_data()
    edit(data)

    with pytest.raises(CatalogDataError) as caught:
        parse_jurisdictions(data)
    assert caught.value.path == path
    assert caught.value.source == "jurisdictions.json"
