"""Settings read from environment variables, lazily, in one place (env var names live only here)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CONTENT = Path(__file__).resolve().parent / "_bundled"


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    content_root: Path
    user_pool_id: str
    user_pool_client_id: str
    jwks_url: str
    public_base_url: str
    sms_sender_id: str
    log_level: str
    keys_dir: Path | None

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"


def stage() -> str:
    return os.environ.get("TONGBAN_STAGE", "local")


def content_root() -> Path:
    """forms/, catalog/ and templates/: the checkout's own, or the copy bundled into chalicelib/_bundled for Lambda."""
    configured = os.environ.get("TONGBAN_CONTENT_ROOT")
    if configured:
        return Path(configured)
    # A checkout has catalog/ at the top; the Lambda artifact only has the bundle inside chalicelib/.
    if (PROJECT_ROOT / "catalog").is_dir():
        return PROJECT_ROOT
    return BUNDLED_CONTENT


def load_settings() -> Settings:
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    pool = os.environ.get("TONGBAN_USER_POOL_ID", "")
    return Settings(
        stage=stage(),
        region=region,
        content_root=content_root(),
        user_pool_id=pool,
        user_pool_client_id=os.environ.get("TONGBAN_USER_POOL_CLIENT_ID", ""),
        jwks_url=os.environ.get("TONGBAN_JWKS_URL")
        or f"https://cognito-idp.{region}.amazonaws.com/{pool}/.well-known/jwks.json",
        public_base_url=os.environ.get("TONGBAN_PUBLIC_BASE_URL", "http://localhost:8000"),
        sms_sender_id=os.environ.get("TONGBAN_SMS_SENDER_ID", "TONGBAN"),
        log_level=os.environ.get("TONGBAN_LOG_LEVEL", "INFO"),
        # Local signing keys (self-signed per department); production plugs a KMS/HSM key source instead.
        keys_dir=Path(os.environ["TONGBAN_KEYS_DIR"])
        if os.environ.get("TONGBAN_KEYS_DIR")
        else None,
    )
