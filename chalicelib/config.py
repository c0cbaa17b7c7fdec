"""Settings read from environment variables, lazily, in one place (env var names live only here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CONTENT = Path(__file__).resolve().parent / "_bundled"
# Stages that run on a developer's machine; every other stage is a deployment and must say where it is reached.
LOCAL_STAGES = frozenset({"local", "test"})
LOCAL_BASE_URL = "http://localhost:8000"


# Set by the local stack (devtools/stack.py) for all of its processes: a link one signs, another checks.
LOCAL_SECRET_SEED_ENV = "TONGBAN_LOCAL_SECRET_SEED"


class SettingsError(RuntimeError):
    """A deployment is missing a setting it cannot run correctly without."""


PROFILES = ("global", "cn")


@dataclass(frozen=True)
class CnSettings:
    """The cn profile's providers: Alibaba Cloud SMS and the county's SMTP relay."""

    sms_endpoint: str
    sms_access_key_id: str
    sms_access_key_secret: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_starttls: bool
    email_sender: str


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    content_root: Path
    user_pool_id: str
    user_pool_client_id: str
    oidc_issuer: str
    oidc_audience: str
    jwks_url: str  # "" = found by OIDC discovery from the issuer; set for local moto (a file URL)
    staff_mfa_required: bool
    public_base_url: str
    sms_sender_id: str
    log_level: str
    keys_dir: Path | None
    profile: str = "global"  # "cn": Ningxia (aws-cn) — no Cognito, SES or SNS SMS there
    cn: CnSettings | None = None
    # Local stage only: the seed every process of one local stack derives its HMAC keys from.
    local_secret_seed: str = ""

    @property
    def issuer(self) -> str:
        return self.oidc_issuer


def stage() -> str:
    return os.environ.get("TONGBAN_STAGE", "local")


def log_level() -> str:
    return os.environ.get("TONGBAN_LOG_LEVEL", "INFO")


# What every deployed function reads at its cold start, per profile (infra/app_stack.py wires exactly these).
REQUIRED_SETTINGS = {
    "global": (
        "TONGBAN_STAGE",
        "TONGBAN_PROFILE",
        "TONGBAN_PUBLIC_BASE_URL",
        "TONGBAN_USER_POOL_ID",
        "TONGBAN_USER_POOL_CLIENT_ID",
    ),
    "cn": (
        "TONGBAN_STAGE",
        "TONGBAN_PROFILE",
        "TONGBAN_PUBLIC_BASE_URL",
        "TONGBAN_OIDC_ISSUER",
        "TONGBAN_OIDC_AUDIENCE",
    ),
}


def missing_settings(environ: dict[str, str] | None = None) -> list[str]:
    """The required settings a deployed stage lacks (empty counts as missing); none on a developer's machine."""
    env = dict(os.environ) if environ is None else environ
    if env.get("TONGBAN_STAGE", "local") in LOCAL_STAGES:
        return []
    kind = env.get("TONGBAN_PROFILE", "").strip()
    if kind not in REQUIRED_SETTINGS:
        return ["TONGBAN_PROFILE"]
    return [name for name in REQUIRED_SETTINGS[kind] if not env.get(name, "").strip()]


def refuse_to_start_without_settings() -> None:
    """In a deployed Lambda, fail the cold start naming each missing setting (not the first request,
    hours later, with a QR code already pointing nowhere). Packaging imports app.py too: no check there."""
    if not os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        return
    missing = missing_settings()
    if missing:
        raise SettingsError(
            f"部署环境缺少设置：{', '.join(missing)}（由 infra/ 生成的应用栈从数据栈输出和参数写入函数环境）"
        )


def content_root() -> Path:
    """forms/, catalog/ and templates/: the checkout's own, or the copy bundled into chalicelib/_bundled for Lambda."""
    configured = os.environ.get("TONGBAN_CONTENT_ROOT")
    if configured:
        return Path(configured)
    return _own_content()


@cache
def _own_content() -> Path:
    # A checkout has catalog/ at the top; the Lambda artifact only has the bundle inside chalicelib/.
    # Looked at once: the settings are read on every request, and the answer never changes.
    if (PROJECT_ROOT / "catalog").is_dir():
        return PROJECT_ROOT
    return BUNDLED_CONTENT


def public_base_url(stage_name: str) -> str:
    """Where applicants reach the system: every link in an SMS or a PDF starts with it."""
    configured = os.environ.get("TONGBAN_PUBLIC_BASE_URL", "").strip().rstrip("/")
    if configured:
        return configured
    if stage_name in LOCAL_STAGES:
        return LOCAL_BASE_URL
    # A wrong link in a legal notice cannot be recalled: refuse to start rather than print localhost.
    raise SettingsError(
        f"未设置 TONGBAN_PUBLIC_BASE_URL：阶段 {stage_name!r} 是部署环境，短信和文书中的链接需要"
        "公网地址（例如 https://tongban.example.gov.cn），请在 .chalice/config.json 中设置"
    )


def staff_mfa_required(stage_name: str) -> bool:
    """Staff must sign in with a second factor in deployed stages, unless the deployment says
    otherwise in so many words (TONGBAN_STAFF_MFA=off, e.g. while a provider emits no `amr`)."""
    configured = os.environ.get("TONGBAN_STAFF_MFA", "").strip().lower()
    if configured in ("required", "on"):
        return True
    if configured == "off":
        return False
    if configured:
        raise SettingsError(f"TONGBAN_STAFF_MFA 应为 required 或 off（收到：{configured!r}）")
    return stage_name not in LOCAL_STAGES


def aws_domain(region: str) -> str:
    """AWS endpoints in China (partition aws-cn) end in amazonaws.com.cn."""
    return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"


def oidc_settings(stage_name: str, region: str, pool: str, client_id: str) -> tuple[str, str, str]:
    """(issuer, audience, JWKS override): any OIDC provider by discovery; Cognito is the default."""
    issuer = os.environ.get("TONGBAN_OIDC_ISSUER", "").strip() or (
        f"https://cognito-idp.{region}.{aws_domain(region)}/{pool}"
    )
    audience = os.environ.get("TONGBAN_OIDC_AUDIENCE", "").strip() or client_id
    jwks_url = os.environ.get("TONGBAN_JWKS_URL", "").strip()
    if stage_name not in LOCAL_STAGES:
        for name, url in (("TONGBAN_OIDC_ISSUER", issuer), ("TONGBAN_JWKS_URL", jwks_url)):
            # Keys fetched over plain HTTP (or from a file) could be swapped by anyone on the way.
            if url and not url.startswith("https://"):
                raise SettingsError(f"{name} 在部署环境中必须是 https 地址（收到：{url!r}）")
    return issuer, audience, jwks_url


def profile() -> str:
    chosen = os.environ.get("TONGBAN_PROFILE", "global").strip() or "global"
    if chosen not in PROFILES:
        raise SettingsError(f"TONGBAN_PROFILE 应为 global 或 cn（收到：{chosen!r}）")
    return chosen


CN_PROVIDER_SETTINGS = (
    "TONGBAN_SMTP_HOST",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
)


def require_cn_providers(stage_name: str) -> None:
    """Only the function that sends notices holds the providers' keys (least privilege): it refuses
    to send without them; the others never read them."""
    if stage_name in LOCAL_STAGES:
        return
    missing = [name for name in CN_PROVIDER_SETTINGS if not os.environ.get(name, "").strip()]
    if missing:
        raise SettingsError(f"cn 部署发送通知缺少设置：{'、'.join(missing)}")


def cn_settings(stage_name: str) -> CnSettings:
    """Read only in the cn profile; the identity settings are checked at cold start
    (REQUIRED_SETTINGS), the notice providers' where notices are sent (require_cn_providers)."""
    env = os.environ.get
    return CnSettings(
        sms_endpoint=env("TONGBAN_SMS_ENDPOINT", "dysmsapi.aliyuncs.com"),
        sms_access_key_id=env("ALIBABA_CLOUD_ACCESS_KEY_ID", ""),
        sms_access_key_secret=env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ""),
        smtp_host=env("TONGBAN_SMTP_HOST", "localhost"),
        smtp_port=int(env("TONGBAN_SMTP_PORT", "587")),
        smtp_user=env("TONGBAN_SMTP_USER", ""),
        smtp_password=env("TONGBAN_SMTP_PASSWORD", ""),
        smtp_starttls=env("TONGBAN_SMTP_STARTTLS", "on") != "off",
        email_sender=env("TONGBAN_EMAIL_SENDER", "noreply@localhost"),
    )


def load_settings() -> Settings:
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    pool = os.environ.get("TONGBAN_USER_POOL_ID", "")
    client_id = os.environ.get("TONGBAN_USER_POOL_CLIENT_ID", "")
    stage_name = stage()
    chosen = profile()
    issuer, audience, jwks_url = oidc_settings(stage_name, region, pool, client_id)
    return Settings(
        stage=stage_name,
        region=region,
        content_root=content_root(),
        user_pool_id=pool,
        user_pool_client_id=client_id,
        oidc_issuer=issuer,
        oidc_audience=audience,
        jwks_url=jwks_url,
        staff_mfa_required=staff_mfa_required(stage_name),
        public_base_url=public_base_url(stage_name),
        sms_sender_id=os.environ.get("TONGBAN_SMS_SENDER_ID", "TONGBAN"),
        log_level=log_level(),
        # Local signing keys (self-signed per department); production plugs a KMS/HSM key source instead.
        keys_dir=Path(os.environ["TONGBAN_KEYS_DIR"])
        if os.environ.get("TONGBAN_KEYS_DIR")
        else None,
        profile=chosen,
        cn=cn_settings(stage_name) if chosen == "cn" else None,
        local_secret_seed=os.environ.get(LOCAL_SECRET_SEED_ENV, ""),
    )
