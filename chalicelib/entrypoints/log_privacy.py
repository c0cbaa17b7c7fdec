"""Every log record has its ID numbers and mobile numbers masked before any handler sees it.

No log line of the code prints personal data (a test runs a whole case and reads the logs); this is the
belt to those braces for text nobody wrote on purpose: an exception message or a traceback that quotes a
value. It is a record factory, not a handler filter, so it holds whichever handler the runtime installs."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from chalicelib.domain.masking import mask_text

_installed = False


def install() -> None:
    """Wrap the current record factory once per process."""
    global _installed
    if _installed:
        return
    base = logging.getLogRecordFactory()

    def masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it for logging to report as usual
            return record
        record.msg, record.args = mask_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(
                "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            )
        return record

    logging.setLogRecordFactory(masked)
    _installed = True
