"""Cognito as it behaves, for the embedded moto: sign-up texts a code that confirmation checks, and
RevokeToken (which moto does not implement) revokes a refresh token."""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

CODE_LIFETIME_SECONDS = 24 * 3600  # Cognito's sign-up codes are valid for 24 hours
SMS_TEXT = "【通办】您的验证码是 {code}，用于激活通办账号，24小时内有效。"


@dataclass
class SignUpCodes:
    """Codes sent and not yet used, keyed by (app client, username); the moto process is the only reader."""

    lifetime: float = CODE_LIFETIME_SECONDS
    _codes: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, client_id: str, username: str) -> str:
        code = f"{secrets.randbelow(1_000_000):06d}"
        with self._lock:
            self._codes[(client_id, username)] = (code, time.monotonic() + self.lifetime)
        return code

    def check(self, client_id: str, username: str, code: str) -> str | None:
        """None when the code is right (and now spent); else the Cognito error it earns."""
        with self._lock:
            sent = self._codes.get((client_id, username))
            if sent is None:
                return "NoCodeSent"
            if not secrets.compare_digest(sent[0], code.strip()):
                return "CodeMismatchException"
            if time.monotonic() > sent[1]:
                return "ExpiredCodeException"
            del self._codes[(client_id, username)]
        return None


CODES = SignUpCodes()
_installed = False
_revoke_installed = False


def install_revoke_token() -> None:
    """RevokeToken as Cognito does it: the refresh token of that app client can mint no more tokens
    (moto 5 answers the call with an error; its refresh flow already refuses a token set to None)."""
    global _revoke_installed
    if _revoke_installed:
        return
    from moto.cognitoidp import exceptions
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.responses import EmptyResult

    def revoke_token(self: Any) -> Any:
        token, client_id = self._get_param("Token"), self._get_param("ClientId")
        backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
        pool = next((p for p in backend.user_pools.values() if client_id in p.clients), None)
        if pool is None:
            raise exceptions.ResourceNotFoundError(client_id)
        issued = pool.refresh_tokens.get(token)
        if issued is not None and issued[0] != client_id:
            # Cognito: a token may be revoked only by the client it was issued to.
            raise exceptions.NotAuthorizedError("Invalid token")
        if token in pool.refresh_tokens:
            pool.refresh_tokens[token] = None
        return EmptyResult()

    CognitoIdpResponse.revoke_token = revoke_token  # type: ignore[attr-defined]
    _revoke_installed = True


def install(codes: SignUpCodes = CODES) -> None:
    """Wrap moto's cognito-idp SignUp / ConfirmSignUp responses (moto ignores the code and confirms any)."""
    global _installed
    install_revoke_token()
    if _installed:
        return
    from moto.cognitoidp import exceptions
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.sns.models import sns_backends

    sign_up = CognitoIdpResponse.sign_up
    confirm_sign_up = CognitoIdpResponse.confirm_sign_up

    def sign_up_and_text_a_code(self: Any) -> Any:
        result = sign_up(self)
        username = self._get_param("Username")
        phone = next(
            (
                a["Value"]
                for a in self._get_param("UserAttributes", [])
                if a.get("Name") == "phone_number"
            ),
            "",
        )
        code = codes.issue(self._get_param("ClientId"), username)
        if phone:
            # Delivered like every other SMS, so `make inbox` shows it.
            sns_backends[self.current_account][self.region].publish(
                SMS_TEXT.format(code=code), arn=None, phone_number=phone
            )
        return result

    def confirm_only_with_the_sent_code(self: Any) -> Any:
        error = codes.check(
            self._get_param("ClientId"),
            self._get_param("Username"),
            self._get_param("ConfirmationCode") or "",
        )
        if error == "NoCodeSent" and not _user_exists(self):
            raise exceptions.UserNotFoundError(self._get_param("Username"))
        if error in ("CodeMismatchException", "NoCodeSent"):
            raise exceptions.CodeMismatchException(
                "Invalid verification code provided, please try again."
            )
        if error == "ExpiredCodeException":
            raise exceptions.ExpiredCodeException(
                "Invalid code provided, please request a code again."
            )
        return confirm_sign_up(self)

    CognitoIdpResponse.sign_up = sign_up_and_text_a_code  # type: ignore[method-assign]
    CognitoIdpResponse.confirm_sign_up = confirm_only_with_the_sent_code  # type: ignore[method-assign]
    _installed = True


def _user_exists(response: Any) -> bool:
    client_id = response._get_param("ClientId")
    backend = response._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
    return any(
        client_id in pool.clients and pool._get_user(response._get_param("Username"))
        for pool in backend.user_pools.values()
    )
