"""Catalog parsing, search and the 办事指南, on small hand-made data."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.domain.catalog import (
    Catalog,
    CatalogDataError,
    UnknownItemError,
    parse_catalog,
)
from chalicelib.domain.modes import HandlingMode


def vocabulary() -> dict[str, Any]:
    return {
        "_comment": "材料目录",
        "id_card": {"name": "居民身份证", "shareable": True, "note": "出示原件"},
        "hukou_book": {"name": "户口簿", "shareable": True, "note": ""},
        "id_remote_form": {"name": "居民身份证异地受理登记表", "shareable": False, "note": ""},
        "termination_proof": {"name": "解除或终止劳动关系证明", "shareable": False, "note": ""},
        "production_licence_application": {"name": "工业产品生产许可证申请书"},
    }


def item(code: str = "RS-002", **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "code": code,
        "name": "失业登记",
        "department": code.split("-")[0],
        "category": "就业创业",
        "item_type": "public_service",
        "modes": ["online", "proxy"],
        "time_limits": {"legal_days": None, "promised_days": 0, "instant": True, "note": ""},
        "fee_fen": 0,
        "fee_note": "",
        "materials": [
            {"code": "id_card", "form": "original", "medium": "either"},
            {
                "code": "termination_proof",
                "form": "copy",
                "medium": "paper",
                "copies": 2,
                "required": False,
                "note": "有则提供",
            },
        ],
        "result_type": "登记结果",
        "result_name": "失业登记信息",
        "delivery": ["electronic", "window"],
        "presence_required": False,
        "conditions": "法定劳动年龄内、有劳动能力和就业要求、处于无业状态",
        "legal_basis": "《就业服务与就业管理规定》",
        "form_id": "unemployment-registration",
        "verified": True,
        "source": "items-draft.json（已核实）",
        "batch": "2020年底前(第一批)",
        "keywords": ["失业", "待业"],
    }
    base.update(changes)
    return base


def id_renewal() -> dict[str, Any]:
    return item(
        "GA-007",
        name="居民身份证换领（异地受理）",
        category="身份证件",
        item_type="other",
        modes=["proxy"],
        time_limits={"legal_days": 60, "promised_days": 20, "instant": False, "note": "自然日"},
        fee_fen=2000,
        fee_note="有效期满换领20元",
        materials=[
            {"code": "id_remote_form", "form": "original", "medium": "paper"},
            {"code": "id_card", "form": "original_and_copy", "medium": "paper"},
        ],
        result_type="证照",
        result_name="居民身份证",
        delivery=["window", "post"],
        presence_required=True,
        form_id="id-card-renewal",
        keywords=[],
    )


def licence() -> dict[str, Any]:
    return item(
        "SC-008",
        name="工业产品生产许可证核发",
        category="许可资质",
        item_type="licensing",
        modes=["online"],
        time_limits={"legal_days": 20, "promised_days": 15, "instant": False},
        fee_fen=2050,
        materials=[
            {"code": "production_licence_application", "form": "original", "medium": "electronic"}
        ],
        delivery=["electronic"],
        form_id=None,
        verified=False,
        keywords=["QS"],
    )


def catalog() -> Catalog:
    return parse_catalog({"items": [item(), id_renewal(), licence()]}, vocabulary())


def test_parses_items_with_materials_named_by_the_vocabulary() -> None:
    parsed = catalog().get("RS-002")

    assert parsed.modes == (HandlingMode.ONLINE, HandlingMode.PROXY)
    assert parsed.time_limits.instant and parsed.time_limits.promised_days == 0
    id_card, proof = parsed.materials
    assert (id_card.name, id_card.shareable, id_card.note) == ("居民身份证", True, "出示原件")
    assert (id_card.copies, id_card.required) == (1, True)
    assert (proof.name, proof.form, proof.copies, proof.required, proof.shareable) == (
        "解除或终止劳动关系证明",
        "copy",
        2,
        False,
        False,
    )
    assert parsed.form_id == "unemployment-registration"
    assert parsed.keywords == ("失业", "待业")


def test_optional_fields_take_their_defaults() -> None:
    raw = item()
    for key in ("fee_fen", "fee_note", "keywords", "form_id"):
        del raw[key]

    parsed = parse_catalog([raw], vocabulary()).get("RS-002")

    assert (parsed.fee_fen, parsed.fee_note, parsed.keywords, parsed.form_id) == (0, "", (), None)


def test_accepts_a_bare_list_of_items() -> None:
    assert [i.code for i in parse_catalog([item(), licence()], vocabulary()).all()] == [
        "RS-002",
        "SC-008",
    ]


def test_unknown_item_error_carries_the_code_and_speaks_chinese() -> None:
    with pytest.raises(UnknownItemError) as caught:
        catalog().get("GA-999")
    assert caught.value.code == "GA-999"
    assert str(caught.value) == "未知的事项编码：GA-999"


def test_rejects_duplicate_item_codes() -> None:
    with pytest.raises(CatalogDataError) as caught:
        parse_catalog(
            {"items": [item(), licence(), item()]}, vocabulary(), source="catalog/items.json"
        )
    assert caught.value.path == "items[2].code"
    assert "RS-002" in caught.value.reason and "items[0]" in caught.value.reason
    assert str(caught.value).startswith("catalog/items.json: items[2].code: ")


def test_rejects_material_codes_missing_from_the_vocabulary() -> None:
    raw = item(
        materials=[
            {"code": "id_card", "form": "original", "medium": "paper"},
            {"code": "passport", "form": "original", "medium": "paper"},
        ]
    )

    with pytest.raises(CatalogDataError) as caught:
        parse_catalog([raw], vocabulary())
    assert caught.value.path == "items[0].materials[1].code"
    assert "passport" in caught.value.reason


def _limits(legal: int | None, promised: int | None, instant: bool = False) -> dict[str, Any]:
    raw: dict[str, Any] = {"legal_days": legal, "instant": instant}
    if promised is not None:
        raw["promised_days"] = promised
    return {"time_limits": raw}


def _materials(*entries: tuple[str, str, str]) -> dict[str, Any]:
    return {"materials": [{"code": c, "form": f, "medium": m} for c, f, m in entries]}


BAD_ITEMS: list[tuple[str, dict[str, Any], str]] = [
    ("code without department prefix", {"department": "GA"}, "code"),
    ("code with two digits", {"code": "RS-02"}, "code"),
    ("department lower case", {"department": "rs"}, "department"),
    ("missing name", {"name": None}, "name"),
    ("blank category", {"category": "  "}, "category"),
    ("unknown mode", {"modes": ["online", "fax"]}, "modes[1]"),
    ("no mode", {"modes": []}, "modes"),
    ("typo in a field", {"promised_days": 3}, "promised_days"),
    ("boolean fee", {"fee_fen": True}, "fee_fen"),
    ("negative fee", {"fee_fen": -1}, "fee_fen"),
    ("fee in yuan text", {"fee_fen": "20元"}, "fee_fen"),
    ("unknown delivery", {"delivery": ["window", "drone"]}, "delivery[1]"),
    ("no delivery", {"delivery": []}, "delivery"),
    ("presence as text", {"presence_required": "是"}, "presence_required"),
    ("form id with capitals", {"form_id": "Hukou_Transfer"}, "form_id"),
    ("verified missing", {"verified": None}, "verified"),
    ("item type missing", {"item_type": None}, "item_type"),
    ("item type unknown", {"item_type": "permit"}, "item_type"),
    (
        "joint handling of a public service",
        {"time_limits": {"legal_days": 45, "promised_days": 20, "joint_handling": True}},
        "time_limits.joint_handling",
    ),
    (
        "extension without a legal limit",
        {"time_limits": {"legal_days": None, "promised_days": 5, "extension_days": 5}},
        "time_limits.extension_days",
    ),
    ("materials not a list", {"materials": {"code": "id_card"}}, "materials"),
    ("keywords not strings", {"keywords": ["失业", 3]}, "keywords[1]"),
    ("instant with a promise", _limits(None, 3, instant=True), "time_limits.promised_days"),
    ("zero days but not instant", _limits(None, 0), "time_limits.instant"),
    ("promise longer than the law", _limits(10, 15), "time_limits.promised_days"),
    ("negative legal days", _limits(-1, 0, instant=True), "time_limits.legal_days"),
    ("promised days missing", _limits(20, None), "time_limits.promised_days"),
    ("material form unknown", _materials(("id_card", "scan", "paper")), "materials[0].form"),
    ("material medium unknown", _materials(("id_card", "copy", "fax")), "materials[0].medium"),
    (
        "zero copies",
        {"materials": [{"code": "id_card", "form": "copy", "medium": "paper", "copies": 0}]},
        "materials[0].copies",
    ),
    (
        "material listed twice",
        _materials(("id_card", "copy", "paper"), ("id_card", "original", "paper")),
        "materials[1].code",
    ),
]


@pytest.mark.parametrize(
    ("changes", "path"), [(c, p) for _, c, p in BAD_ITEMS], ids=[n for n, _, _ in BAD_ITEMS]
)
def test_rejects_bad_items_naming_the_exact_path(changes: dict[str, Any], path: str) -> None:
    raw = item(**changes)
    for key in [k for k, v in changes.items() if v is None]:
        del raw[key]

    with pytest.raises(CatalogDataError) as caught:
        parse_catalog({"items": [raw]}, vocabulary())
    assert caught.value.path == f"items[0].{path}"
    assert caught.value.source == "items.json"


def test_rejects_missing_time_limits() -> None:
    raw = item()
    del raw["time_limits"]

    with pytest.raises(CatalogDataError, match=r"items\[0\]\.time_limits: 缺少必填字段"):
        parse_catalog([raw], vocabulary())


def test_rejects_a_document_that_is_neither_list_nor_object() -> None:
    with pytest.raises(CatalogDataError) as caught:
        parse_catalog("items", vocabulary())
    assert caught.value.path == "items"


def test_rejects_bad_vocabulary_entries_in_the_materials_file() -> None:
    broken = vocabulary()
    broken["hukou_book"] = {"name": "", "shareable": True}

    with pytest.raises(CatalogDataError) as caught:
        parse_catalog([item()], broken, materials_source="catalog/materials.json")
    assert (caught.value.source, caught.value.path) == ("catalog/materials.json", "hukou_book.name")


def test_rejects_material_codes_that_are_not_snake_case() -> None:
    broken = vocabulary()
    broken["ID-Card"] = {"name": "身份证", "shareable": True}

    with pytest.raises(CatalogDataError) as caught:
        parse_catalog([item()], broken)
    assert caught.value.path == "ID-Card"


def test_search_without_filters_returns_everything_in_file_order() -> None:
    assert [i.code for i in catalog().search()] == ["RS-002", "GA-007", "SC-008"]


def test_search_by_department_category_and_mode() -> None:
    c = catalog()

    assert [i.code for i in c.search(department="GA")] == ["GA-007"]
    assert [i.code for i in c.search(category="就业创业")] == ["RS-002"]
    assert [i.code for i in c.search(mode=HandlingMode.PROXY)] == ["RS-002", "GA-007"]
    assert [i.code for i in c.search(mode=HandlingMode.JOINT_REMOTE)] == []
    assert [i.code for i in c.search(department="RS", mode=HandlingMode.ONLINE)] == ["RS-002"]


@pytest.mark.parametrize(
    ("keyword", "codes"),
    [
        ("失业", ["RS-002"]),  # name and keyword
        ("身份证件", ["GA-007"]),  # category
        ("待业", ["RS-002"]),  # keyword only
        ("异地受理登记表", ["GA-007"]),  # material name only
        ("居民身份证", ["RS-002", "GA-007"]),  # material shared by two items
        ("qs", ["SC-008"]),  # case-insensitive
        ("  生产许可证 ", ["SC-008"]),  # surrounding spaces ignored
        ("护照", []),
    ],
)
def test_search_by_keyword(keyword: str, codes: list[str]) -> None:
    assert [i.code for i in catalog().search(keyword=keyword)] == codes


def test_departments_and_categories_in_order_of_first_appearance() -> None:
    c = parse_catalog(
        [item(), id_renewal(), item("RS-003", name="就业登记"), licence()], vocabulary()
    )

    assert c.departments() == ("RS", "GA", "SC")
    assert c.categories() == ("就业创业", "身份证件", "许可资质")


def test_guide_labels_modes_materials_fee_limits_and_delivery_in_chinese() -> None:
    guide = catalog().get("GA-007").guide()

    assert guide["modes"] == [{"code": "proxy", "label": "异地代收代办"}]
    assert guide["fee"] == {"fen": 2000, "text": "20元", "note": "有效期满换领20元"}
    assert guide["handling_type"] == "承诺件"
    assert guide["time_limits"]["text"] == "承诺时限20个工作日；法定时限60个工作日"
    form, card = guide["materials"]
    assert (form["name"], form["form_label"], form["medium_label"]) == (
        "居民身份证异地受理登记表",
        "原件",
        "纸质",
    )
    assert (card["form_label"], card["shareable_label"]) == (
        "原件及复印件",
        "可通过数据共享核验，免交原件",
    )
    assert [d["label"] for d in guide["delivery"]] == ["窗口领取", "邮寄送达"]
    assert guide["presence_label"] == "需本人到场"
    assert guide["form_id"] == "id-card-renewal"


def test_guide_of_an_instant_free_item() -> None:
    guide = catalog().get("RS-002").guide()

    assert guide["handling_type"] == "即办件"
    assert guide["time_limits"]["text"].startswith("即办件")
    assert guide["fee"]["text"] == "不收费"
    assert guide["materials"][1]["required_label"].startswith("非必要")
    assert guide["materials"][0]["medium_label"] == "纸质或电子"
    assert [d["label"] for d in guide["delivery"]] == ["电子送达（网上下载）", "窗口领取"]
    assert guide["verified_label"] == "已核实"


def test_guide_shows_fen_as_yuan_with_decimals_and_is_json_serialisable() -> None:
    guide = catalog().get("SC-008").guide()

    assert guide["fee"]["text"] == "20.50元"
    assert guide["verified_label"].startswith("未核实")
    assert json.loads(json.dumps(guide, ensure_ascii=False)) == guide
