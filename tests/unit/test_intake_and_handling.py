"""Use cases on in-memory fakes: intake, handling, notices — nothing lost, nothing twice (routing: its own file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.domain.errors import (
    BadRequestError,
    ConcurrencyError,
    ForbiddenActionError,
    InvalidTransitionError,
    NotFoundError,
    ValidationFailedError,
)
from chalicelib.domain.statuses import CaseStatus
from chalicelib.services import handling, intake, material_intake, notices, queries, routing
from chalicelib.services.ports import Notice
from tests.support.builders import (
    APPLICANT,
    HM_APPROVER,
    OTHER_APPLICANT,
    PL_APPROVER,
    PL_WINDOW,
    World,
    world,
)

SAMPLES = Path(__file__).resolve().parents[1] / "content" / "samples"


def answers(form_id: str = "unemployment-registration") -> dict[str, object]:
    data: dict[str, object] = json.loads((SAMPLES / f"{form_id}.json").read_text(encoding="utf-8"))[
        "valid"
    ]
    return data


def draft(w: World) -> str:
    case = intake.create_case(
        w.intake,
        APPLICANT,
        item_code="RS-002",
        mode="online",
        home_code="640221",
        answers=answers(),
    )
    return case.case_id


def attach_id_card(w: World, case_id: str) -> None:
    ticket = material_intake.request_upload(
        w.intake,
        APPLICANT,
        case_id,
        slot_id="id_card",
        filename="id.jpg",
        content_type="image/jpeg",
        size=1000,
    )
    w.blobs.uploaded(ticket.key, 1000, "image/jpeg")
    material_intake.attach_material(w.intake, APPLICANT, case_id, key=ticket.key)


def submitted(w: World) -> str:
    case_id = draft(w)
    attach_id_card(w, case_id)
    intake.submit_case(w.intake, APPLICANT, case_id)
    return case_id


def deliver_routes(w: World) -> list[str]:
    return [routing.receive_routed_case(w.steps, m, "640221") for m in w.queue.drain("640221")]


def test_a_draft_records_the_form_version_and_the_applicant_from_the_answers() -> None:
    w = world()
    case = w.cases.get(draft(w))
    assert (case.form_id, case.form_version) == ("unemployment-registration", 1)
    assert case.applicant_phone == answers()["applicant_phone"]
    assert case.case_number.startswith("KS640221-20261126-000001")


def test_invalid_answers_are_rejected_with_field_errors_and_nothing_is_stored() -> None:
    w = world()
    bad = {**answers(), "applicant_id_number": "640221199001010010"}
    with pytest.raises(ValidationFailedError) as raised:
        intake.create_case(
            w.intake, APPLICANT, item_code="RS-002", mode="online", home_code="640221", answers=bad
        )
    assert any(e["path"] == "applicant_id_number" for e in raised.value.details)  # type: ignore[attr-defined]
    assert w.cases.cases == {}


def test_an_applicant_cannot_file_a_counter_only_mode_online() -> None:
    w = world()
    with pytest.raises(ForbiddenActionError, match="跨省通办窗口"):
        intake.create_case(
            w.intake,
            APPLICANT,
            item_code="RS-002",
            mode="proxy",
            home_code="640221",
            answers=answers(),
        )


def test_an_unknown_item_or_jurisdiction_is_a_clear_error() -> None:
    w = world()
    with pytest.raises(LookupError):
        intake.create_case(
            w.intake,
            APPLICANT,
            item_code="XX-999",
            mode="online",
            home_code="640221",
            answers=answers(),
        )
    with pytest.raises(LookupError):
        intake.create_case(
            w.intake,
            APPLICANT,
            item_code="RS-002",
            mode="online",
            home_code="999999",
            answers=answers(),
        )


def test_a_counter_can_take_a_proxy_case_for_a_partner_home_jurisdiction() -> None:
    w = world()
    case = intake.create_case(
        w.intake, PL_WINDOW, item_code="RS-002", mode="proxy", home_code="140823", answers=answers()
    )
    assert (case.receiving_code, case.home_code, case.receiving_center) == (
        "640221",
        "140823",
        "640221-ZX",
    )
    assert (
        case.applicant_user_id == ""
    )  # the person at the counter has no account; notices go to their phone


def test_submitting_without_a_required_material_lists_what_is_missing() -> None:
    w = world()
    case_id = draft(w)
    with pytest.raises(ValidationFailedError, match="材料不齐全"):
        intake.submit_case(w.intake, APPLICANT, case_id)
    assert w.cases.get(case_id).status is CaseStatus.DRAFT


def test_uploads_are_checked_against_the_slot() -> None:
    w = world()
    case_id = draft(w)
    with pytest.raises(BadRequestError, match="格式"):
        material_intake.request_upload(
            w.intake,
            APPLICANT,
            case_id,
            slot_id="id_card",
            filename="a.exe",
            content_type="application/x-msdownload",
            size=10,
        )
    with pytest.raises(BadRequestError, match="过大"):
        material_intake.request_upload(
            w.intake,
            APPLICANT,
            case_id,
            slot_id="id_card",
            filename="a.jpg",
            content_type="image/jpeg",
            size=10**9,
        )
    with pytest.raises(BadRequestError):
        material_intake.attach_material(
            w.intake, APPLICANT, case_id, key=f"cases/{case_id}/id_card/x/never-uploaded.jpg"
        )
    with pytest.raises(NotFoundError):
        material_intake.request_upload(
            w.intake,
            OTHER_APPLICANT,
            case_id,
            slot_id="id_card",
            filename="a.jpg",
            content_type="image/jpeg",
            size=10,
        )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\身份证.jpg", "身份证.jpg"),
        ("", "file"),
        ("a b;c.pdf", "a_b_c.pdf"),
    ],
)
def test_file_names_are_reduced_to_a_harmless_base_name(given: str, expected: str) -> None:
    assert intake.safe_filename(given) == expected


def test_two_approvers_clicking_at_once_exactly_one_wins() -> None:
    w = world()
    case_id = submitted(w)
    deliver_routes(w)
    version = w.cases.get(case_id).version
    handling.perform(w.steps, PL_APPROVER, case_id, action="accept", expected_version=version)
    with pytest.raises(ConcurrencyError):
        handling.perform(w.steps, PL_APPROVER, case_id, action="accept", expected_version=version)
    assert w.cases.get(case_id).status is CaseStatus.ACCEPTED


def test_a_partner_approver_cannot_act_on_a_case_it_does_not_own() -> None:
    w = world()
    case_id = submitted(w)
    # What you may not see does not exist for you: the same answer as for a missing case.
    with pytest.raises(NotFoundError):
        handling.perform(w.steps, HM_APPROVER, case_id, action="accept")
    with pytest.raises(NotFoundError):
        queries.get_case(w.queries, HM_APPROVER, case_id)


def test_a_wrong_state_action_is_refused_and_leaves_the_case_as_it_was() -> None:
    w = world()
    case_id = submitted(w)
    before = w.cases.get(case_id)
    with pytest.raises(InvalidTransitionError, match="不能执行"):
        handling.perform(w.steps, PL_APPROVER, case_id, action="complete")
    assert w.cases.get(case_id) == before


def test_milestone_notices_are_sent_once_each() -> None:
    w = world()
    case_id = submitted(w)
    deliver_routes(w)
    for action in ("accept", "approve", "complete"):
        handling.perform(w.steps, PL_APPROVER, case_id, action=action, reason="符合条件")
    messages = w.queue.drain_notices()
    outcomes = [notices.send_notice(w.notices, m) for m in [*messages, *messages]]
    assert outcomes == ["sent"] * 3 + ["duplicate"] * 3
    assert [text.split(":")[0] for _, text in w.notifier.sms] == [
        "sms/received.txt.j2",
        "sms/accepted.txt.j2",
        "sms/completed_online.txt.j2",
    ]


def test_a_failed_sms_is_released_so_the_retry_sends_it() -> None:
    w = world()
    case_id = submitted(w)
    message = w.queue.drain_notices()[0]

    class Down:
        def send_sms(self, phone: str, notice: Notice) -> str:
            raise RuntimeError("SNS throttled")

        def send_email(self, to: str, notice: Notice) -> str:
            raise RuntimeError("SES down")

    from dataclasses import replace

    broken = replace(w.notices, notifier=Down())
    with pytest.raises(RuntimeError):
        notices.send_notice(broken, message)
    assert notices.send_notice(w.notices, message) == "sent"
    assert len(w.deps.notices.list(case_id)) == 1


def test_the_applicant_sees_a_timeline_with_chinese_labels_and_no_staff_actions() -> None:
    w = world()
    case_id = submitted(w)
    view = queries.get_case(w.queries, APPLICANT, case_id)
    assert [t["action_label"] for t in view["timeline"]] == ["填写申请", "上传材料", "提交申请"]
    assert {a["action"] for a in view["available_actions"]} <= {"withdraw"}


def test_an_applicant_with_an_email_address_gets_each_notice_by_sms_and_email() -> None:
    from dataclasses import replace

    w = world()
    with_mail = replace(APPLICANT, email="zhangsan@example.cn")
    case = intake.create_case(
        w.intake,
        with_mail,
        item_code="RS-002",
        mode="online",
        home_code="640221",
        answers=answers(),
    )
    attach_id_card(w, case.case_id)
    intake.submit_case(w.intake, with_mail, case.case_id)
    message = w.queue.drain_notices()[0]
    assert notices.send_notice(w.notices, message) == "sent"
    assert notices.send_notice(w.notices, message) == "duplicate"
    assert len(w.notifier.sms) == 1 and [to for to, _, _ in w.notifier.emails] == [
        "zhangsan@example.cn"
    ]
    assert {n["channel"] for n in w.deps.notices.list(case.case_id)} == {"sms", "email"}


def test_a_duplicate_arriving_while_a_notice_is_being_sent_is_retried_not_dropped() -> None:
    w = world()
    submitted(w)
    message = w.queue.drain_notices()[0]
    case_id = message["case_id"]
    notice_id = f"{message['seq']}#received#sms"
    record = {"claimed_at": w.clock.now().isoformat(timespec="microseconds")}
    assert (
        w.deps.notices.claim(case_id, notice_id, record, "0") == "claimed"
    )  # another worker is mid-send
    with pytest.raises(notices.NoticeInFlightError):
        notices.send_notice(w.notices, message)
    w.clock.advance(minutes=10)  # that worker died: its claim goes stale and is taken over
    assert notices.send_notice(w.notices, message) == "sent"


def test_the_case_view_names_the_unit_responsible_for_each_next_step() -> None:
    w = world()
    case = intake.create_case(
        w.intake, PL_WINDOW, item_code="RS-002", mode="proxy", home_code="140823", answers=answers()
    )
    view = queries.get_case(w.queries, PL_WINDOW, case.case_id)
    assert view["responsible"] == []  # a draft is still with whoever is filling it in
    ticket = material_intake.request_upload(
        w.intake,
        PL_WINDOW,
        case.case_id,
        slot_id="id_card",
        filename="id.jpg",
        content_type="image/jpeg",
        size=10,
    )
    w.blobs.uploaded(ticket.key, 10, "image/jpeg")
    material_intake.attach_material(w.intake, PL_WINDOW, case.case_id, key=ticket.key)
    intake.submit_case(w.intake, PL_WINDOW, case.case_id)
    units = {
        u["action"]: u for u in queries.get_case(w.queries, PL_WINDOW, case.case_id)["responsible"]
    }
    assert units["accept"]["jurisdiction"].endswith("平罗县")
    assert units["send_materials"]["jurisdiction"].endswith("平罗县")
    assert (
        units["confirm_materials"]["jurisdiction"].endswith("闻喜县")
        and "人力资源" in units["confirm_materials"]["unit"]
    )


def test_counter_staff_take_cases_in_a_counter_mode_not_as_online_applications() -> None:
    w = world()
    with pytest.raises(BadRequestError, match="全程网办由申请人本人"):
        intake.create_case(
            w.intake,
            PL_WINDOW,
            item_code="RS-002",
            mode="online",
            home_code="140823",
            answers=answers(),
        )
