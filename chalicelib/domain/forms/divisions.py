"""GB/T 2260 province-level names, and the province → city → county choices a division picker offers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chalicelib.domain.jurisdictions import Jurisdiction

# Every province-level division (GB/T 2260 two-digit codes).
PROVINCE_NAMES = {
    "110000": "北京市",
    "120000": "天津市",
    "130000": "河北省",
    "140000": "山西省",
    "150000": "内蒙古自治区",
    "210000": "辽宁省",
    "220000": "吉林省",
    "230000": "黑龙江省",
    "310000": "上海市",
    "320000": "江苏省",
    "330000": "浙江省",
    "340000": "安徽省",
    "350000": "福建省",
    "360000": "江西省",
    "370000": "山东省",
    "410000": "河南省",
    "420000": "湖北省",
    "430000": "湖南省",
    "440000": "广东省",
    "450000": "广西壮族自治区",
    "460000": "海南省",
    "500000": "重庆市",
    "510000": "四川省",
    "520000": "贵州省",
    "530000": "云南省",
    "540000": "西藏自治区",
    "610000": "陕西省",
    "620000": "甘肃省",
    "630000": "青海省",
    "640000": "宁夏回族自治区",
    "650000": "新疆维吾尔自治区",
    "710000": "台湾省",
    "810000": "香港特别行政区",
    "820000": "澳门特别行政区",
}


@dataclass(frozen=True)
class Place:
    code: str
    name: str


@dataclass(frozen=True)
class DivisionTree:
    """Names known below province level: those of the partner jurisdictions (catalog/jurisdictions.json).

    Elsewhere the picker takes a six-digit code, which validation checks as for any answer."""

    cities: dict[str, tuple[Place, ...]]
    counties: dict[str, tuple[Place, ...]]

    @staticmethod
    def of(jurisdictions: Iterable[Jurisdiction]) -> DivisionTree:
        cities: dict[str, dict[str, str]] = {}
        counties: dict[str, dict[str, str]] = {}
        for j in jurisdictions:
            cities.setdefault(j.province_code, {})[j.city_code] = j.city_name
            counties.setdefault(j.city_code, {})[j.code] = j.name
        return DivisionTree(
            {p: tuple(Place(c, n) for c, n in sorted(cs.items())) for p, cs in cities.items()},
            {c: tuple(Place(k, n) for k, n in sorted(ks.items())) for c, ks in counties.items()},
        )

    @staticmethod
    def provinces() -> tuple[Place, ...]:
        return tuple(Place(c, n) for c, n in PROVINCE_NAMES.items())

    def name(self, code: str) -> str:
        """The full name of a code as far as it is known ("山东省滨州市惠民县", or the code itself)."""
        parts = [PROVINCE_NAMES.get(code[:2] + "0000", "")]
        city = next(
            (p for p in self.cities.get(code[:2] + "0000", ()) if p.code == code[:4] + "00"), None
        )
        if city and code[2:4] != "00":
            parts.append(city.name)
        county = next((p for p in self.counties.get(code[:4] + "00", ()) if p.code == code), None)
        if county and code[4:6] != "00":
            parts.append(county.name)
        known = "".join(dict.fromkeys(p for p in parts if p))
        full = len(parts) == 1 + (code[2:4] != "00") + (code[4:6] != "00")
        return known if known and full else f"{known}（代码 {code}）" if known else code
