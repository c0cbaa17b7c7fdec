"""A tiny state machine for feedback work items: status × action → status, who may act, and the step record."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from chalicelib.domain.cases import Actor
from chalicelib.domain.errors import ForbiddenActionError, InvalidTransitionError
from chalicelib.domain.roles import Principal, Role

from .free_text import clean_text


class Labelled(Protocol):
    """A status or action enum member: a stable code and a Chinese label."""

    @property
    def value(self) -> str: ...

    @property
    def label_zh(self) -> str: ...


S = TypeVar("S", bound=Labelled)
A = TypeVar("A", bound=Labelled)


@dataclass(frozen=True)
class Step:
    """One line of an append-only history: what was done, by whom, when and why."""

    seq: int
    action: str
    from_status: str
    to_status: str
    at: str
    actor: Actor
    note: str = ""
    details: dict[str, str] = field(default_factory=dict)


def opening_step(
    status: Labelled, actor: Actor, at: datetime, note: str, details: dict[str, str]
) -> Step:
    """The first line of a history: the item was opened in `status`."""
    return Step(
        seq=1,
        action="open",
        from_status="",
        to_status=status.value,
        at=at.isoformat(timespec="seconds"),
        actor=actor,
        note=note,
        details=details,
    )


@dataclass(frozen=True)
class Machine(Generic[S, A]):
    """The rules of one kind of work item; the item's module adds its own ownership checks."""

    item_label: str  # "整改单", "问题单": how refusals name the item
    transitions: Mapping[tuple[S, A], S]
    roles: Mapping[A, frozenset[Role]]
    note_required: frozenset[A]
    note_label: str
    note_max_chars: int

    def target(self, status: S, action: A) -> S:
        """Where `action` leads from `status`, or a Chinese refusal naming both."""
        found = self.transitions.get((status, action))
        if found is None:
            raise InvalidTransitionError(
                f"{self.item_label}当前状态为“{status.label_zh}”，不能执行“{action.label_zh}”",
                details={"status": status.value, "action": action.value},
            )
        return found

    def allowed(self, status: S) -> tuple[A, ...]:
        return tuple(a for (s, a) in self.transitions if s == status)

    def check_role(self, principal: Principal, action: A, refusal: str = "") -> None:
        """Raise unless the principal holds a role that may perform `action`."""
        allowed = self.roles[action]
        if not principal.has(*allowed):
            names = "、".join(sorted(r.label_zh for r in allowed))
            raise ForbiddenActionError(refusal or f"“{action.label_zh}”只能由{names}办理")

    def note(self, action: A, value: object) -> str:
        """The step's note, checked; some actions must say why."""
        return clean_text(
            value, self.note_label, self.note_max_chars, required=action in self.note_required
        )

    def step(
        self,
        history: tuple[Step, ...],
        current: S,
        action: A,
        target: S,
        principal: Principal,
        at: datetime,
        note: str,
        details: dict[str, str] | None = None,
    ) -> Step:
        """The record of one move, numbered after `history`."""
        return Step(
            seq=len(history) + 1,
            action=action.value,
            from_status=current.value,
            to_status=target.value,
            at=at.isoformat(timespec="seconds"),
            actor=Actor.of(principal),
            note=note,
            details=dict(details or {}),
        )
