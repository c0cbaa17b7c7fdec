"""`make run`: start the local stack, print how to use it, stop cleanly on Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from chalicelib.bootstrap import ChinaClock
from chalicelib.config import content_root
from chalicelib.content.calendar_files import calendar_warning
from chalicelib.domain.jurisdictions import Jurisdiction
from devtools import process_logging
from devtools.provision import DEMO_USERS, DemoUser
from devtools.stack import LocalStack


def print_demo_users() -> None:
    """The demo logins grouped by jurisdiction, with the role in Chinese, the unit and the person's name."""
    from chalicelib.content.catalog_files import load_jurisdictions
    from chalicelib.domain.roles import Role

    places = {j.code: j for j in load_jurisdictions(content_root()).all()}
    groups: dict[str, list[str]] = {}
    for user in DEMO_USERS:
        place = places.get(user.jurisdiction)
        groups.setdefault(user.jurisdiction, []).append(
            f"      {user.username:<16} {Role(user.group).label_zh:<5} {_unit(place, user)}  {user.name}"
        )
    for code, lines in groups.items():
        place = places.get(code)
        print(f"    {place.full_name} {code}:" if place else "    申请人（自然人）:")
        print("\n".join(lines))


def _unit(place: Jurisdiction | None, user: DemoUser) -> str:
    """Where the person works: the township centre for its clerks, the department for approvers."""
    if place is None:
        return ""
    if user.group == "window_staff":
        return next((c.name for c in place.centers if c.id == user.center), user.center)
    if user.group in ("approver", "department_head"):
        names = {d.key: d.name for d in place.departments}
        return names.get(user.department, "各部门（综合审批）")
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="通办本地运行（内嵌 moto）")
    parser.add_argument(
        "--port", type=int, default=8000, help="API and web pages (0 = any free port)"
    )
    parser.add_argument(
        "--moto-port", type=int, default=0, help="embedded moto server (0 = any free port)"
    )
    parser.add_argument(
        "--schedule-every", type=float, default=60.0, help="seconds between schedule ticks"
    )
    parser.add_argument(
        "--public-url",
        default=os.environ.get("TONGBAN_PUBLIC_BASE_URL", ""),
        help="base of links in SMS and PDFs (default: http://localhost:<port>)",
    )
    args = parser.parse_args(argv)
    process_logging.configure(logging.INFO)

    stack = LocalStack(
        port=args.port,
        moto_port=args.moto_port,
        schedule_every=args.schedule_every,
        public_url=args.public_url,
    )
    try:
        stack.start()
    except OSError as error:
        print(
            f"无法启动：{error}。端口 {args.port} 可能已被占用，可改用 make run PORT=8001",
            file=sys.stderr,
        )
        return 1
    stopped = threading.Event()

    def _stop(signum: int, frame: object) -> None:
        stopped.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print(
        f"\n通办 Tongban 本地环境已启动\n  API 与网页:   {stack.url}（{stack.workers} 个进程分担请求）"
        f"\n  接口文档:     {stack.url}/api/openapi.json"
    )
    print(f"  短信/文书链接: {stack.public_url}")
    print(f"  定时任务:     每 {args.schedule_every:g} 秒一次（flush_outboxes、sweep_deadlines）")
    print(f"  moto 控制台:  http://localhost:{stack.moto_port}/moto-api/")
    print(f"  已发短信/邮件: make inbox MOTO=http://localhost:{stack.moto_port}")
    print(f"  演示账号（密码均为 {DEMO_USERS[0].password}）:")
    print_demo_users()
    if warning := calendar_warning(content_root(), ChinaClock().today()):
        print(f"\n{warning}\n", flush=True)
    print(f"READY {stack.url} moto=http://localhost:{stack.moto_port}", flush=True)
    stopped.wait()
    print("正在停止…", flush=True)
    stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
