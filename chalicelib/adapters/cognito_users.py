"""Cognito user pool: sign-up, confirmation and password login for the API's /api/auth routes."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.errors import BadRequestError, ConcurrencyError, ForbiddenActionError


class CognitoUsers:
    def __init__(self, client: Any, pool_id: str, client_id: str) -> None:
        self._idp = client
        self._pool = pool_id
        self._client = client_id

    def login(self, username: str, password: str) -> dict[str, Any]:
        try:
            out = self._idp.initiate_auth(
                ClientId=self._client,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": password},
            )
        except (
            self._idp.exceptions.NotAuthorizedException,
            self._idp.exceptions.UserNotFoundException,
        ):
            raise ForbiddenActionError("用户名或密码错误") from None
        except self._idp.exceptions.UserNotConfirmedException:
            raise ForbiddenActionError("账号尚未激活，请先输入短信验证码") from None
        result = out["AuthenticationResult"]
        return {
            "id_token": result["IdToken"],
            "access_token": result["AccessToken"],
            "refresh_token": result.get("RefreshToken", ""),
            "expires_in": result["ExpiresIn"],
        }

    def register(self, username: str, password: str, name: str, phone: str) -> None:
        try:
            self._idp.sign_up(
                ClientId=self._client,
                Username=username,
                Password=password,
                UserAttributes=[
                    {"Name": "name", "Value": name},
                    {"Name": "phone_number", "Value": "+86" + phone},
                ],
            )
        except self._idp.exceptions.UsernameExistsException:
            raise ConcurrencyError("该账号已注册") from None
        except self._idp.exceptions.InvalidPasswordException:
            raise BadRequestError("密码不符合要求：至少8位，包含大小写字母和数字") from None

    def confirm(self, username: str, code: str) -> None:
        try:
            self._idp.confirm_sign_up(
                ClientId=self._client, Username=username, ConfirmationCode=code
            )
        except self._idp.exceptions.CodeMismatchException:
            raise BadRequestError("验证码错误，请核对短信中的6位验证码后重新输入") from None
        except self._idp.exceptions.ExpiredCodeException:
            raise BadRequestError("验证码已过期，请重新获取验证码") from None
        except self._idp.exceptions.UserNotFoundException:
            raise BadRequestError("账号不存在") from None
        except self._idp.exceptions.NotAuthorizedException:
            # Cognito's answer to confirming an account that is already confirmed.
            raise BadRequestError("账号已激活，请直接登录") from None
        self._idp.admin_add_user_to_group(
            UserPoolId=self._pool, Username=username, GroupName="applicant"
        )
