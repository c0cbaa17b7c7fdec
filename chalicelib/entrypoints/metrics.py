"""Custom CloudWatch metrics as Embedded Metric Format lines on stdout: Lambda's log stream carries them,
so no API call and no `cloudwatch:PutMetricData` permission (the app stack's alarms watch them)."""

from __future__ import annotations

import json
import sys
import time
from typing import TextIO

NAMESPACE = "Tongban"  # infra/app_ops.py METRICS_NAMESPACE


def emit(name: str, value: float, stage: str, out: TextIO | None = None) -> None:
    """One EMF record: metric `name` (Count) with the dimension Stage."""
    record = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [
                {
                    "Namespace": NAMESPACE,
                    "Dimensions": [["Stage"]],
                    "Metrics": [{"Name": name, "Unit": "Count"}],
                }
            ],
        },
        "Stage": stage,
        name: value,
    }
    print(json.dumps(record), file=out or sys.stdout, flush=True)
