"""The case view that answers a step: its personal-data record saved in the step's own write, and the
case's file after the step made from the file read before it, so the answer needs no second read."""

from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.roles import Principal

from .personal_data import step_view_record
from .ports import CaseFile, Clock
from .queries import actions_for


class AnswerViewRecord:
    """Passed as a step's `shown`: makes the record when the step is saved, so it rides in the same
    transaction. `saved` tells the view built afterwards not to record it again; it stays False when
    the request saved no step (attaching a file already attached), and the view then records itself."""

    def __init__(self, clock: Clock, principal: Principal) -> None:
        self._clock = clock
        self._principal = principal
        self.saved = False
        self._event: CaseEvent | None = None

    def __call__(self, case: Case, event: CaseEvent) -> PersonalDataView | None:
        labels = [a.label_zh for a in actions_for(case, self._principal)]
        self.saved = (
            True  # None as well: a masked answer, or an applicant's own look, records nothing
        )
        self._event = event
        return step_view_record(self._clock, case, self._principal, labels)

    def file_after(self, before: CaseFile, case: Case) -> CaseFile:
        """The file as the step left it: a step adds its one event (what queue consumers add after
        it, a notice or a document, comes later either way); without a step, the file as it was."""
        events = before.events
        if self.saved and self._event is not None and all(e.seq != self._event.seq for e in events):
            events = [*events, self._event]
        return replace(before, events=events, case=case)
