"""The bench looks at a case again only once every queue is idle, and a stall says what was awaited and
which queue still held what."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.bench_queues import QueueWatch


class Sqs:
    def __init__(self, held: dict[str, int]) -> None:
        self.held = held
        self.asked = 0

    def list_queues(self) -> dict[str, Any]:
        return {"QueueUrls": [f"http://moto/123/{name}" for name in self.held]}

    def get_queue_attributes(self, QueueUrl: str, AttributeNames: list[str]) -> dict[str, Any]:  # noqa: N803 (boto3's names)
        self.asked += 1
        name = QueueUrl.rsplit("/", 1)[-1]
        attrs = {
            "ApproximateNumberOfMessages": str(self.held[name]),
            "ApproximateNumberOfMessagesNotVisible": "0",
        }
        if AttributeNames == ["All"]:
            attrs |= {"ApproximateNumberOfMessagesDelayed": "0", "VisibilityTimeout": "30"}
        return {"Attributes": attrs}


def test_a_check_that_holds_at_once_asks_no_queue() -> None:
    sqs = Sqs({"notices": 0})
    QueueWatch(sqs).wait(lambda: True)
    assert sqs.asked == 0


def test_the_check_is_asked_again_once_the_queues_drained() -> None:
    sqs = Sqs({"notices": 1, "documents": 0})
    answers = iter([False, True])

    def routed() -> bool:
        done = next(answers)
        sqs.held["notices"] = 0  # the consumer took the message meanwhile
        return done

    QueueWatch(sqs).wait(routed)
    assert sqs.asked >= 2


def test_a_stall_names_the_check_and_the_queue_that_still_holds_a_message() -> None:
    sqs = Sqs({"notices": 0, "tongban-local-371621": 2})

    def routed() -> bool:
        return False

    with pytest.raises(RuntimeError) as stalled:
        QueueWatch(sqs, deadline_seconds=0.2).wait(routed)
    message = str(stalled.value)
    assert "routed" in message and "tongban-local-371621" in message and "notices" not in message
    assert "'ApproximateNumberOfMessages': '2'" in message


def test_dead_letter_queues_are_not_waited_for_but_a_stall_reports_them() -> None:
    sqs = Sqs({"notices": 0, "tongban-local-documents-dlq": 1})
    assert not QueueWatch(sqs).busy()
    assert sqs.asked == 1  # the work queue only

    def issued() -> bool:
        return False

    with pytest.raises(RuntimeError) as stalled:
        QueueWatch(sqs, deadline_seconds=0.2).wait(issued)
    assert "tongban-local-documents-dlq" in str(stalled.value)


def test_the_first_look_at_the_queues_is_at_once_and_only_an_idle_miss_pauses() -> None:
    sqs = Sqs({"notices": 1})
    pauses: list[float] = []
    answers = iter([False, False, True])

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        sqs.held["notices"] = 0  # the consumer takes the message while we pause

    def sent() -> bool:
        return next(answers)

    QueueWatch(sqs, sleep=sleep).wait(sent)
    # busy at the first look: short polls; then idle but not yet done: one pause before looking again
    assert pauses == [0.02, 0.05]


def test_with_the_local_moto_one_look_counts_every_queue_and_leaves_dead_letters_out() -> None:
    looks: list[int] = []
    held = {"tongban-local-documents-dlq": {"visible": 1, "in_flight": 0}}

    def counts() -> dict[str, dict[str, int]]:
        looks.append(1)
        return held

    sqs = Sqs({"notices": 5})
    watch = QueueWatch(sqs, held=counts)
    assert not watch.busy() and sqs.asked == 0 and looks == [1]
    held["tongban-local-notices"] = {"visible": 0, "in_flight": 1}
    assert watch.busy()


def test_settling_waits_until_every_work_queue_is_idle_and_a_stall_names_the_queue() -> None:
    sqs = Sqs({"notices": 2})
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        sqs.held["notices"] -= 1

    assert QueueWatch(sqs, sleep=sleep).settle() >= 0 and pauses == [0.02, 0.02]
    stuck = Sqs({"tongban-local-documents": 1})
    with pytest.raises(RuntimeError, match="tongban-local-documents"):
        QueueWatch(stuck, deadline_seconds=0.05).settle()
