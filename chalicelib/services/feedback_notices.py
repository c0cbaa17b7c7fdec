"""Telling the rater what became of a 差评 (每一条差评都有整改、有反馈)."""

from __future__ import annotations

import logging

from chalicelib.domain.messages import SEND_NOTICE
from chalicelib.domain.rectification import Rectification, RectStatus

from .ports import TaskQueue

log = logging.getLogger(__name__)

NOTICE_FOR_STATUS = {RectStatus.RECTIFIED: "rectified", RectStatus.EXPLAINED: "explained"}


def tell_rater(tasks: TaskQueue, rect: Rectification) -> bool:
    """Queue the notice for a fix or an explanation; the notice log sends it once per step."""
    notice = NOTICE_FOR_STATUS.get(rect.status)
    if notice is None:
        return False
    message = {
        "task": SEND_NOTICE,
        "case_id": rect.case_id,
        "ref": f"{rect.rectification_id}.{len(rect.steps)}",
        "notice": notice,
        "note": rect.steps[-1].note if rect.steps else "",
    }
    try:
        tasks.send("notices", message)
    except Exception:
        # The rectification itself is saved; staff see the unsent reply in the report and can revisit.
        log.exception("notice to the rater of %s not queued", rect.rectification_id)
        return False
    return True
