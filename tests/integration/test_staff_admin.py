"""The administrator's `make staff` (devtools/ops.py staff …) on moto: list, add, end — and the
service follows the directory, not the account."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.test import Client

from chalicelib import bootstrap
from devtools.ops import main
from devtools.provision import DEMO_USERS
from tests.support.aws import REGION, MotoWorld, moto_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MotoWorld, Client]]:
    with moto_world(tmp_path_factory.mktemp("staff")) as w:
        from app import app

        with Client(app, stage_name="local", project_dir=str(ROOT)) as client:
            yield w, client


def me(
    w: MotoWorld, client: Client, username: str, password: str = "Tongban#2026"
) -> dict[str, Any]:
    response = client.http.get("/api/me", headers={"Authorization": w.token(username, password)})
    assert response.status_code == 200, response.body
    data: dict[str, Any] = json.loads(response.body)
    return data


def test_provisioning_gives_every_demo_staff_member_an_entry_valid_today(
    world: tuple[MotoWorld, Client], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    staff = [u.username for u in DEMO_USERS if u.group != "applicant"]
    assert sorted(line.split()[0] for line in lines) == sorted(staff)
    assert all(line.split()[-2] == "有效" for line in lines)
    assert main(["staff", "list", "--jurisdiction", "140823"]) == 0
    assert {line.split()[0] for line in capsys.readouterr().out.splitlines()} == {
        u.username for u in DEMO_USERS if u.jurisdiction == "140823"
    }


def test_a_person_added_by_login_works_with_the_scope_the_administrator_wrote(
    world: tuple[MotoWorld, Client], capsys: pytest.CaptureFixture[str]
) -> None:
    w, client = world
    idp = boto3.client("cognito-idp", region_name=REGION)
    idp.admin_create_user(
        UserPoolId=w.pool_id,
        Username="hm_window2",
        UserAttributes=[{"Name": "name", "Value": "张丽"}],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(
        UserPoolId=w.pool_id, Username="hm_window2", Password="Window#2026", Permanent=True
    )
    code = main(
        [
            "staff",
            "add",
            "--login",
            "hm_window2",
            "--roles",
            "window_staff",
            "--jurisdiction",
            "371621",
            "--center",
            "371621-ZX",
            "--window",
            "5",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "张丽" in out and "60 秒" in out
    person = me(w, client, "hm_window2", "Window#2026")
    assert (person["roles"], person["jurisdiction"], person["center"], person["name"]) == (
        ["window_staff"],
        "371621",
        "371621-ZX",
        "张丽",
    )


def test_an_ended_entry_leaves_the_person_an_applicant_once_the_cache_has_expired(
    world: tuple[MotoWorld, Client], capsys: pytest.CaptureFixture[str]
) -> None:
    w, client = world
    assert me(w, client, "hm_approver_ga")["roles"] == ["approver"]
    assert main(["staff", "end", "--login", "hm_approver_ga"]) == 0
    assert "已终止" in capsys.readouterr().out
    bootstrap.reset()  # stands for the 60 seconds a container keeps its answer
    after = me(w, client, "hm_approver_ga")
    assert (after["roles"], after["jurisdiction"]) == (["applicant"], "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "add",
                "--login",
                "x",
                "--user-id",
                "s",
                "--roles",
                "window_staff",
                "--jurisdiction",
                "999999",
            ],
            "工作地点不存在",
        ),
        (
            [
                "add",
                "--login",
                "x",
                "--user-id",
                "s",
                "--roles",
                "window_staff",
                "--jurisdiction",
                "640221",
                "--department",
                "ZZ",
            ],
            "工作地点不存在",
        ),
        (
            [
                "add",
                "--login",
                "x",
                "--user-id",
                "s",
                "--roles",
                "root",
                "--jurisdiction",
                "640221",
            ],
            "角色",
        ),
        (
            [
                "add",
                "--login",
                "nobody-in-the-pool",
                "--roles",
                "approver",
                "--jurisdiction",
                "640221",
            ],
            "用户池中没有账号",
        ),
        (
            [
                "add",
                "--login",
                "pl_window",
                "--user-id",
                "someone-else",
                "--roles",
                "approver",
                "--jurisdiction",
                "640221",
            ],
            "已属于另一名工作人员",
        ),
        (["end", "--login", "nobody"], "没有登录名"),
        (["end", "--login", "pl_window", "--last-day", "yesterday"], "YYYY-MM-DD"),
    ],
)
def test_a_mistyped_command_changes_nothing_and_says_why_in_chinese(
    world: tuple[MotoWorld, Client],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert main(["staff", "list"]) == 0
    before = capsys.readouterr().out
    assert main(["staff", *args]) == 2
    assert message in capsys.readouterr().err
    assert main(["staff", "list"]) == 0
    assert capsys.readouterr().out == before
