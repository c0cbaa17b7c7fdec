"""The local ticker hands schedules the event EventBridge would, so Chalice's own parsing accepts it."""

from __future__ import annotations

from datetime import UTC, datetime

from chalice.app import CloudWatchEvent

from devtools.dispatcher import scheduled_event


def test_the_local_scheduled_event_parses_as_chalice_parses_an_eventbridge_schedule() -> None:
    event = CloudWatchEvent(
        scheduled_event("flush_outboxes", "us-east-1", datetime(2026, 12, 1, 8, tzinfo=UTC)),
        context=None,
    )
    assert (event.detail_type, event.source, event.region) == (
        "Scheduled Event",
        "aws.events",
        "us-east-1",
    )
    assert event.time == "2026-12-01T08:00:00Z"
    assert event.resources == ["arn:aws:events:us-east-1:123456789012:rule/flush_outboxes"]
    assert event.version == "0" and event.event_id and event.account and event.detail == {}
