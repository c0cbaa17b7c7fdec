"""Signing in with a TOTP code where one is enrolled, and signing out by revoking the refresh token,
against a stub of boto3's cognito-idp client (the moto round trip is in tests/integration)."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.cognito_users import CognitoUsers, MfaCodeRequiredError
from chalicelib.domain.errors import BadRequestError, ForbiddenActionError


class CodeMismatchException(Exception):
    pass


class UnauthorizedException(Exception):
    pass


class Refused(Exception):
    pass


RESULT = {
    "AuthenticationResult": {
        "IdToken": "id",
        "AccessToken": "access",
        "RefreshToken": "refresh",
        "ExpiresIn": 3600,
    }
}


class StubIdp:
    class exceptions:  # noqa: N801 (boto3's attribute name)
        CodeMismatchException = CodeMismatchException
        UnauthorizedException = UnauthorizedException
        NotAuthorizedException = Refused
        UserNotFoundException = Refused
        UserNotConfirmedException = Refused
        ExpiredCodeException = Refused
        UnsupportedTokenTypeException = Refused
        InvalidParameterException = Refused

    def __init__(self, first: dict[str, Any], error: Exception | None = None) -> None:
        self.first = first
        self.error = error
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def initiate_auth(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("initiate_auth", kwargs))
        return self.first

    def respond_to_auth_challenge(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("respond_to_auth_challenge", kwargs))
        if self.error:
            raise self.error
        return RESULT

    def revoke_token(self, **kwargs: Any) -> None:
        self.calls.append(("revoke_token", kwargs))
        if self.error:
            raise self.error


TOTP_CHALLENGE = {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s-1"}


def test_a_password_login_answers_with_the_refresh_token_too() -> None:
    answer = CognitoUsers(StubIdp(RESULT), "pool", "client").login("pl_window", "pw")
    assert answer == {
        "id_token": "id",
        "access_token": "access",
        "refresh_token": "refresh",
        "expires_in": 3600,
    }


def test_an_account_with_totp_enrolled_is_asked_for_the_code() -> None:
    with pytest.raises(MfaCodeRequiredError, match="动态口令") as refused:
        CognitoUsers(StubIdp(TOTP_CHALLENGE), "pool", "client").login("pl_window", "pw")
    assert refused.value.code == "mfa_code_required"


def test_the_totp_code_answers_cognitos_challenge_in_the_same_login() -> None:
    idp = StubIdp(TOTP_CHALLENGE)
    answer = CognitoUsers(idp, "pool", "client").login("pl_window", "pw", " 123456 ")
    assert answer["id_token"] == "id"
    assert idp.calls[-1] == (
        "respond_to_auth_challenge",
        {
            "ClientId": "client",
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "Session": "s-1",
            "ChallengeResponses": {"USERNAME": "pl_window", "SOFTWARE_TOKEN_MFA_CODE": "123456"},
        },
    )


def test_a_wrong_totp_code_is_refused_in_chinese() -> None:
    idp = StubIdp(TOTP_CHALLENGE, CodeMismatchException())
    with pytest.raises(ForbiddenActionError, match="动态口令错误"):
        CognitoUsers(idp, "pool", "client").login("pl_window", "pw", "000000")


def test_a_challenge_this_api_cannot_walk_through_is_refused_not_a_500() -> None:
    idp = StubIdp({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s"})
    with pytest.raises(ForbiddenActionError, match="初始设置"):
        CognitoUsers(idp, "pool", "client").login("pl_window", "pw")


def test_logout_revokes_the_refresh_token_for_our_client() -> None:
    idp = StubIdp(RESULT)
    CognitoUsers(idp, "pool", "client").logout("refresh-token-1")
    assert idp.calls == [("revoke_token", {"Token": "refresh-token-1", "ClientId": "client"})]


def test_logout_with_a_token_cognito_will_not_revoke_is_a_bad_request_in_chinese() -> None:
    idp = StubIdp(RESULT, UnauthorizedException())
    with pytest.raises(BadRequestError, match="退出登录失败"):
        CognitoUsers(idp, "pool", "client").logout("not-ours")
