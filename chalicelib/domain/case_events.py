"""A case's audit trail: who did a step (谁办理谁负责) and the append-only, hash-chained events."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from .roles import Principal


@dataclass(frozen=True)
class Actor:
    """Who did a step, where: the record of 谁办理谁负责."""

    user_id: str
    name: str
    role: str
    jurisdiction: str
    center: str
    department: str
    # The login, kept for the audit; people see `name` (the person) on notices and documents.
    login: str = ""

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(
            user_id=principal.user_id,
            name=principal.name,
            role=principal.primary_role.value,
            jurisdiction=principal.jurisdiction,
            center=principal.center,
            department=principal.department,
            login=principal.username,
        )

    def record(self) -> dict[str, str]:
        """The actor as hashed into the audit chain (without an empty login, so older links still verify)."""
        data = dict(self.__dict__)
        if not data["login"]:
            del data["login"]
        return data


@dataclass(frozen=True)
class CaseEvent:
    """One line of a case's append-only, hash-chained audit trail and timeline."""

    case_id: str
    seq: int
    at: str
    action: str
    from_status: str
    to_status: str
    actor: Actor
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""

    def body(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "seq": self.seq,
            "at": self.at,
            "action": self.action,
            "from_status": self.from_status,
            "to_status": self.to_status,
            "actor": self.actor.record(),
            "reason": self.reason,
            "details": self.details,
            "prev_hash": self.prev_hash,
        }

    def computed_hash(self) -> str:
        canonical = json.dumps(
            self.body(), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def sealed(self) -> CaseEvent:
        return replace(self, hash=self.computed_hash())


def verify_chain(events: list[CaseEvent]) -> list[str]:
    """Return the problems found in a case's audit chain (empty when intact)."""
    problems: list[str] = []
    prev = ""
    for expected_seq, event in enumerate(sorted(events, key=lambda e: e.seq), start=1):
        if event.seq != expected_seq:
            problems.append(f"第 {expected_seq} 条记录缺失或序号错误（见到 {event.seq}）")
        if event.prev_hash != prev:
            problems.append(f"第 {event.seq} 条记录的前序哈希不符")
        if event.computed_hash() != event.hash:
            problems.append(f"第 {event.seq} 条记录内容被改动（哈希不符）")
        prev = event.hash
    return problems
