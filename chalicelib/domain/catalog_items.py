"""A service item (事项) of the catalog, its materials and time limits, and its 办事指南."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from chalicelib.domain.modes import HandlingMode

MaterialForm = Literal["original", "copy", "original_and_copy"]
MaterialMedium = Literal["paper", "electronic", "either"]

FORM_LABELS: dict[str, str] = {
    "original": "原件",
    "copy": "复印件",
    "original_and_copy": "原件及复印件",
}
MEDIUM_LABELS: dict[str, str] = {
    "paper": "纸质",
    "electronic": "电子",
    "either": "纸质或电子",
}
DELIVERY_LABELS: dict[str, str] = {
    "window": "窗口领取",
    "post": "邮寄送达",
    "electronic": "电子送达（网上下载）",
}
SHAREABLE_LABEL = "可通过数据共享核验，免交原件"

# 《行政许可法》第四十二条: 二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日.
LICENSING_LEGAL_DAYS = 20
LICENSING_EXTENSION_DAYS = 10
# 第二十六条: 联合办理、集中办理的时间不得超过四十五日；经本级人民政府负责人批准，可以延长十五日.
JOINT_LEGAL_DAYS = 45
JOINT_EXTENSION_DAYS = 15


class ItemType(StrEnum):
    """What kind of 政务服务事项 an item is: the licensing-law clocks apply to 行政许可 only."""

    LICENSING = "licensing"
    PUBLIC_SERVICE = "public_service"
    OTHER = "other"  # 行政确认、行政给付、公证等，或尚未核实

    @property
    def label_zh(self) -> str:
        return _ITEM_TYPE_LABELS[self]


_ITEM_TYPE_LABELS = {
    ItemType.LICENSING: "行政许可",
    ItemType.PUBLIC_SERVICE: "公共服务",
    ItemType.OTHER: "其他",
}


@dataclass(frozen=True)
class Material:
    code: str
    name: str
    form: MaterialForm
    medium: MaterialMedium
    copies: int
    required: bool
    shareable: bool
    note: str

    def guide(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "form": self.form,
            "form_label": FORM_LABELS[self.form],
            "medium": self.medium,
            "medium_label": MEDIUM_LABELS[self.medium],
            "copies": self.copies,
            "required": self.required,
            "required_label": "必要" if self.required else "非必要（视情况提供）",
            "shareable": self.shareable,
            "shareable_label": SHAREABLE_LABEL if self.shareable else "",
            "note": self.note,
        }


@dataclass(frozen=True)
class TimeLimits:
    """Time limits in working days; 即办件 are finished on the spot.

    ``extension_days``: how far an approved extension moves the legal deadline (第四十二条: 10;
    ``joint`` 联合办理 under 第二十六条: 45 days legal, extension 15; 0 = cannot be extended).
    """

    legal_days: int | None
    promised_days: int
    instant: bool
    note: str
    extension_days: int = LICENSING_EXTENSION_DAYS
    joint: bool = False

    @property
    def handling_type(self) -> str:
        return "即办件" if self.instant else "承诺件"

    @property
    def text(self) -> str:
        if self.instant:
            promised = "即办件，材料齐全、符合法定形式的当场办结"
        else:
            promised = f"承诺时限{self.promised_days}个工作日"
        if self.legal_days is None:
            return promised
        return f"{promised}；法定时限{self.legal_days}个工作日"

    @property
    def extension_text(self) -> str:
        """What the 办事指南 says about extending the legal limit; empty when it cannot be."""
        if self.extension_days == 0 or self.legal_days is None:
            return ""
        if self.joint:
            return (
                f"多部门联合办理，{self.legal_days}个工作日内不能办结的，经本级人民政府负责人批准，"
                f"可延长{self.extension_days}个工作日（《行政许可法》第二十六条）"
            )
        basis = (
            "（《行政许可法》第四十二条）"
            if self.extension_days == LICENSING_EXTENSION_DAYS
            else ""
        )
        return (
            f"{self.legal_days}个工作日内不能作出决定的，经本行政机关负责人批准，"
            f"可延长{self.extension_days}个工作日{basis}"
        )


def fee_text(fee_fen: int) -> str:
    if fee_fen == 0:
        return "不收费"
    yuan, fen = divmod(fee_fen, 100)
    return f"{yuan}元" if fen == 0 else f"{yuan}.{fen:02d}元"


@dataclass(frozen=True)
class CatalogItem:
    code: str
    name: str
    department: str
    category: str
    item_type: ItemType
    modes: tuple[HandlingMode, ...]
    time_limits: TimeLimits
    fee_fen: int
    fee_note: str
    materials: tuple[Material, ...]
    result_type: str
    result_name: str
    delivery: tuple[str, ...]
    presence_required: bool
    conditions: str
    legal_basis: str
    form_id: str | None
    verified: bool
    source: str
    batch: str
    keywords: tuple[str, ...]

    @property
    def licensing_law_applies(self) -> bool:
        """Only a 行政许可 runs on the 行政许可法 clocks (第三十二、四十二、四十四、四十五条)."""
        return self.item_type is ItemType.LICENSING

    def offers(self, mode: HandlingMode) -> bool:
        return mode in self.modes

    def material(self, code: str) -> Material | None:
        return next((m for m in self.materials if m.code == code), None)

    def guide(self) -> dict[str, Any]:
        """The 办事指南: English keys for programs, Chinese values for people."""
        limits = self.time_limits
        return {
            "code": self.code,
            "name": self.name,
            "department": self.department,
            "category": self.category,
            "item_type": self.item_type.value,
            "item_type_label": self.item_type.label_zh,
            "modes": [{"code": m.value, "label": m.label_zh} for m in self.modes],
            "handling_type": limits.handling_type,
            "time_limits": {
                "legal_days": limits.legal_days,
                "promised_days": limits.promised_days,
                "instant": limits.instant,
                "text": limits.text,
                "extension_days": limits.extension_days,
                "extension_text": limits.extension_text,
                "joint": limits.joint,
                "note": limits.note,
            },
            "fee": {"fen": self.fee_fen, "text": fee_text(self.fee_fen), "note": self.fee_note},
            "conditions": self.conditions,
            "materials": [m.guide() for m in self.materials],
            "result": {"type": self.result_type, "name": self.result_name},
            "delivery": [{"code": d, "label": DELIVERY_LABELS[d]} for d in self.delivery],
            "presence_required": self.presence_required,
            "presence_label": "需本人到场" if self.presence_required else "无需本人到场",
            "legal_basis": self.legal_basis,
            "form_id": self.form_id,
            "batch": self.batch,
            "verified": self.verified,
            "verified_label": "已核实" if self.verified else "未核实，以属地办事指南为准",
            "source": self.source,
            "keywords": list(self.keywords),
        }
