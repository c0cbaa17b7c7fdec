"""The personal-data record of the case view that answers a step, saved in the step's own write."""

from __future__ import annotations

from chalicelib.domain.cases import Case
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.roles import Principal

from .personal_data import step_view_record
from .ports import Clock
from .queries import actions_for


class AnswerViewRecord:
    """Passed as a step's `shown`: makes the record when the step is saved, so it rides in the same
    transaction. `saved` tells the view built afterwards not to record it again; it stays False when
    the request saved no step (attaching a file already attached), and the view then records itself."""

    def __init__(self, clock: Clock, principal: Principal) -> None:
        self._clock = clock
        self._principal = principal
        self.saved = False

    def __call__(self, case: Case) -> PersonalDataView | None:
        labels = [a.label_zh for a in actions_for(case, self._principal)]
        self.saved = (
            True  # None as well: a masked answer, or an applicant's own look, records nothing
        )
        return step_view_record(self._clock, case, self._principal, labels)
