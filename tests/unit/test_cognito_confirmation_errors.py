"""Cognito's confirmation errors reach the applicant as Chinese 400s, one message per cause."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.adapters.cognito_users import CognitoUsers
from chalicelib.domain.errors import BadRequestError


class CodeMismatchException(Exception):
    pass


class ExpiredCodeException(Exception):
    pass


class UserNotFoundException(Exception):
    pass


class NotAuthorizedException(Exception):
    pass


class FakeIdp:
    """The slice of boto3's cognito-idp client the adapter uses; confirm_sign_up raises what it is told."""

    class exceptions:  # noqa: N801 (boto3's attribute name)
        CodeMismatchException = CodeMismatchException
        ExpiredCodeException = ExpiredCodeException
        UserNotFoundException = UserNotFoundException
        NotAuthorizedException = NotAuthorizedException

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.groups: list[str] = []

    def confirm_sign_up(self, **kwargs: Any) -> None:
        if self.error:
            raise self.error

    def admin_add_user_to_group(self, **kwargs: Any) -> None:
        self.groups.append(kwargs["GroupName"])


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (CodeMismatchException(), "验证码错误"),
        (ExpiredCodeException(), "验证码已过期"),
        (UserNotFoundException(), "账号不存在"),
        (NotAuthorizedException(), "账号已激活"),
    ],
)
def test_a_refused_confirmation_is_a_bad_request_in_chinese(error: Exception, message: str) -> None:
    idp = FakeIdp(error)
    with pytest.raises(BadRequestError, match=message):
        CognitoUsers(idp, "pool", "client").confirm("zhang", "123456")
    assert idp.groups == []


def test_a_confirmed_account_joins_the_applicant_group() -> None:
    idp = FakeIdp()
    CognitoUsers(idp, "pool", "client").confirm("zhang", "123456")
    assert idp.groups == ["applicant"]
