"""Arranging a case's material pages before submission (or during a 补正): move a page up or down,
turn it a quarter; the order and rotation are kept on the case, and the dossier follows them."""

from __future__ import annotations

from chalicelib.domain.cases import Case, check_permission
from chalicelib.domain.errors import BadRequestError, InvalidTransitionError
from chalicelib.domain.page_order import moved, rotated
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action
from chalicelib.domain.transitions import next_status

from .access_policy import check_may_act, visible_case
from .intake import IntakePorts
from .steps import take

# What a page's buttons ask for: a move (step) or a turn (quarter turns clockwise).
MOVES = {"up": -1, "down": 1}
TURNS = {"left": -1, "right": 1}


def arrange_page(
    ports: IntakePorts, principal: Principal, case_id: str, *, key: str, how: str
) -> Case:
    """Move (up/down) or turn (left/right) one attached page; recorded as one 整理材料 step."""
    case = visible_case(ports.steps.cases, principal, case_id)
    check_may_act(principal, case, Action.ARRANGE_MATERIALS)
    if next_status(case.status, Action.ARRANGE_MATERIALS) is None:
        raise InvalidTransitionError(f"办件当前状态为“{case.status.label_zh}”，不能整理材料")
    check_permission(case, principal, Action.ARRANGE_MATERIALS)
    if how in MOVES:
        materials = moved(case.materials, key, MOVES[how])
    elif how in TURNS:
        materials = rotated(case.materials, key, TURNS[how])
    else:
        raise BadRequestError("请选择上移、下移或旋转")
    if materials == case.materials:
        return case  # first page up, last page down: nothing to record
    page = next(m for m in materials if m.key == key)
    return take(
        ports.steps,
        case,
        Action.ARRANGE_MATERIALS,
        principal,
        details={
            "slot": page.slot,
            "filename": page.filename,
            "how": how,
            "position": [m.key for m in materials if m.slot == page.slot].index(key) + 1,
            "rotation": page.rotation,
        },
        changes={"materials": materials},
    )
