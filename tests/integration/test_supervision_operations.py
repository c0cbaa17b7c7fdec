"""/supervision 运行情况 through the chalice test client on moto: DLQ depths for supervisors, the replay
button for the operator (平罗's supervisor) only, and a replay that puts the message back on its queue."""

from __future__ import annotations

import json

import boto3
from chalice.test import Client

from tests.integration.test_my_cases_pages import Browser, by_id, scenario, text, world
from tests.support.aws import REGION, MotoWorld, drain

__all__ = ["world"]
FAILED = {"kind": "notice", "case_id": "c-failed", "notice": "accepted"}


def test_the_operator_replays_a_dead_notice_back_to_the_notices_queue(
    world: tuple[MotoWorld, Client],
) -> None:
    w, client = world
    s = scenario(w, client)
    notices = next(q for q in w.spec.queues if q.key == "notices")
    sqs = boto3.client("sqs", region_name=REGION)
    dlq = sqs.get_queue_url(QueueName=notices.dlq_name)["QueueUrl"]
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps(FAILED))

    operator = Browser(client, s.token("pl_supervisor"))
    body = text(operator.get("/supervision"))
    assert by_id(body, "dlq-notices").split()[:2] == ["通知发送", "1"]
    assert 'id="replay-notices"' in body and 'id="replay-640221"' not in body

    wx = Browser(client, s.token("wx_supervisor"))
    wx_body = text(wx.get("/supervision"))
    assert by_id(wx_body, "dlq-notices").split() == ["通知发送", "1"]
    assert 'id="replay-notices"' not in wx_body
    assert wx.post("/supervision/replay", {"queue": "notices"}).status_code == 403
    approver = Browser(client, s.token("pl_approver_rs"))
    assert approver.post("/supervision/replay", {"queue": "notices"}).status_code == 403
    assert operator.post("/supervision/replay", {"queue": "notices"}, csrf=False).status_code == 403
    assert operator.post("/supervision/replay", {"queue": "371621"}).status_code == 404

    done = operator.post("/supervision/replay", {"queue": "notices"})
    assert done.status_code == 303
    assert done.headers["Location"].startswith("/supervision?replayed=notices:1")
    after = text(operator.get("/supervision?replayed=notices:1"))
    assert "1 条" in by_id(after, "replay-result")
    assert by_id(after, "dlq-notices").split()[:2] == ["通知发送", "0"]
    assert FAILED in drain(notices.name)
