"""Telling the rater what became of a 差评 (每一条差评都有整改、有反馈), through the case's outbox."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.feedback.rectifications import Rectification, rater_notice
from chalicelib.domain.outbox_messages import SEND_NOTICE

from .protocols import CaseOutbox, OutboxEntry

log = logging.getLogger(__name__)

NOTICES_QUEUE = "notices"


def rater_notices(rect: Rectification) -> tuple[OutboxEntry, ...]:
    """The outbox entries the step just taken owes the rater: none, or one notice."""
    notice = rater_notice(rect)
    if not notice:
        return ()
    # The ref names the rectification step, so the notice log sends it once however often it is replayed.
    ref = f"{rect.rectification_id}.{len(rect.steps)}"
    body = {
        "task": SEND_NOTICE,
        "case_id": rect.case_id,
        "ref": ref,
        "notice": notice,
        # No `note`: it is staff free text and may name people; the notice reads it by the ref.
        # The reply is signed by the rated unit's jurisdiction, the one that answers for it.
        "jurisdiction": rect.owner.jurisdiction,
    }
    return (
        {
            "id": f"{ref}:{NOTICES_QUEUE}:{SEND_NOTICE}:{notice}",
            "queue": NOTICES_QUEUE,
            "body": body,
        },
    )


def send_now(outbox: CaseOutbox, case_id: str, entries: tuple[OutboxEntry, ...]) -> None:
    """After the commit, ask for the case's outbox to go out; the minute sweep retries whatever fails."""
    if not entries:
        return
    try:
        outbox.flush(case_id)
    except Exception:
        # Saved is what matters: the entries stay in the case's outbox until the sweep sends them.
        log.warning("outbox flush of case %s failed; the sweep will send", case_id, exc_info=True)


class RectificationReader(Protocol):
    def get_rectification(self, rectification_id: str) -> Rectification:
        """The rectification, or NotFoundError."""


def note_for(reader: RectificationReader | None, message: dict[str, Any]) -> str:
    """The staff note of the rectification step a rater notice names by its ref (`<id>.<steps>`)."""
    legacy = str(message.get("note", ""))  # messages queued before the note left the queue
    rectification_id, _, count = str(message.get("ref", "")).rpartition(".")
    if reader is None or not rectification_id or not count.isdigit():
        return legacy
    try:
        steps = reader.get_rectification(rectification_id).steps
    except NotFoundError:
        return legacy
    index = int(count) - 1
    return steps[index].note if 0 <= index < len(steps) else legacy
