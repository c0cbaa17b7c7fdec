"""The 好差评 report as XLSX: one sheet of figures per unit, one of the 差评 themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chalicelib.domain.feedback.evaluations import Level

from .spreadsheets import Sheet, as_date, workbook_bytes

LEVELS = ("1", "2", "3", "4", "5")
UNIT_HEADER = [
    "地区",
    "部门",
    "评价数",
    *(Level(int(k)).label_zh for k in LEVELS),
    "差评",
    "满意率",
    "整改",
    "已整改",
    "未办结",
    "超期",
]
BAD_HEADER = ["评价时间", "办件编号", "事项", "等级", "被评地区", "被评部门", "渠道", "意见"]


def _unit(u: dict[str, Any]) -> list[object]:
    ratings = u["ratings"]
    return [
        u["jurisdiction"],
        u["department"],
        u["total"],
        *(ratings[k]["count"] for k in LEVELS),
        u["bad"],
        u["satisfaction_rate"] if u["satisfaction_rate"] is not None else "",
        u["rectifications"],
        u["rectified"],
        u["open"],
        u["overdue"],
    ]


def _bad(e: dict[str, Any]) -> list[object]:
    return [
        as_date(e["rated_at"]),
        e["case_number"],
        e["item_code"],
        e["level_label"],
        e["rated_unit"]["jurisdiction"],
        e["rated_unit"]["department"],
        e["channel_label"],
        e["comment"],
    ]


def feedback_report_xlsx(units: Sequence[dict[str, Any]], bad: Sequence[dict[str, Any]]) -> bytes:
    """`units`: ``UnitReport.as_dict()`` rows; `bad`: evaluation views of the 差评 listed."""
    return workbook_bytes(
        [
            Sheet("好差评统计", UNIT_HEADER, [_unit(u) for u in units]),
            Sheet("差评", BAD_HEADER, [_bad(e) for e in bad]),
        ]
    )
