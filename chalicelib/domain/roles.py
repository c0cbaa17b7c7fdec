"""Who is acting: roles and the principal built from a verified identity token."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """The groups of the user pool (and the system itself)."""

    APPLICANT = "applicant"
    WINDOW_STAFF = "window_staff"
    APPROVER = "approver"
    # 负责人: the head of a department, who approves extensions (第四十二条); usually also an approver.
    DEPARTMENT_HEAD = "department_head"
    SUPERVISOR = "supervisor"
    # 运维值守: given with SUPERVISOR in the staff directory only (no user-pool group); replays DLQs.
    OPERATOR = "operator"
    SYSTEM = "system"

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.APPLICANT: "申请人",
    Role.WINDOW_STAFF: "窗口工作人员",
    Role.APPROVER: "审批人员",
    Role.DEPARTMENT_HEAD: "部门负责人",
    Role.SUPERVISOR: "监督人员",
    Role.OPERATOR: "运维值守",
    Role.SYSTEM: "系统",
}


@dataclass(frozen=True)
class Principal:
    """An authenticated person (or the system itself) with roles and a place of work."""

    user_id: str
    username: str
    name: str
    roles: frozenset[Role]
    jurisdiction: str = ""
    center: str = ""
    department: str = ""
    phone: str = ""
    email: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def has(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_staff(self) -> bool:
        return self.has(Role.WINDOW_STAFF, Role.APPROVER, Role.DEPARTMENT_HEAD, Role.SUPERVISOR)

    @property
    def primary_role(self) -> Role:
        for role in (
            Role.SUPERVISOR,
            Role.DEPARTMENT_HEAD,
            Role.APPROVER,
            Role.WINDOW_STAFF,
            Role.APPLICANT,
            Role.SYSTEM,
        ):
            if role in self.roles:
                return role
        return Role.APPLICANT


SYSTEM = Principal(user_id="system", username="system", name="系统", roles=frozenset({Role.SYSTEM}))


def roles_from_groups(groups: object) -> frozenset[Role]:
    """Cognito sends groups as a JSON list locally and as a string behind API Gateway; accept both."""
    items: Iterable[object]
    if isinstance(groups, str):
        cleaned = groups.strip().strip("[]")
        items = [g for g in cleaned.replace(",", " ").split() if g]
    elif isinstance(groups, list | tuple | set | frozenset):
        items = groups
    else:
        items = []
    known = {r.value: r for r in Role if r is not Role.SYSTEM}
    return frozenset(known[str(g).strip()] for g in items if str(g).strip() in known)
