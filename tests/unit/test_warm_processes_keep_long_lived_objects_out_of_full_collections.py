"""A warm process freezes its long-lived objects (app side after set invocations, the local moto when idle)."""

from __future__ import annotations

import gc

import pytest

import app as application
from chalicelib.entrypoints.warm_heap import FREEZE_AFTER, WarmHeap
from devtools.moto_heap import IdleFreezer


class Freezes:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


def test_the_app_freezes_after_its_first_tenth_and_hundredth_invocation_and_no_other() -> None:
    freezes = Freezes()
    heap = WarmHeap(freeze=freezes)
    frozen_after = []
    for n in range(1, 151):
        before = freezes.calls
        assert heap(n, lambda event: f"answer {event}") == f"answer {n}"
        if freezes.calls > before:
            frozen_after.append(n)
    assert frozen_after == list(FREEZE_AFTER) == [1, 10, 100]


def test_an_invocation_that_fails_still_counts_and_its_error_reaches_the_caller() -> None:
    freezes = Freezes()
    heap = WarmHeap(after=(1,), freeze=freezes)

    def failing(event: object) -> object:
        raise RuntimeError("handler failed")

    with pytest.raises(RuntimeError, match="handler failed"):
        heap("event", failing)
    assert freezes.calls == 1


def test_the_app_registers_the_freeze_for_every_kind_of_event() -> None:
    registered = [(type(func), kind) for func, kind in application.app.middleware_handlers]
    assert (WarmHeap, "all") in registered


def test_a_real_freeze_moves_live_objects_out_of_the_collectors_generations() -> None:
    gc.unfreeze()  # whatever an earlier test's requests froze
    assert gc.get_freeze_count() == 0
    kept = [[i] for i in range(1000)]  # containers: tracked by the cyclic collector
    WarmHeap(after=(1,))(None, lambda event: None)
    try:
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()  # the test process goes on collecting as before


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_local_moto_collects_and_freezes_once_after_requests_then_a_quiet_second() -> None:
    clock, collects, freezes = Clock(), Freezes(), Freezes()
    served = IdleFreezer(
        lambda environ, start_response: [b"ok"],
        idle_seconds=1.0,
        clock=clock,
        collect=collects,
        freeze=freezes,
    )
    assert served.tick() is False  # nothing was asked yet: nothing to settle
    assert served({}, lambda *a: None) == [b"ok"]
    clock.now += 0.5
    assert served.tick() is False  # still busy
    clock.now += 0.6
    assert served.tick() is True
    assert (collects.calls, freezes.calls) == (1, 1)
    clock.now += 5
    assert served.tick() is False  # idle since: no second collection
    served({}, lambda *a: None)
    clock.now += 1.0
    assert served.tick() is True
    assert (collects.calls, freezes.calls) == (2, 2)
