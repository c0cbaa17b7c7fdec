"""One log format for every process of the local stack, whose lines share the runner's output."""

from __future__ import annotations

import logging
import os

# The SDK's, moto's and werkzeug's INFO lines would bury the app's (one per AWS call).
NOISY = ("botocore", "boto3", "urllib3", "werkzeug", "moto")


def configure(level: str | int | None = None) -> None:
    """Log at `level` (default: TONGBAN_LOG_LEVEL, else INFO), the libraries at WARNING."""
    logging.basicConfig(
        level=level or os.environ.get("TONGBAN_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
