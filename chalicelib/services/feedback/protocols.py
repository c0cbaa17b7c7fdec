"""Ports of 好差评 and 问题处理: storage of evaluations, 差评整改 and tickets, the case reader and outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.feedback.evaluations import Evaluation
from chalicelib.domain.feedback.problem_tickets import ProblemTicket
from chalicelib.domain.feedback.rectifications import Rectification

# One entry of a case's transactional outbox, shaped as services.outbox shapes them:
# {"id": unique within the case, "queue": "notices" or a jurisdiction key, "body": the queue message}.
OutboxEntry = dict[str, Any]


class CaseReader(Protocol):
    """What feedback needs of the case repository (services.ports.CaseRepository satisfies it)."""

    def get(self, case_id: str) -> Case:
        """Load a case or raise NotFoundError."""
        ...

    def events(self, case_id: str) -> list[CaseEvent]:
        """The case's events in order."""
        ...


class CaseOutbox(Protocol):
    """Sends what a case's outbox holds now (the minute sweep sends whatever this could not)."""

    def flush(self, case_id: str) -> int:
        """Send and clear the case's pending outbox messages; the count sent. Never raises for a send fault."""
        ...


class NewIds(Protocol):
    """Where ticket ids come from (services.ports.IdSource satisfies it)."""

    def new_id(self) -> str:
        """An unguessable identifier."""
        ...


class FeedbackRepository(Protocol):
    """Every write is conditional: a lost race raises ConcurrencyError, nothing is half-written.

    `notices` are appended to the outbox of the case (the case item, its version unchanged) in the
    same transaction as the feedback write, so a notice is never lost when the queue is down.
    """

    # --- evaluations -------------------------------------------------------------------------
    def add_evaluation(
        self,
        evaluation: Evaluation,
        rectification: Rectification | None = None,
        notices: Sequence[OutboxEntry] = (),
    ) -> None:
        """Store a new evaluation (one per case) and, for a 差评, its rectification, atomically."""
        ...

    def get_evaluation(self, evaluation_id: str) -> Evaluation:
        """Load an evaluation or raise NotFoundError."""
        ...

    def save_evaluation(self, evaluation: Evaluation, expected_version: int) -> None:
        """Store a changed evaluation (追评); ConcurrencyError if its version moved."""
        ...

    def find_evaluation_for_case(self, case_id: str) -> Evaluation | None:
        """The case's evaluation, if it was rated."""
        ...

    def evaluations_by_jurisdiction(
        self, jurisdiction: str, since: date | None = None, until: date | None = None
    ) -> list[Evaluation]:
        """Evaluations whose rated unit is in `jurisdiction`, rated on those days (China time),
        oldest first; the days are a key condition, not a filter."""
        ...

    # --- rectifications ----------------------------------------------------------------------
    def get_rectification(self, rectification_id: str) -> Rectification:
        """Load a rectification or raise NotFoundError."""
        ...

    def save_rectification(
        self,
        rectification: Rectification,
        expected_version: int,
        evaluation: Evaluation | None = None,
        evaluation_expected_version: int | None = None,
        notices: Sequence[OutboxEntry] = (),
    ) -> None:
        """Store a changed rectification (and, when an appeal is upheld, its evaluation) atomically."""
        ...

    def rectifications_for_case(self, case_id: str) -> list[Rectification]:
        """Every rectification of a case."""
        ...

    def rectifications_by_jurisdiction(
        self, jurisdiction: str, since: date | None = None, until: date | None = None
    ) -> list[Rectification]:
        """Rectifications owned by a unit of `jurisdiction` opened on those days, oldest first."""
        ...

    def open_rectifications(self, jurisdiction: str) -> list[Rectification]:
        """Rectifications of `jurisdiction` not yet closed, oldest first."""
        ...

    # --- problem tickets ---------------------------------------------------------------------
    def add_problem(self, ticket: ProblemTicket, notices: Sequence[OutboxEntry] = ()) -> None:
        """Store a new ticket."""
        ...

    def get_problem(self, ticket_id: str) -> ProblemTicket:
        """Load a ticket or raise NotFoundError."""
        ...

    def save_problem(
        self, ticket: ProblemTicket, expected_version: int, notices: Sequence[OutboxEntry] = ()
    ) -> None:
        """Store a changed ticket; ConcurrencyError if its version moved."""
        ...

    def problems_for_case(self, case_id: str) -> list[ProblemTicket]:
        """Every ticket of a case."""
        ...

    def open_problems(self, jurisdiction: str) -> list[ProblemTicket]:
        """Tickets owned by `jurisdiction` not yet closed, oldest first."""
        ...
