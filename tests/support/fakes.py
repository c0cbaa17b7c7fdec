"""In-memory fakes of every port, for unit tests of the use cases (no AWS, no patching)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from chalicelib.domain.case_lists import Listing, index_keys, list_row
from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.errors import BadRequestError, ConcurrencyError, NotFoundError
from chalicelib.domain.paging import BAD_CURSOR, decode_cursor, encode_cursor
from chalicelib.services.notice_params import email_subject, notice_text
from chalicelib.services.ports import Notice, NoticeRenderer

from .fakes_documents import FakeIssuer as FakeIssuer
from .fakes_documents import FakeRegistry as FakeRegistry
from .fakes_documents import FakeScanner as FakeScanner
from .fakes_documents import FakeScanResults as FakeScanResults
from .fakes_storage import FakeBlobs as FakeBlobs  # re-exported: every test imports fakes from here
from .fakes_storage import FakeHitCounter as FakeHitCounter
from .fakes_storage import FakeSecrets as FakeSecrets
from .privacy_fakes import FakePersonalDataAccessLog

CHINA = timezone(timedelta(hours=8))


class FakeCases:
    def __init__(self) -> None:
        self.cases: dict[str, Case] = {}
        self.event_log: dict[str, list[CaseEvent]] = {}
        self.idempotency: dict[str, str] = {}
        self.list_queries: list[tuple[Listing, int]] = []
        self.views_log: FakePersonalDataAccessLog | None = None  # set by the world that shares it

    def add(self, case: Case, event: CaseEvent, idempotency_key: str = "") -> None:
        if case.case_id in self.cases or idempotency_key in self.idempotency:
            raise ConcurrencyError("exists")
        self.cases[case.case_id] = case
        self.event_log[case.case_id] = [event]
        if idempotency_key:
            self.idempotency[idempotency_key] = case.case_id

    def by_idempotency_key(self, key: str) -> str | None:
        return self.idempotency.get(key)

    def save(
        self,
        case: Case,
        event: CaseEvent,
        expected_version: int,
        views: tuple[PersonalDataView, ...] = (),
        bookkeeping_before: int | None = None,
    ) -> None:
        current = self.cases.get(case.case_id)
        if current is None or current.version != expected_version:
            raise ConcurrencyError("办件已被他人处理，请刷新后重试")
        if bookkeeping_before is not None and current.bookkeeping != bookkeeping_before:
            raise ConcurrencyError("办件刚被系统更新，请重试")
        if views and self.views_log is None:
            raise ValueError("the personal-data views log is not configured")
        self.cases[case.case_id] = case
        self.event_log[case.case_id].append(event)
        for view in views:
            assert self.views_log is not None
            self.views_log.record(view)

    def get(self, case_id: str) -> Case:
        if case_id not in self.cases:
            raise NotFoundError("办件不存在")
        return self.cases[case_id]

    def events(self, case_id: str) -> list[CaseEvent]:
        return list(self.event_log.get(case_id, []))

    def with_event(self, case_id: str, seq: int) -> tuple[Case, CaseEvent | None]:
        return self.get(case_id), next((e for e in self.events(case_id) if e.seq == seq), None)

    def by_number(self, case_number: str) -> Case | None:
        return next((c for c in self.cases.values() if c.case_number == case_number), None)

    def list_page(
        self, listing: Listing, limit: int, cursor: str | None = None
    ) -> tuple[list[Case], str | None]:
        """The same keys, order, rows and cursor checks as the DynamoDB index query."""
        names = {"pk", listing.partition, listing.sort}
        start = decode_cursor(cursor, names, {listing.partition: listing.value})
        if start is not None and not start[listing.sort].startswith(listing.prefix):
            raise BadRequestError(BAD_CURSOR)
        found = []
        for case in self.cases.values():
            keys = {**index_keys(case), "pk": case.case_id}
            if keys.get(listing.partition) == listing.value and str(
                keys.get(listing.sort, "")
            ).startswith(listing.prefix):
                found.append(((keys[listing.sort], case.case_id), keys, case))
        found.sort(key=lambda f: f[0], reverse=listing.newest_first)
        if start is not None:
            mark = (start[listing.sort], start["pk"])
            found = [f for f in found if (f[0] < mark if listing.newest_first else f[0] > mark)]
        self.list_queries.append((listing, limit))
        shown = found[:limit]
        more = len(found) > limit
        last = shown[-1][1] if shown and more else None
        next_cursor = encode_cursor({n: last[n] for n in names}) if last else None
        return [list_row(c) for _, _, c in shown], next_cursor

    def set_routing_state(
        self,
        case_id: str,
        state: str,
        clearing: frozenset[str] = frozenset(),
        as_read: Case | None = None,
    ) -> None:
        case = self.cases[case_id]
        kept = tuple(m for m in case.outbox if m["id"] not in clearing)
        self.cases[case_id] = replace(
            case, routing_state=state, outbox=kept, bookkeeping=case.bookkeeping + 1
        )

    def pending_outbox(self, older_than: datetime) -> list[Case]:
        stamp = older_than.isoformat(timespec="seconds")
        return [c for c in self.cases.values() if c.outbox and c.updated_at < stamp]

    def clear_outbox(
        self, case_id: str, message_ids: frozenset[str], as_written: Case | None = None
    ) -> None:
        case = self.cases[case_id]
        kept = tuple(m for m in case.outbox if m["id"] not in message_ids)
        self.cases[case_id] = replace(case, outbox=kept, bookkeeping=case.bookkeeping + 1)


class FakeCounter:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.checkpoints: dict[str, str] = {}

    def next(self, name: str) -> int:
        self.values[name] = self.values.get(name, 0) + 1
        return self.values[name]

    def peek(self, name: str) -> int:
        return self.values.get(name, 0)

    def checkpoint(self, name: str) -> str | None:
        return self.checkpoints.get(name)

    def set_checkpoint(self, name: str, position: str) -> None:
        self.checkpoints[name] = position


@dataclass
class FakeQueue:
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail_next: int = 0

    def send(self, queue_key: str, message: dict[str, Any]) -> None:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise RuntimeError("queue unavailable")
        self.sent.append((queue_key, message))

    def drain(self, key: str) -> list[dict[str, Any]]:
        taken = [m for k, m in self.sent if k == key]
        self.sent = [(k, m) for k, m in self.sent if k != key]
        return taken

    def queued_notices(self) -> list[str]:
        """Every notice sent so far, in order: alone on the notices queue, or riding with its document."""
        return [str(m["notice"]) for k, m in self.sent if _carries_notice(k, m)]

    def drain_notices(self) -> list[dict[str, Any]]:
        """Take the messages that carry a notice (a document's notice rides with the document)."""
        taken = [m for k, m in self.sent if _carries_notice(k, m)]
        self.sent = [(k, m) for k, m in self.sent if not _carries_notice(k, m)]
        return taken


def _carries_notice(key: str, message: dict[str, Any]) -> bool:
    return key in ("notices", "documents") and bool(message.get("notice"))


@dataclass
class FakeNotifier:
    """Renders like the SNS/SES adapter (kind + parameters → text) and keeps what it would have sent."""

    sms: list[tuple[str, str]] = field(default_factory=list)
    emails: list[tuple[str, str, str]] = field(default_factory=list)
    sent: list[Notice] = field(default_factory=list)
    renderer: NoticeRenderer = field(default_factory=lambda: FakeRenderer())

    def send_sms(self, phone: str, notice: Notice) -> str:
        self.sent.append(notice)
        self.sms.append((phone, notice_text(self.renderer, notice)))
        return f"sms-{len(self.sms)}"

    def send_email(self, to: str, notice: Notice) -> str:
        self.sent.append(notice)
        self.emails.append((to, email_subject(notice), notice_text(self.renderer, notice)))
        return f"mail-{len(self.emails)}"


class FakeNoticeLog:
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], dict[str, Any]] = {}

    def claim(self, case_id: str, notice_id: str, record: dict[str, Any], stale_before: str) -> str:
        existing = self.records.get((case_id, notice_id))
        if existing and existing["status"] == "sent":
            return "sent"
        if existing and existing["claimed_at"] >= stale_before:
            return "in_flight"
        self.records[(case_id, notice_id)] = {**record, "status": "sending"}
        return "claimed"

    def mark(self, case_id: str, notice_id: str, status: str, provider_id: str) -> None:
        self.records[(case_id, notice_id)]["status"] = status

    def release(self, case_id: str, notice_id: str) -> None:
        self.records.pop((case_id, notice_id), None)

    def list(self, case_id: str) -> list[dict[str, Any]]:
        return [r for (cid, _), r in self.records.items() if cid == case_id]


class FakeRenderer:
    def render(self, template: str, context: dict[str, Any]) -> str:
        return f"{template}:{context['number']}"


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 26, 9, 0, tzinfo=CHINA)

    def now(self) -> datetime:
        return self.current

    def today(self) -> date:
        return self.current.date()

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


class FakeIds:
    def __init__(self) -> None:
        self._n = itertools.count(1)

    def new_id(self) -> str:
        return f"id{next(self._n):030d}"

    def query_code(self) -> str:
        return "123456"

    def tracking_token(self) -> str:
        self._tokens = getattr(self, "_tokens", 0) + 1
        return f"tok{self._tokens:013d}"


class FakeAlerts:
    def __init__(self) -> None:
        self.sent: dict[tuple[str, str], tuple[str, str, str]] = {}

    def send_once(
        self, case_id: str, alert_id: str, jurisdiction: str, department: str, text: str
    ) -> bool:
        if (case_id, alert_id) in self.sent:
            return False
        self.sent[(case_id, alert_id)] = (jurisdiction, department, text)
        return True


class ComposedCaseFiles:
    """The case file read port over the separate fakes (the DynamoDB adapter reads one partition)."""

    def __init__(self, cases: Any, notices: Any, registry: Any, scans: Any) -> None:
        self._parts = (cases, notices, registry, scans)

    def read(self, case_id: str) -> Any:
        from chalicelib.domain.errors import NotFoundError
        from chalicelib.services.ports import CaseFile

        cases, notices, registry, scans = self._parts
        try:
            case = cases.get(case_id)
        except NotFoundError:
            case = None
        return CaseFile(
            case=case,
            events=cases.events(case_id),
            notices=notices.list(case_id),
            documents=registry.for_case(case_id),
            scans=scans.for_case(case_id),
        )
