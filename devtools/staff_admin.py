"""The administrator's tool for the staff directory: list, add and end entries (`make staff`)."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.jurisdictions import JurisdictionRegistry
from chalicelib.services.staff_directory import StaffEntry, StaffRoster, staff_entry

REVOCATION_NOTE = "各运行中的容器最长 60 秒内生效（名录查询按容器缓存 60 秒）"


def describe(entry: StaffEntry, today: date) -> str:
    roles = "、".join(sorted(r.label_zh for r in entry.roles))
    until = entry.valid_to.isoformat() if entry.valid_to else "长期"
    state = "有效" if entry.valid_on(today) else "未生效或已终止"
    window = f"窗口{entry.window}" if entry.window else "-"
    return (
        f"{entry.login:<16} {entry.name:<6} {roles:<12} {entry.jurisdiction} "
        f"{entry.center or '-'} {entry.department or '-'} {window} "
        f"{entry.valid_from.isoformat()} → {until} {state}  sub={entry.user_id}"
    )


def list_staff(roster: StaffRoster, today: date, jurisdiction: str = "") -> list[str]:
    return [
        describe(e, today)
        for e in roster.entries()
        if not jurisdiction or e.jurisdiction == jurisdiction
    ]


def check_place(registry: JurisdictionRegistry, entry: StaffEntry) -> None:
    """The jurisdiction, centre and department must exist: a typo would silently grant nothing."""
    try:
        place = registry.get(entry.jurisdiction)
        if entry.center:
            place.center(entry.center)
        if entry.department:
            place.department(entry.department)
    except LookupError as error:
        raise BadRequestError(f"名录条目的工作地点不存在：{error}") from None


def add_staff(
    roster: StaffRoster,
    registry: JurisdictionRegistry,
    args: argparse.Namespace,
    today: date,
    cognito: tuple[str, str] | None = None,
) -> StaffEntry:
    """`cognito` is (sub, name) looked up from the user pool when --user-id was not given."""
    user_id = args.user_id or (cognito[0] if cognito else "")
    if not user_id:
        raise BadRequestError(
            "请用 --user-id 给出身份标识（身份提供方的 sub），或设置 TONGBAN_USER_POOL_ID"
        )
    entry = staff_entry(
        user_id=user_id,
        login=args.login,
        name=args.name or (cognito[1] if cognito else ""),
        roles=args.roles.split(","),
        jurisdiction=args.jurisdiction,
        center=args.center,
        department=args.department,
        window=args.window,
        valid_from=args.valid_from or today.isoformat(),
        valid_to=args.valid_to,
    )
    check_place(registry, entry)
    roster.put(entry)
    return entry


def end_staff(roster: StaffRoster, login: str, last_day: date) -> StaffEntry:
    found = roster.by_login(login)
    if found is None:
        raise BadRequestError(f"工作人员名录中没有登录名 {login}")
    ended = found.ended(last_day)
    roster.put(ended)
    return ended


def cognito_person(idp: Any, pool_id: str, login: str) -> tuple[str, str] | None:
    """(sub, name) of a user pool account, or None without a pool."""
    if not pool_id:
        return None
    try:
        user = idp.admin_get_user(UserPoolId=pool_id, Username=login)
    except idp.exceptions.UserNotFoundException:
        raise BadRequestError(f"用户池中没有账号 {login}") from None
    attrs = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
    return attrs["sub"], attrs.get("name", "")


def add_parser(sub: Any) -> None:
    staff = sub.add_parser("staff", help="工作人员名录：列出、添加、终止").add_subparsers(
        dest="staff_command", required=True
    )
    listing = staff.add_parser("list", help="列出名录条目")
    listing.add_argument("--jurisdiction", default="", help="只列这个地区（行政区划代码）")
    add = staff.add_parser("add", help="添加或替换一名工作人员的条目")
    add.add_argument("--login", required=True, help="登录名（用户池用户名）")
    add.add_argument("--user-id", default="", help="身份提供方的 sub（缺省：按登录名从用户池查）")
    add.add_argument("--name", default="", help="姓名（缺省：用户池中的 name）")
    add.add_argument(
        "--roles", required=True, help="window_staff,approver,department_head,supervisor 之一或多个"
    )
    add.add_argument("--jurisdiction", required=True, help="所属地区代码，如 640221")
    add.add_argument("--center", default="", help="服务中心，如 640221-ZX")
    add.add_argument("--department", default="", help="部门，如 RS")
    add.add_argument("--window", default="", help="窗口号")
    add.add_argument(
        "--from", dest="valid_from", default="", help="生效日期 YYYY-MM-DD（缺省：今天）"
    )
    add.add_argument(
        "--to", dest="valid_to", default="", help="最后有效日 YYYY-MM-DD（缺省：长期）"
    )
    end = staff.add_parser("end", help="终止一名工作人员的条目（调离、离职）")
    end.add_argument("--login", required=True)
    end.add_argument(
        "--last-day", default="", help="最后有效日 YYYY-MM-DD（缺省：昨天，即今天起失效）"
    )


def run(
    args: argparse.Namespace,
    roster: StaffRoster,
    registry: JurisdictionRegistry,
    today: date,
    idp: Any,
    pool_id: str,
) -> list[str]:
    """The lines to print for one `staff …` command."""
    if args.staff_command == "list":
        return list_staff(roster, today, args.jurisdiction) or ["工作人员名录为空"]
    if args.staff_command == "add":
        person = None if args.user_id else cognito_person(idp, pool_id, args.login)
        entry = add_staff(roster, registry, args, today, person)
        return [f"已写入：{describe(entry, today)}", REVOCATION_NOTE]
    try:
        last_day = date.fromisoformat(args.last_day) if args.last_day else today - timedelta(days=1)
    except ValueError:
        raise BadRequestError(
            f"最后有效日应为 YYYY-MM-DD 格式（收到：{args.last_day!r}）"
        ) from None
    ended = end_staff(roster, args.login, last_day)
    return [f"已终止：{describe(ended, today)}", REVOCATION_NOTE]
