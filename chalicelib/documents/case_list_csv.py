"""The supervisor's case list as CSV: every cell neutralised against formula injection, BOM for Excel."""

from __future__ import annotations

import csv
import io
from typing import Any

from chalicelib.domain.spreadsheet_safety import neutralise_row

HEADER = [
    "办件编号",
    "事项",
    "办理方式",
    "状态",
    "申请人",
    "归属地",
    "受理地",
    "办理期限",
    "时限状态",
]


def case_row(r: dict[str, Any]) -> list[object]:
    return [
        r.get("case_number") or "",
        r.get("item_name") or "",
        r.get("mode_label") or "",
        r.get("status_label") or "",
        r.get("applicant_name") or "",
        (r.get("home") or {}).get("name", ""),
        (r.get("receiving") or {}).get("name", ""),
        r.get("due_date") or "",
        r.get("urgency_label") or "",
    ]


def case_list_csv(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens the Chinese correctly; CRLF rows as RFC 4180 says."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(neutralise_row(list(HEADER)))
    for r in rows:
        writer.writerow(neutralise_row(case_row(r)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
