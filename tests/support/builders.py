"""Builders for tests: principals of each role and an adapter set of fakes with the shipped content."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chalicelib.bootstrap import port_builders
from chalicelib.bootstrap.adapter_set import AdapterSet
from chalicelib.content.calendar_files import load_calendar
from chalicelib.content.catalog_files import load_catalog, load_jurisdictions
from chalicelib.content.form_files import FormLibrary
from chalicelib.domain.roles import Principal, Role
from chalicelib.services.deadline_sweep import SweepPorts
from chalicelib.services.document_issuing import DocumentPorts
from chalicelib.services.dossier_assembly import DossierPorts
from chalicelib.services.intake import IntakePorts
from chalicelib.services.material_scans import ScanPorts
from chalicelib.services.notices import NoticePorts
from chalicelib.services.queries import QueryPorts
from chalicelib.services.rate_limits import RateLimitPorts
from chalicelib.services.steps import StepPorts
from chalicelib.services.tracking import TrackingPorts

from .fakes import (
    ComposedCaseFiles,
    FakeAlerts,
    FakeBlobs,
    FakeCases,
    FakeClock,
    FakeCounter,
    FakeHitCounter,
    FakeIds,
    FakeIssuer,
    FakeNoticeLog,
    FakeNotifier,
    FakeQueue,
    FakeRegistry,
    FakeRenderer,
    FakeScanner,
    FakeScanResults,
    FakeSecrets,
)
from .fakes_queues import FakeDeadLetters
from .feedback_fakes import FakeFeedback
from .privacy_fakes import FakePersonalDataAccessLog

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
PL_SC_APPROVER = person(Role.APPROVER, "u-pl-sc", "640221", "SC", name="李婷")
# 负责人 of 平罗's 市场监管: approves extensions (第四十二条) and decides as an approver too.
PL_SC_HEAD = Principal(
    user_id="u-pl-sc-head",
    username="pl_sc_head",
    name="张建国",
    roles=frozenset({Role.APPROVER, Role.DEPARTMENT_HEAD}),
    jurisdiction="640221",
    center="640221-ZX",
    department="SC",
)


@cache
def _content() -> tuple[object, object, object]:
    return load_catalog(ROOT), load_jurisdictions(ROOT), FormLibrary.load(ROOT)


@dataclass
class World:
    """Fakes and the ports of every use case, wired as chalicelib.bootstrap wires the real adapters."""

    deps: AdapterSet
    cases: FakeCases
    queue: FakeQueue
    notifier: FakeNotifier
    blobs: FakeBlobs
    clock: FakeClock

    @property
    def steps(self) -> StepPorts:
        return port_builders.steps_from(self.deps)

    @property
    def intake(self) -> IntakePorts:
        return port_builders.intake_from(self.deps)

    @property
    def sweep(self) -> SweepPorts:
        return port_builders.sweep_from(self.deps)

    @property
    def notices(self) -> NoticePorts:
        return port_builders.notices_from(self.deps)

    @property
    def scans(self) -> ScanPorts:
        return port_builders.scans_from(self.deps)

    @property
    def queries(self) -> QueryPorts:
        return port_builders.queries_from(self.deps)

    @property
    def documents(self) -> DocumentPorts:
        return port_builders.documents_from(self.deps)

    @property
    def dossier(self) -> DossierPorts:
        return port_builders.dossier_from(self.deps)

    @property
    def tracking(self) -> TrackingPorts:
        return port_builders.tracking_from(self.deps)

    @property
    def rate_limits(self) -> RateLimitPorts:
        return port_builders.rate_limits_from(self.deps)


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
    views = FakePersonalDataAccessLog()
    cases.views_log = views  # a step's own view record is written with the step, as DynamoDB does
    deps = AdapterSet(
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
        personal_data_views=views,
        hits=FakeHitCounter(),
        secrets=FakeSecrets(),
        dead_letters=FakeDeadLetters(),
    )
    return World(deps=deps, cases=cases, queue=queue, notifier=notifier, blobs=blobs, clock=clock)
