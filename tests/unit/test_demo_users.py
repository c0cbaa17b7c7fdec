"""The demo staff `make run` provisions cover every role of the seed in every jurisdiction."""

from __future__ import annotations

from chalicelib import bootstrap
from devtools.demo_users import DEMO_USERS

STAFF_GROUPS = ("window_staff", "approver", "department_head", "supervisor")


def test_every_jurisdiction_has_a_clerk_an_approver_a_head_and_a_supervisor() -> None:
    for place in bootstrap.content_ports().jurisdictions.all():
        groups = {u.group for u in DEMO_USERS if u.jurisdiction == place.code}
        assert set(STAFF_GROUPS) <= groups, place.full_name


def test_every_department_with_items_has_an_approver_in_every_jurisdiction() -> None:
    departments = {
        item.department for item in bootstrap.content_ports().catalog.search(keyword=None)
    }
    for place in bootstrap.content_ports().jurisdictions.all():
        served = {
            u.department
            for u in DEMO_USERS
            if u.jurisdiction == place.code and u.group in ("approver", "department_head")
        }
        # An approver without a department serves every department (a small county's one approver).
        assert "" in served or departments <= served, (place.full_name, departments - served)


def test_three_pingluo_township_centres_have_a_window_clerk() -> None:
    townships = {
        c.id
        for p in bootstrap.content_ports().jurisdictions.all()
        if p.code == "640221"
        for c in p.centers
        if c.level == "township"
    }
    clerks = {u.center for u in DEMO_USERS if u.group == "window_staff" and u.center in townships}
    assert len(clerks) >= 3


def test_logins_and_mobiles_are_unique() -> None:
    assert len({u.username for u in DEMO_USERS}) == len(DEMO_USERS)
    assert len({u.phone for u in DEMO_USERS}) == len(DEMO_USERS)
