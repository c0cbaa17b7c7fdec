"""Creating a case answers with the case as written: the file a fresh case has (its one event) comes
from the request itself, and the answer is the view a later read gives; a repeated request reads."""

from __future__ import annotations

from chalicelib.domain.cases import Case
from chalicelib.services import intake, queries
from chalicelib.services.ports import CaseFile
from tests.support.builders import APPLICANT, World, world
from tests.unit.test_intake_and_handling import answers


def _create(w: World, key: str = "k-1") -> tuple[Case, CaseFile | None]:
    return intake.create_case_with_file(
        w.intake,
        APPLICANT,
        item_code="RS-002",
        mode="online",
        home_code="640221",
        answers=answers(),
        idempotency_key=key,
    )


def test_a_fresh_case_comes_with_its_file_exactly_as_stored() -> None:
    w = world()
    case, file = _create(w)
    stored = w.deps.case_files.read(case.case_id)
    assert file is not None
    assert file.events == stored.events and len(file.events) == 1
    assert (file.notices, file.documents, file.scans) == (
        stored.notices,
        stored.documents,
        stored.scans,
    )


def test_the_answer_to_a_create_is_the_view_a_later_read_gives() -> None:
    w = world()
    case, file = _create(w)
    answered = queries.case_view(w.queries, APPLICANT, case, file=file)
    assert answered == queries.case_view(w.queries, APPLICANT, w.cases.get(case.case_id))


def test_a_repeated_request_returns_the_earlier_case_and_leaves_its_file_to_be_read() -> None:
    w = world()
    first, _ = _create(w)
    again, file = _create(w)
    assert again.case_id == first.case_id
    assert file is None


def test_a_first_create_claims_its_key_in_the_transaction_without_looking_it_up() -> None:
    w = world()
    looked_up: list[str] = []
    lookup = w.cases.by_idempotency_key

    def recording(key: str) -> str | None:
        looked_up.append(key)
        return lookup(key)

    w.cases.by_idempotency_key = recording  # type: ignore[method-assign]
    first, _ = _create(w, "k-9")
    assert looked_up == []
    again, _ = _create(w, "k-9")
    assert again.case_id == first.case_id and len(looked_up) == 1
