"""What each step emits, as a table beside TRANSITIONS: the applicant's notice, the document issued, the routing.

A row is looked up by (mode, action) first, then by action. Notices are template names under
templates/notices/sms/; documents are kinds of `domain.document_kinds`. Conditions that depend on the
step itself (a denial's 办结 issues no 办结通知书) are named in `when` and decided by `emissions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .modes import HandlingMode
from .statuses import Action

A = Action
M = HandlingMode
COUNTER_MODES = (M.PROXY, M.JOINT_LOCAL, M.JOINT_REMOTE)


@dataclass(frozen=True)
class Reaction:
    """What one step sends out once it is committed."""

    notice: str = ""
    document: str = ""
    route: bool = False
    # "approved": the document only when the decision was to approve.
    when: str = ""


REACTIONS: dict[Action, Reaction] = {
    # 收件: the applicant gets the case number and 查询密码; the case goes to the home jurisdiction.
    A.SUBMIT: Reaction(notice="received", route=True),
    # 补正 received: the same case travels again, without re-sending the 查询密码.
    A.SUPPLEMENT: Reaction(notice="supplemented", route=True),
    # 第三十二条: 受理 and 不予受理 in writing (受理回执 / 不予受理通知书), 补正 told once, in writing.
    A.ACCEPT: Reaction(notice="accepted", document="receipt"),
    A.REFUSE: Reaction(notice="refused", document="refusal_notice"),
    A.REQUEST_SUPPLEMENT: Reaction(notice="supplement", document="supplement_notice"),
    A.EXPIRE_SUPPLEMENT: Reaction(notice="supplement_expired"),
    # 已受理待补办: told once, in writing like a 补正 (the same 补正材料通知书, worded for a case under
    # review), and by SMS what to bring and where; the supplied material reaches the reviewer on the case.
    A.REQUEST_REVIEW_SUPPLEMENT: Reaction(notice="review_supplement", document="supplement_notice"),
    A.SUPPLY_FOR_REVIEW: Reaction(notice="review_supplied"),
    # 第四十五条: the time a special procedure needs is told in writing.
    A.SUSPEND: Reaction(notice="special_procedure", document="special_procedure_notice"),
    A.RESUME: Reaction(notice="resumed"),
    # 第四十二条: the applicant is told of an extension and its reasons.
    A.EXTEND: Reaction(notice="extended", document="extension_notice"),
    # 第三十八条: a denial is a written decision with reasons and remedies.
    A.DENY: Reaction(document="denial_decision"),
    # 第四十四条: the decision is delivered; the 送达回证 records how.
    A.DELIVER: Reaction(notice="delivered", document="delivery_receipt"),
    # Materials travel between offices with a 材料流转单, by system or by post.
    A.SEND_MATERIALS: Reaction(document="transfer_slip"),
}

MODE_REACTIONS: dict[tuple[HandlingMode, Action], Reaction] = {
    # Online: the result is in the applicant's account.
    (M.ONLINE, A.COMPLETE): Reaction(
        notice="completed_online", document="completion_notice", when="approved"
    ),
    # 异地代收代办 / 异地受理本地办理: the home department completes; the result travels back to the counter.
    (M.PROXY, A.COMPLETE): Reaction(
        notice="completed_returning", document="completion_notice", when="approved"
    ),
    (M.JOINT_LOCAL, A.COMPLETE): Reaction(
        notice="completed_returning", document="completion_notice", when="approved"
    ),
    (M.PROXY, A.CONFIRM_RESULT): Reaction(notice="result_ready"),
    (M.JOINT_LOCAL, A.CONFIRM_RESULT): Reaction(notice="result_ready"),
    # 异地受理异地办理: the receiving centre completes on the home department's opinion.
    (M.JOINT_REMOTE, A.COMPLETE): Reaction(
        notice="result_ready", document="completion_notice", when="approved"
    ),
}

NONE = Reaction()


def reaction_for(mode: HandlingMode, action: Action) -> Reaction:
    """The row of the table for this step in this mode (an empty reaction when nothing is sent)."""
    return MODE_REACTIONS.get((mode, action)) or REACTIONS.get(action, NONE)


def emissions(mode: HandlingMode, action: Action, result: dict[str, Any]) -> Reaction:
    """The reaction with its conditions decided against the case's result after the step."""
    row = reaction_for(mode, action)
    if row.when == "approved" and result.get("decision") != Action.APPROVE.value:
        return Reaction(notice=row.notice, route=row.route)
    return row


# What the law requires each step to put in writing or tell the applicant (checked by a test against
# the table, for every mode the step occurs in).
REQUIRED_BY_LAW: dict[Action, tuple[str, str, str]] = {
    A.ACCEPT: ("第三十二条", "accepted", "receipt"),
    A.REFUSE: ("第三十二条", "refused", "refusal_notice"),
    A.REQUEST_SUPPLEMENT: ("第三十二条", "supplement", "supplement_notice"),
    A.DENY: ("第三十八条", "", "denial_decision"),
    A.EXTEND: ("第四十二条", "extended", "extension_notice"),
    A.SUSPEND: ("第四十五条", "special_procedure", "special_procedure_notice"),
    A.DELIVER: ("第四十四条", "delivered", "delivery_receipt"),
}


def documents_awaited(
    mode: HandlingMode,
    result: dict[str, Any],
    steps: list[tuple[int, str]],
    recorded: set[tuple[int, str]],
    not_issued: frozenset[str] = frozenset(),
) -> list[tuple[int, str]]:
    """The (seq, kind) of documents the case's steps asked for that have no record yet: still rendering.

    `steps` are the events' (seq, action); `recorded` the registry's (seq, kind) that are issued or
    failed. The result decides a conditional row as it did when the step was taken (a decision stays).
    """
    awaited = []
    for seq, action in steps:
        try:
            step = Action(action)
        except ValueError:  # an event that is not a step (e.g. a recorded view)
            continue
        kind = emissions(mode, step, result).document
        if kind and kind not in not_issued and (seq, kind) not in recorded:
            awaited.append((seq, kind))
    return awaited
