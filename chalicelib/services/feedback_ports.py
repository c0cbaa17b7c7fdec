"""Ports of 好差评 and 问题处理: storage of evaluations, 差评整改 cases and problem tickets."""

from __future__ import annotations

from typing import Protocol

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.evaluations import Evaluation
from chalicelib.domain.problems import ProblemTicket
from chalicelib.domain.rectification import Rectification


class CaseReader(Protocol):
    """What feedback needs of the case repository (services.ports.CaseRepository satisfies it)."""

    def get(self, case_id: str) -> Case:
        """Load a case or raise NotFoundError."""
        ...

    def events(self, case_id: str) -> list[CaseEvent]:
        """The case's events in order."""
        ...


class FeedbackRepository(Protocol):
    """Every write is conditional: a lost race raises ConcurrencyError, nothing is half-written."""

    # --- evaluations -------------------------------------------------------------------------
    def add_evaluation(
        self, evaluation: Evaluation, rectification: Rectification | None = None
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

    def evaluations_by_jurisdiction(self, jurisdiction: str) -> list[Evaluation]:
        """Evaluations whose rated unit is in `jurisdiction`, oldest first."""
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
    ) -> None:
        """Store a changed rectification (and, when an appeal is upheld, its evaluation) atomically."""
        ...

    def rectifications_for_case(self, case_id: str) -> list[Rectification]:
        """Every rectification of a case."""
        ...

    def rectifications_by_jurisdiction(self, jurisdiction: str) -> list[Rectification]:
        """Every rectification owned by a unit of `jurisdiction`, oldest first."""
        ...

    def open_rectifications(self, jurisdiction: str) -> list[Rectification]:
        """Rectifications of `jurisdiction` not yet closed, oldest first."""
        ...

    # --- problem tickets ---------------------------------------------------------------------
    def add_problem(self, ticket: ProblemTicket) -> None:
        """Store a new ticket."""
        ...

    def get_problem(self, ticket_id: str) -> ProblemTicket:
        """Load a ticket or raise NotFoundError."""
        ...

    def save_problem(self, ticket: ProblemTicket, expected_version: int) -> None:
        """Store a changed ticket; ConcurrencyError if its version moved."""
        ...

    def problems_for_case(self, case_id: str) -> list[ProblemTicket]:
        """Every ticket of a case."""
        ...

    def open_problems(self, jurisdiction: str) -> list[ProblemTicket]:
        """Tickets owned by `jurisdiction` not yet closed, oldest first."""
        ...
