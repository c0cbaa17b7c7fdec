"""Who may do what: the token proves who a person is, the staff directory says what they may do.

A verified token contributes only the person's identity (user_id = the provider's `sub`, login,
name, phone, e-mail, and how they authenticated). Groups, `custom:jurisdiction` and every other claim
a person might set on their own account are ignored: role and scope come from the directory entry
valid today, and a person without one is an applicant with no jurisdiction, centre or department.
"""

from __future__ import annotations

from datetime import date

from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.roles import Principal, Role

from .staff_directory import StaffDirectory

# RFC 8176 authentication method references that show a second factor (Cognito: ["pwd", "otp", "mfa"]).
MFA_EVIDENCE = frozenset({"mfa", "otp", "hwk"})
AMR_KEY = "amr"  # Principal.extra key: the token's `amr` values, space-separated


class StaffMfaRequiredError(ForbiddenActionError):
    code = "mfa_required"


def resolve(
    directory: StaffDirectory, identity: Principal, today: date, *, mfa_required: bool = False
) -> Principal:
    """The principal a request acts as: identity from the token, role and scope from the directory.

    With `mfa_required` (deployed stages), a staff entry counts only for a sign-in that shows a
    second factor in `amr`; otherwise the request is refused rather than quietly downgraded, so the
    person learns why their inbox is gone."""
    entry = directory.entry_for(identity.user_id)
    if entry is None or not entry.valid_on(today):
        return applicant(identity)
    if mfa_required and not has_second_factor(identity):
        raise StaffMfaRequiredError(
            "工作人员账号须绑定动态口令（TOTP）并以动态口令登录后才能办理业务，请联系系统管理员"
        )
    extra = {"window": entry.window} if entry.window else {}
    return Principal(
        user_id=identity.user_id,
        # Login and name in receipts and the audit trail are the directory's: a person can edit their
        # own `name` (and, with some providers, `preferred_username`).
        username=entry.login or identity.username,
        name=entry.name or identity.name,
        roles=entry.roles,
        jurisdiction=entry.jurisdiction,
        center=entry.center,
        department=entry.department,
        phone=identity.phone,
        email=identity.email,
        extra=extra,
    )


def applicant(identity: Principal) -> Principal:
    """The token's person with nothing but the applicant role: no scope survives from the token."""
    return Principal(
        user_id=identity.user_id,
        username=identity.username,
        name=identity.name,
        roles=frozenset({Role.APPLICANT}),
        phone=identity.phone,
        email=identity.email,
    )


def has_second_factor(identity: Principal) -> bool:
    return bool(MFA_EVIDENCE & set(identity.extra.get(AMR_KEY, "").split()))
