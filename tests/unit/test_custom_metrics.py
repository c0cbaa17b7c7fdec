"""Overdue cases and failed notices leave EMF lines that the app stack's alarms watch."""

from __future__ import annotations

import io
import json

from chalicelib.entrypoints import metrics
from infra.app_stack import finish
from infra.build import spec_for_stage
from tests.support.chalice_shape import chalice_shaped_template


def test_a_metric_line_is_what_the_alarm_on_it_watches() -> None:
    out = io.StringIO()
    metrics.emit("OverdueCases", 3, "prod", out)
    record = json.loads(out.getvalue())
    (directive,) = record["_aws"]["CloudWatchMetrics"]
    assert record["OverdueCases"] == 3 and record["Stage"] == "prod"
    template = finish(chalice_shaped_template("prod"), spec_for_stage("prod"), "global")
    alarm = template["Resources"]["OverdueCasesAlarm"]["Properties"]
    assert alarm["Namespace"] == directive["Namespace"] == metrics.NAMESPACE
    assert alarm["MetricName"] == directive["Metrics"][0]["Name"]
    assert alarm["Dimensions"] == [{"Name": "Stage", "Value": "prod"}] and directive[
        "Dimensions"
    ] == [["Stage"]]
    failed = template["Resources"]["FailedNoticesAlarm"]["Properties"]
    assert failed["Namespace"] == metrics.NAMESPACE and failed["MetricName"] == "FailedNotices"
