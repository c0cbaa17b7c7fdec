"""AWS calls per click of one 异地代收代办 case, in process on moto: `name: value unit` lines (make bench)."""

from __future__ import annotations

import collections
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

SERVICES = ("dynamodb", "s3", "sqs", "sns", "ses")
ROOT = Path(__file__).resolve().parents[1]


def clicks() -> list[tuple[str, int, dict[str, int]]]:
    """(click, calls, calls by service) for each API call of the walk; queue consumers are not counted."""
    import boto3
    from chalice.test import Client

    from chalicelib.adapters.clients import client
    from tests.support.aws import REGION, drain, moto_world, sqs_event
    from tests.support.slice import login, sample_answers

    counts: collections.Counter[str] = collections.Counter()
    walk: list[tuple[str, int, dict[str, int]]] = []
    with tempfile.TemporaryDirectory() as tmp, moto_world(Path(tmp)) as world:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as test_client:

            def api(method: str, path: str, body: Any = None, token: str | None = None) -> Any:
                headers = {"Content-Type": "application/json"}
                if token:
                    headers["Authorization"] = token
                data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
                response = getattr(test_client.http, method.lower())(
                    path, headers=headers, body=data
                )
                return response.status_code, json.loads(response.body or b"null")

            def click(name: str, method: str, path: str, body: Any, token: str) -> Any:
                counts.clear()
                status, answer = api(method, path, body, token)
                assert status == 200, (name, answer)
                walk.append((name, sum(counts.values()), dict(counts)))
                return answer

            clerk, approver = login(api, "pl_window"), login(api, "wx_approver")
            for service in SERVICES:
                client(service, REGION).meta.events.register(
                    "before-send", lambda service=service, **_: counts.update([service])
                )
            form = api("GET", "/api/items/RS-002/form?jurisdiction=140823")[1]
            case = click(
                "填写申请",
                "POST",
                "/api/cases",
                {
                    "item_code": "RS-002",
                    "mode": "proxy",
                    "home_code": "140823",
                    "answers": sample_answers(form["id"]),
                },
                clerk,
            )
            path = f"/api/cases/{case['case_id']}"
            scan = b"\xff\xd8\xff\xe0jpeg"
            ticket = click(
                "上传凭据",
                "POST",
                f"{path}/uploads",
                {
                    "slot": "id_card",
                    "filename": "id.jpg",
                    "content_type": "image/jpeg",
                    "size": len(scan),  # the attach checks the stored size against this
                },
                clerk,
            )
            boto3.client("s3", region_name=REGION).put_object(
                Bucket=world.spec.bucket("MaterialsBucket").name,
                Key=ticket["key"],
                Body=scan,
                ContentType="image/jpeg",
            )
            click("登记材料", "POST", f"{path}/materials", {"key": ticket["key"]}, clerk)
            view = click("提交", "POST", f"{path}/submit", {}, clerk)
            steps: list[tuple[str, str, dict[str, Any]]] = [
                ("受理", clerk, {"action": "accept"}),
                ("推送材料", clerk, {"action": "send_materials", "details": {"method": "system"}}),
                ("准予", approver, {"action": "approve", "reason": "符合条件"}),
                ("办结", approver, {"action": "complete"}),
                ("反馈结果", approver, {"action": "send_result", "details": {"method": "system"}}),
                (
                    "送达",
                    clerk,
                    {"action": "deliver", "details": {"method": "window", "receiver": "张三"}},
                ),
            ]
            for name, token, body in steps:
                if name == "准予":
                    # The home queue's consumer receives the case before the home side decides.
                    queue = world.spec.queue("140823").name
                    for i, message in enumerate(drain(queue)):
                        test_client.lambda_.invoke(
                            "route_cases_140823", sqs_event(message, queue, f"m{i}")
                        )
                    view = api("GET", path, None, clerk)[1]
                body = {**body, "expected_version": view["version"]}
                view = click(name, "POST", f"{path}/actions", body, token)
            click("查看办件", "GET", path, None, clerk)
    return walk


def main() -> int:
    logging.disable(logging.WARNING)
    sys.path.insert(0, str(ROOT))
    walk = clicks()
    for name, total, by_service in walk:
        detail = ", ".join(f"{s} {n}" for s, n in sorted(by_service.items()))
        print(f"aws_calls_click_{name}: {total} requests ({detail})")
    print(f"aws_calls_proxy_case_clicks_total: {sum(t for _, t, _ in walk)} requests")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
