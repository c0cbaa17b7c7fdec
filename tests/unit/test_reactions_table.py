"""The reactions table: every step of every mode emits what the law requires, and only known things."""

from __future__ import annotations

import pytest

from chalicelib.domain.document_kinds import is_document_kind
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.reactions import REQUIRED_BY_LAW, emissions, reaction_for
from chalicelib.domain.statuses import Action
from chalicelib.domain.transfers import TRANSFER_ACTIONS
from chalicelib.domain.transitions import TRANSITIONS
from chalicelib.services.notices import NOTICE_TITLES

ACTIONS_IN_TABLE = sorted({a for (_, a) in TRANSITIONS}, key=str)


def occurs(mode: HandlingMode, action: Action) -> bool:
    return not (mode is HandlingMode.ONLINE and action in TRANSFER_ACTIONS)


@pytest.mark.parametrize("mode", list(HandlingMode))
@pytest.mark.parametrize("action", sorted(REQUIRED_BY_LAW, key=str))
def test_every_step_the_law_puts_in_writing_emits_its_notice_and_document(
    mode: HandlingMode, action: Action
) -> None:
    article, notice, document = REQUIRED_BY_LAW[action]
    row = reaction_for(mode, action)
    assert row.notice == notice, f"{article}: {mode} {action} must tell the applicant"
    assert row.document == document, f"{article}: {mode} {action} must issue {document}"


@pytest.mark.parametrize("mode", list(HandlingMode))
@pytest.mark.parametrize("action", ACTIONS_IN_TABLE)
def test_every_emitted_notice_has_a_template_and_every_document_a_kind(
    mode: HandlingMode, action: Action
) -> None:
    row = reaction_for(mode, action)
    assert not row.notice or row.notice in NOTICE_TITLES
    assert not row.document or is_document_kind(row.document)


@pytest.mark.parametrize("mode", list(HandlingMode))
def test_the_applicant_hears_of_the_result_once_in_every_mode(mode: HandlingMode) -> None:
    result_notices = {"completed_online", "result_ready"}
    heard = [
        a
        for a in ACTIONS_IN_TABLE
        if occurs(mode, a) and reaction_for(mode, a).notice in result_notices
    ]
    assert len(heard) == 1, (mode, heard)


def test_a_submission_routes_the_case_and_a_supplement_does_not_resend_the_query_code() -> None:
    assert reaction_for(HandlingMode.ONLINE, Action.SUBMIT).route
    supplement = reaction_for(HandlingMode.ONLINE, Action.SUPPLEMENT)
    assert supplement.route and supplement.notice == "supplemented"


def test_a_denials_completion_issues_no_completion_notice() -> None:
    denied = emissions(HandlingMode.ONLINE, Action.COMPLETE, {"decision": "deny"})
    approved = emissions(HandlingMode.ONLINE, Action.COMPLETE, {"decision": "approve"})
    assert (denied.document, approved.document) == ("", "completion_notice")
    assert denied.notice == approved.notice == "completed_online"
