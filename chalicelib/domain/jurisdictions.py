"""Jurisdictions (平罗县 and its partners), their service centres, departments and agreements."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from chalicelib.domain.catalog_errors import CatalogDataError, Fields
from chalicelib.domain.modes import HandlingMode

__all__ = [
    "ALL_ITEMS",
    "Agreement",
    "CatalogDataError",
    "Department",
    "Jurisdiction",
    "JurisdictionRegistry",
    "ServiceCenter",
    "UnknownCenterError",
    "UnknownDepartmentError",
    "UnknownJurisdictionError",
    "parse_jurisdictions",
]

ALL_ITEMS = "*"
"""In an agreement's item list: every item that both sides offer."""

CenterLevel = Literal["county", "township"]


class UnknownJurisdictionError(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(f"未知的行政区划代码：{code}")
        self.code = code


class UnknownDepartmentError(LookupError):
    def __init__(self, jurisdiction: str, key: str) -> None:
        super().__init__(f"{jurisdiction}没有编号为 {key} 的部门")
        self.jurisdiction = jurisdiction
        self.key = key


class UnknownCenterError(LookupError):
    def __init__(self, jurisdiction: str, center_id: str) -> None:
        super().__init__(f"{jurisdiction}没有编号为 {center_id} 的政务服务场所")
        self.jurisdiction = jurisdiction
        self.center_id = center_id


@dataclass(frozen=True)
class ServiceCenter:
    id: str
    name: str
    level: CenterLevel
    has_kstb_window: bool
    address: str
    phone: str


@dataclass(frozen=True)
class Department:
    key: str
    code: str
    name: str


@dataclass(frozen=True)
class Agreement:
    partner_code: str
    item_codes: tuple[str, ...]
    modes: tuple[HandlingMode, ...]

    def covers(self, item_code: str, mode: HandlingMode) -> bool:
        items_ok = self.item_codes == (ALL_ITEMS,) or item_code in self.item_codes
        return items_ok and mode in self.modes


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    city_code: str
    city_name: str
    province_code: str
    province_name: str
    centers: tuple[ServiceCenter, ...]
    departments: tuple[Department, ...]
    agreements: tuple[Agreement, ...]
    is_home_county: bool

    @property
    def full_name(self) -> str:
        # A district of a provincial-level city (e.g. 北京市东城区) would repeat the city name.
        parts = [self.province_name, self.city_name, self.name]
        return "".join(p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1])

    @property
    def region_code_12(self) -> str:
        return self.code + "000000"

    def department(self, key: str) -> Department:
        for dept in self.departments:
            if dept.key == key:
                return dept
        raise UnknownDepartmentError(self.name, key)

    def center(self, center_id: str) -> ServiceCenter:
        for center in self.centers:
            if center.id == center_id:
                return center
        raise UnknownCenterError(self.name, center_id)

    def agreement_with(self, partner_code: str) -> Agreement | None:
        for agreement in self.agreements:
            if agreement.partner_code == partner_code:
                return agreement
        return None


@dataclass(frozen=True)
class JurisdictionRegistry:
    jurisdictions: tuple[Jurisdiction, ...]
    _by_code: dict[str, Jurisdiction] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {j.code: j for j in self.jurisdictions})

    def get(self, code: str) -> Jurisdiction:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownJurisdictionError(code) from None

    def all(self) -> tuple[Jurisdiction, ...]:
        return self.jurisdictions

    def codes(self) -> tuple[str, ...]:
        return tuple(j.code for j in self.jurisdictions)

    @property
    def home_county(self) -> Jurisdiction:
        return next(j for j in self.jurisdictions if j.is_home_county)

    def partners_of(self, code: str) -> tuple[Jurisdiction, ...]:
        """Jurisdictions with an agreement with ``code``, whichever side recorded it."""
        this = self.get(code)
        return tuple(
            other
            for other in self.jurisdictions
            if other.code != code
            and (this.agreement_with(other.code) or other.agreement_with(code))
        )

    def handles(
        self, receiving_code: str, home_code: str, item_code: str, mode: HandlingMode
    ) -> bool:
        """Whether an agreement, recorded by either side, covers this item in this mode.

        A case where both codes are the same is not cross-province, so no agreement covers it.
        """
        receiving, home = self.get(receiving_code), self.get(home_code)
        if receiving.code == home.code:
            return False
        candidates = (receiving.agreement_with(home.code), home.agreement_with(receiving.code))
        return any(a is not None and a.covers(item_code, mode) for a in candidates)


_J_KEYS = frozenset(
    {
        "code",
        "name",
        "city_code",
        "city_name",
        "province_code",
        "province_name",
        "is_home_county",
        "centers",
        "departments",
        "agreements",
    }
)
_CENTER_KEYS = frozenset({"id", "name", "level", "has_kstb_window", "address", "phone"})
_DEPT_KEYS = frozenset({"key", "name"})
_AGREEMENT_KEYS = frozenset({"partner_code", "item_codes", "modes"})
_AREA_CODE = r"\d{6}"
_DEPT_KEY = r"[A-Z]{2,4}"
_ITEM_CODE = r"[A-Z]{2,4}-\d{3}"


def parse_jurisdictions(
    data: Mapping[str, Any], source: str = "jurisdictions.json"
) -> JurisdictionRegistry:
    """Validate the whole jurisdictions file; the first problem raises CatalogDataError."""
    root = Fields(data, source, "", frozenset({"jurisdictions"}))
    entries = root.array("jurisdictions", allow_empty=False)
    parsed = [_parse_jurisdiction(raw, source, path) for path, raw in entries]

    seen_codes: dict[str, str] = {}
    seen_centers: dict[str, str] = {}
    for (path, _), j in zip(entries, parsed, strict=True):
        if j.code in seen_codes:
            raise CatalogDataError(source, f"{path}.code", f"行政区划代码 {j.code} 重复")
        seen_codes[j.code] = path
        for index, center in enumerate(j.centers):
            if center.id in seen_centers:
                where = f"{path}.centers[{index}].id"
                raise CatalogDataError(source, where, f"政务服务场所编号 {center.id} 重复")
            seen_centers[center.id] = path

    homes = [path for (path, _), j in zip(entries, parsed, strict=True) if j.is_home_county]
    if len(homes) != 1:
        raise CatalogDataError(source, "jurisdictions", "必须且只能有一个 is_home_county 为 true")

    for (path, _), j in zip(entries, parsed, strict=True):
        for index, agreement in enumerate(j.agreements):
            if agreement.partner_code not in seen_codes:
                where = f"{path}.agreements[{index}].partner_code"
                raise CatalogDataError(
                    source, where, f"协议对方 {agreement.partner_code} 不在本文件中"
                )
    return JurisdictionRegistry(tuple(parsed))


def _parse_jurisdiction(raw: Any, source: str, path: str) -> Jurisdiction:
    f = Fields(raw, source, path, _J_KEYS)
    code = f.text("code", pattern=_AREA_CODE)
    city_code = f.text("city_code", pattern=_AREA_CODE)
    province_code = f.text("province_code", pattern=_AREA_CODE)
    # GB/T 2260 codes nest: county 640221 lies in city 6402xx and province 64xxxx.
    if city_code[:4] != code[:4] or not city_code.endswith("00"):
        raise f.error("city_code", f"{city_code} 与区划代码 {code} 不对应")
    if province_code != code[:2] + "0000":
        raise f.error("province_code", f"{province_code} 与区划代码 {code} 不对应")

    centers = tuple(
        _parse_center(r, source, p, code) for p, r in f.array("centers", allow_empty=False)
    )
    departments = tuple(_parse_department(r, source, p, code) for p, r in f.array("departments"))
    agreements = tuple(_parse_agreement(r, source, p, code) for p, r in f.array("agreements"))
    _reject_duplicates(source, f.at("departments"), [d.key for d in departments], "key", "部门")
    partners = [a.partner_code for a in agreements]
    _reject_duplicates(source, f.at("agreements"), partners, "partner_code", "协议对方")
    return Jurisdiction(
        code=code,
        name=f.text("name"),
        city_code=city_code,
        city_name=f.text("city_name"),
        province_code=province_code,
        province_name=f.text("province_name"),
        centers=centers,
        departments=departments,
        agreements=agreements,
        is_home_county=f.flag("is_home_county", default=False),
    )


def _parse_center(raw: Any, source: str, path: str, code: str) -> ServiceCenter:
    f = Fields(raw, source, path, _CENTER_KEYS)
    center_id = f.text("id", pattern=rf"{code}-[A-Z0-9-]+")
    level = f.text("level")
    if level not in ("county", "township"):
        raise f.error("level", f"取值 {level!r} 无效，可选：county、township")
    return ServiceCenter(
        id=center_id,
        name=f.text("name"),
        level="county" if level == "county" else "township",
        has_kstb_window=f.flag("has_kstb_window"),
        address=f.text("address", default="", allow_empty=True),
        phone=f.text("phone", default="", allow_empty=True),
    )


def _parse_department(raw: Any, source: str, path: str, code: str) -> Department:
    f = Fields(raw, source, path, _DEPT_KEYS)
    key = f.text("key", pattern=_DEPT_KEY)
    return Department(key=key, code=f"{code}-{key}", name=f.text("name"))


def _parse_agreement(raw: Any, source: str, path: str, code: str) -> Agreement:
    f = Fields(raw, source, path, _AGREEMENT_KEYS)
    partner = f.text("partner_code", pattern=_AREA_CODE)
    if partner == code:
        raise f.error("partner_code", "不能与本行政区划签订协议")
    items = f.text_array("item_codes", allow_empty=False)
    for index, item in enumerate(items):
        if item == ALL_ITEMS and len(items) > 1:
            raise CatalogDataError(source, f"{f.at('item_codes')}[{index}]", '"*" 只能单独使用')
        if item != ALL_ITEMS and not _matches(_ITEM_CODE, item):
            where = f"{f.at('item_codes')}[{index}]"
            raise CatalogDataError(source, where, f"事项编码 {item!r} 格式不正确（如 GA-001）")
    return Agreement(partner_code=partner, item_codes=items, modes=f.modes("modes"))


def _matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


def _reject_duplicates(source: str, path: str, values: list[str], key: str, what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise CatalogDataError(source, f"{path}[{index}].{key}", f"{what} {value} 重复")
        seen.add(value)
