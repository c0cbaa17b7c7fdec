"""Builders for tests: principals of each role and a Deps wired with fakes and the shipped content."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chalicelib.content.calendar_files import load_calendar
from chalicelib.content.catalog_files import load_catalog, load_jurisdictions
from chalicelib.content.form_files import FormLibrary
from chalicelib.domain.roles import Principal, Role
from chalicelib.services.deps import Deps

from .fakes import (
    ComposedCaseFiles,
    FakeAlerts,
    FakeBlobs,
    FakeCases,
    FakeClock,
    FakeCounter,
    FakeIds,
    FakeIssuer,
    FakeNoticeLog,
    FakeNotifier,
    FakeQueue,
    FakeRegistry,
    FakeRenderer,
    FakeScanner,
    FakeScanResults,
)
from .feedback_fakes import FakeFeedback

ROOT = Path(__file__).resolve().parents[2]


def person(
    role: Role, user_id: str, jurisdiction: str = "", department: str = "", name: str = ""
) -> Principal:
    return Principal(
        user_id=user_id,
        username=user_id,
        name=name or user_id,
        roles=frozenset({role}),
        jurisdiction=jurisdiction,
        center=f"{jurisdiction}-ZX" if jurisdiction else "",
        department=department,
    )


APPLICANT = person(Role.APPLICANT, "u-applicant", name="张三")
OTHER_APPLICANT = person(Role.APPLICANT, "u-other", name="李四")
PL_WINDOW = person(Role.WINDOW_STAFF, "u-pl-window", "640221")
PL_APPROVER = person(Role.APPROVER, "u-pl-approver", "640221", "RS")
HM_WINDOW = person(Role.WINDOW_STAFF, "u-hm-window", "371621")
HM_APPROVER = person(Role.APPROVER, "u-hm-approver", "371621", "RS")
SUPERVISOR = person(Role.SUPERVISOR, "u-supervisor", "640221")


@cache
def _content() -> tuple[object, object, object]:
    return load_catalog(ROOT), load_jurisdictions(ROOT), FormLibrary.load(ROOT)


@dataclass
class World:
    deps: Deps
    cases: FakeCases
    queue: FakeQueue
    notifier: FakeNotifier
    blobs: FakeBlobs
    clock: FakeClock


def world() -> World:
    catalog, jurisdictions, forms = _content()
    cases, queue, notifier, blobs, clock = (
        FakeCases(),
        FakeQueue(),
        FakeNotifier(),
        FakeBlobs(),
        FakeClock(),
    )
    notice_log, registry, scan_results = FakeNoticeLog(), FakeRegistry(), FakeScanResults()
    deps = Deps(
        cases=cases,
        counters=FakeCounter(),
        blobs=blobs,
        tasks=queue,
        notifier=notifier,
        notices=notice_log,
        renderer=FakeRenderer(),
        clock=clock,
        ids=FakeIds(),
        catalog=catalog,  # type: ignore[arg-type]
        jurisdictions=jurisdictions,  # type: ignore[arg-type]
        forms=forms,  # type: ignore[arg-type]
        alerts=FakeAlerts(),
        calendar=load_calendar(ROOT),
        feedback=FakeFeedback(cases),
        documents=FakeBlobs(),
        registry=registry,
        issuer=FakeIssuer(),
        scanner=FakeScanner(),
        scans=scan_results,
        case_files=ComposedCaseFiles(cases, notice_log, registry, scan_results),
    )
    return World(deps=deps, cases=cases, queue=queue, notifier=notifier, blobs=blobs, clock=clock)
