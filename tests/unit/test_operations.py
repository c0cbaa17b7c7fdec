"""DLQ depth and replay on /supervision: supervisors see their own and the shared queues, only an
operator (supervisor with 运维值守) replays, and only a queue they can see."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.domain.roles import Role
from chalicelib.services.operations import REPLAY_LIMIT, OperationsPorts, dlq_depths, replay
from tests.support.builders import PL_APPROVER, SUPERVISOR, person
from tests.support.fakes_queues import FakeDeadLetters

OPERATOR = replace(SUPERVISOR, roles=frozenset({Role.SUPERVISOR, Role.OPERATOR}))


def ports_with(*dead: tuple[str, int]) -> tuple[OperationsPorts, FakeDeadLetters]:
    fake = FakeDeadLetters()
    for key, n in dead:
        for i in range(n):
            fake.put(key, f'{{"i": {i}}}')
    return OperationsPorts(dead_letters=fake), fake


def test_a_supervisor_sees_the_depth_of_their_own_queue_and_the_shared_ones() -> None:
    ports, _ = ports_with(("640221", 2), ("371621", 5), ("notices", 1))
    depths = {q.key: (q.label, q.depth) for q in dlq_depths(ports, SUPERVISOR)}
    assert set(depths) == {"640221", "notices", "documents", "scans"}
    assert depths["640221"] == ("本地区办件队列（640221）", 2)
    assert depths["notices"] == ("通知发送", 1)


def test_other_staff_are_refused_the_depths() -> None:
    ports, _ = ports_with()
    with pytest.raises(ForbiddenActionError):
        dlq_depths(ports, PL_APPROVER)


def test_only_an_operator_replays_and_at_most_the_limit() -> None:
    ports, fake = ports_with(("notices", REPLAY_LIMIT + 3))
    with pytest.raises(ForbiddenActionError):
        replay(ports, SUPERVISOR, "notices")
    assert replay(ports, OPERATOR, "notices", limit=10_000) == REPLAY_LIMIT
    assert fake.depth("notices") == 3 and len(fake.queued["notices"]) == REPLAY_LIMIT


def test_an_operator_cannot_replay_another_jurisdictions_queue() -> None:
    ports, fake = ports_with(("371621", 1))
    with pytest.raises(NotFoundError):
        replay(ports, OPERATOR, "371621")
    assert fake.depth("371621") == 1


def test_the_operator_role_alone_grants_nothing() -> None:
    ports, _ = ports_with(("notices", 1))
    lone = person(Role.OPERATOR, "u-op", "640221")
    with pytest.raises(ForbiddenActionError):
        replay(ports, lone, "notices")
    assert not lone.is_staff
