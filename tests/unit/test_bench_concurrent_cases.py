"""The several-clients e2e figure counts every finished case once and never hides a failed one."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from devtools import bench_concurrent_cases


def test_each_client_walks_its_cases_in_turn_through_every_procedure() -> None:
    walked: list[tuple[str, Any]] = []
    lock = threading.Lock()

    def procedure(name: str) -> Any:
        def run(scenario: Any) -> None:
            with lock:
                walked.append((name, scenario))  # kept alive: ids of freed objects repeat

        return run

    rate = bench_concurrent_cases.cases_per_second(
        api=None,
        upload=None,
        tokens={},
        procedures=[procedure("a"), procedure("b")],
        clients=3,
        cases_each=4,
    )
    assert len(walked) == 12 and len({id(s) for _, s in walked}) == 12  # a fresh scenario per case
    assert sorted(n for n, _ in walked).count("a") == 6
    assert rate > 0


def test_a_case_that_fails_fails_the_figure_instead_of_being_left_out() -> None:
    def broken(scenario: Any) -> None:
        raise AssertionError("办件状态不对")

    with pytest.raises(AssertionError, match="办件状态不对"):
        bench_concurrent_cases.cases_per_second(None, None, {}, [broken], clients=2, cases_each=1)


def test_a_wait_that_never_comes_true_gives_up_with_a_chinese_error() -> None:
    with pytest.raises(RuntimeError, match="超时"):
        bench_concurrent_cases._polling_wait(lambda: False, deadline_seconds=0)
