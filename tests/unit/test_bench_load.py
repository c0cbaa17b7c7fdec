"""The bench's load driver stops by itself and reports nearest-rank percentiles; the consumers' durations file."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from devtools.bench_load import drive, percentile
from devtools.consumer_process import write_durations


def test_percentiles_are_nearest_rank_and_nan_without_samples() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert (percentile(samples, 50), percentile(samples, 95), percentile(samples, 99)) == (
        50.0,
        95.0,
        99.0,
    )
    assert math.isnan(percentile([], 95))


def test_the_driver_makes_exactly_the_requests_asked_across_its_clients_and_counts_errors() -> None:
    statuses = iter([200, 500] * 20)

    def call(session: Any) -> int:
        return next(statuses)

    run = drive(call, clients=5, requests=40, seconds=30)
    assert len(run.latencies) == 40 and run.errors == 20
    assert run.latencies == sorted(run.latencies)


def test_the_driver_stops_at_its_time_bound_whatever_is_left() -> None:
    run = drive(lambda session: 200, clients=2, requests=10**9, seconds=0.2)
    assert 0 < len(run.latencies) < 10**9


def test_the_consumers_write_their_durations_whole_by_handler(tmp_path: Path) -> None:
    target = tmp_path / "durations.json"
    write_durations(str(target), {"send_notices": [1.5, 2.0]})
    assert json.loads(target.read_text()) == {"send_notices": [1.5, 2.0]}
    assert [p.name for p in tmp_path.iterdir()] == ["durations.json"]
