"""The app stack's parameters and each function's environment: stack outputs and parameters, never pasted ids."""

from __future__ import annotations

from typing import Any

from chalicelib.config import REQUIRED_SETTINGS
from chalicelib.function_needs import FunctionNeeds
from chalicelib.resource_spec import ResourceSpec
from infra.arns import arn


def _imported(output: str) -> dict[str, Any]:
    return {"Fn::ImportValue": {"Fn::Sub": f"${{DataStackName}}-{output}"}}


class _Parameters:
    """Names of the app stack's parameters and the values built from them."""

    def declarations(self, profile: str) -> dict[str, Any]:
        params: dict[str, Any] = {
            "DataStackName": {
                "Type": "String",
                "Description": "数据栈（infra/template.json）的栈名：表、存储桶、队列、用户池的输出从这里导入",
            },
            "PublicBaseUrl": {
                "Type": "String",
                "Description": "申请人访问的公网地址（短信和文书二维码中的链接以此开头），例如 https://tongban.example.gov.cn",
                "AllowedPattern": "^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._-]+)*$",
            },
            "BasePath": {
                "Type": "String",
                "Default": "/api",
                "Description": "页面链接的路径前缀：API Gateway 默认地址下为阶段名 /api，自定义域名映射到根时为空",
                "AllowedPattern": "^(/[A-Za-z0-9._-]+)*$",
            },
            "AlarmEmail": {
                "Type": "String",
                "Description": "告警（死信、5xx、限流、超期、通知失败）发送到的运维邮箱",
            },
        }
        if profile == "global":
            params["SmsSenderId"] = {"Type": "String", "Default": "TONGBAN"}
        else:
            params |= {
                "OidcIssuer": {
                    "Type": "String",
                    "Description": "省级/国家统一身份认证平台的 OIDC issuer（https），例如 https://tyrz.nx.gov.cn/realms/zwfw",
                    "AllowedPattern": "^https://.+$",
                },
                "OidcAudience": {
                    "Type": "String",
                    "Description": "在统一身份认证平台注册的客户端 ID",
                },
                "SmtpHost": {"Type": "String", "Description": "县里的 SMTP 中继（发送邮件）"},
                "SmtpPort": {"Type": "Number", "Default": 587},
                "SmtpUser": {"Type": "String", "Default": ""},
                "EmailSender": {
                    "Type": "String",
                    "Description": "发件人地址，例如 noreply@tongban.<县>.gov.cn",
                },
            }
        return params

    def user_pool_arn(self) -> dict[str, Any]:
        return arn("cognito-idp", "userpool/${Pool}", Pool=_imported("UserPoolId"))

    def data_key_arn(self) -> dict[str, Any]:
        return _imported("DataKeyArn")


PARAMETERS = _Parameters()


def notice_secret_name(spec: ResourceSpec) -> str:
    """The cn profile's provider credentials: JSON with AccessKeyId, AccessKeySecret, SmtpPassword."""
    return f"tongban/{spec.stage}/sms/providers"


def _secret(spec: ResourceSpec, key: str) -> str:
    return f"{{{{resolve:secretsmanager:{notice_secret_name(spec)}:SecretString:{key}}}}}"


def environment_for(spec: ResourceSpec, needs: FunctionNeeds, profile: str) -> dict[str, Any]:
    """Exactly the settings the function reads: the profile's required ones, plus its own."""
    env: dict[str, Any] = {
        "TONGBAN_STAGE": spec.stage,
        "TONGBAN_PROFILE": profile,
        "TONGBAN_PUBLIC_BASE_URL": {"Ref": "PublicBaseUrl"},
        "TONGBAN_BASE_PATH": {"Ref": "BasePath"},
    }
    if profile == "global":
        env |= {
            "TONGBAN_USER_POOL_ID": _imported("UserPoolId"),
            "TONGBAN_USER_POOL_CLIENT_ID": _imported("UserPoolClientId"),
            # amazonaws.com, or amazonaws.com.cn in China
            "TONGBAN_OIDC_ISSUER": {
                "Fn::Sub": [
                    "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/${Pool}",
                    {"Pool": _imported("UserPoolId")},
                ]
            },
        }
        if needs.sends_sms_and_email:
            env["TONGBAN_SMS_SENDER_ID"] = {"Ref": "SmsSenderId"}
    else:
        env |= {
            "TONGBAN_OIDC_ISSUER": {"Ref": "OidcIssuer"},
            "TONGBAN_OIDC_AUDIENCE": {"Ref": "OidcAudience"},
        }
        if needs.sends_sms_and_email:
            # Secrets stay out of the template: CloudFormation resolves them from Secrets Manager at deploy.
            env |= {
                "ALIBABA_CLOUD_ACCESS_KEY_ID": _secret(spec, "AccessKeyId"),
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET": _secret(spec, "AccessKeySecret"),
                "TONGBAN_SMTP_HOST": {"Ref": "SmtpHost"},
                "TONGBAN_SMTP_PORT": {"Ref": "SmtpPort"},
                "TONGBAN_SMTP_USER": {"Ref": "SmtpUser"},
                "TONGBAN_SMTP_PASSWORD": _secret(spec, "SmtpPassword"),
                "TONGBAN_EMAIL_SENDER": {"Ref": "EmailSender"},
            }
    missing = set(REQUIRED_SETTINGS[profile]) - set(env)
    assert not missing, missing  # config.REQUIRED_SETTINGS and this function agree
    return env
