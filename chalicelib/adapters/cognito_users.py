"""Cognito user pool: sign-up, confirmation, password (+ TOTP) login and sign-out for /api/auth routes."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.errors import BadRequestError, ConcurrencyError, ForbiddenActionError


class MfaCodeRequiredError(ForbiddenActionError):
    """The account has TOTP enrolled: the login must carry the current code."""

    code = "mfa_code_required"


class CognitoUsers:
    def __init__(self, client: Any, pool_id: str, client_id: str) -> None:
        self._idp = client
        self._pool = pool_id
        self._client = client_id

    def login(self, username: str, password: str, mfa_code: str = "") -> dict[str, Any]:
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
        if out.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
            out = self._answer_totp(username, out.get("Session", ""), mfa_code)
        elif "AuthenticationResult" not in out:
            # NEW_PASSWORD_REQUIRED, MFA_SETUP…: steps this API does not walk a person through.
            raise ForbiddenActionError(
                "账号需要先完成初始设置（设置密码或绑定动态口令），请联系系统管理员"
            )
        result = out["AuthenticationResult"]
        return {
            "id_token": result["IdToken"],
            "access_token": result["AccessToken"],
            "refresh_token": result.get("RefreshToken", ""),
            "expires_in": result["ExpiresIn"],
        }

    def _answer_totp(self, username: str, session: str, code: str) -> dict[str, Any]:
        if not code.strip():
            raise MfaCodeRequiredError("请输入动态口令（身份验证器应用中的6位数字）")
        try:
            out: dict[str, Any] = self._idp.respond_to_auth_challenge(
                ClientId=self._client,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=session,
                ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code.strip()},
            )
        except (
            self._idp.exceptions.CodeMismatchException,
            self._idp.exceptions.NotAuthorizedException,
            self._idp.exceptions.ExpiredCodeException,
        ):
            raise ForbiddenActionError(
                "动态口令错误或已过期，请输入身份验证器中当前的6位数字"
            ) from None
        if "AuthenticationResult" not in out:
            raise ForbiddenActionError("登录未完成，请重新登录")
        return out

    def logout(self, refresh_token: str) -> None:
        """Revoke the refresh token (and the access tokens it issued): it can mint no new ID token.

        ID tokens already issued stay valid until they expire (the authorizer verifies them by
        signature alone); their lifetime is the app client's IdTokenValidity (one hour by default)."""
        try:
            self._idp.revoke_token(Token=refresh_token, ClientId=self._client)
        except (
            self._idp.exceptions.UnauthorizedException,
            self._idp.exceptions.NotAuthorizedException,
            self._idp.exceptions.UnsupportedTokenTypeException,
            self._idp.exceptions.InvalidParameterException,
        ):
            raise BadRequestError("退出登录失败：刷新令牌无效") from None

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
