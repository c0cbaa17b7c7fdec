"""Due dates of feedback work in working days (限期整改, 问题处理期限), within the local cap."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from chalicelib.domain.errors import ValidationFailedError

MAX_WORKING_DAYS = 15  # the longest local practice found (a Sichuan city scheme)


class WorkingDays(Protocol):
    """Anything that counts working days (chalicelib.domain.calendar.WorkingCalendar does)."""

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start`."""
        ...


def check_working_days(days: object, what: str, most: int = MAX_WORKING_DAYS) -> int:
    """A whole number of working days from 1 to `most`, or a Chinese refusal naming `what`."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValidationFailedError(f"{what}须为整数个工作日")
    if not 1 <= days <= most:
        raise ValidationFailedError(f"{what}须在1至{most}个工作日之间")
    return days
