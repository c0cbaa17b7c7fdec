"""TONGBAN_PROFILE picks the providers: global (Cognito, SNS, SES) or cn (any OIDC issuer, Alibaba SMS, SMTP)."""

from __future__ import annotations

import pytest

from chalicelib.adapters.notify import SplitNotifier
from chalicelib.bootstrap.notifiers import notifier_for
from chalicelib.config import SettingsError, load_settings, missing_settings


def test_the_cn_profile_sends_sms_through_alibaba_cloud_and_mail_through_smtp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_PROFILE", "cn")
    monkeypatch.setenv("TONGBAN_SMTP_HOST", "smtp.pl.example.gov.cn")
    settings = load_settings()
    assert settings.profile == "cn" and settings.cn is not None
    assert settings.cn.smtp_host == "smtp.pl.example.gov.cn"
    assert isinstance(notifier_for(settings, "noreply@example.cn"), SplitNotifier)


def test_an_unknown_profile_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAN_PROFILE", "ningxia")
    with pytest.raises(SettingsError, match="TONGBAN_PROFILE"):
        load_settings()


def test_a_deployed_cn_stage_will_not_start_without_its_identity_service(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_PROFILE", "cn")
    monkeypatch.setenv("TONGBAN_STAGE", "prod")
    monkeypatch.setenv("TONGBAN_PUBLIC_BASE_URL", "https://tongban.example.gov.cn")
    monkeypatch.delenv("TONGBAN_OIDC_ISSUER", raising=False)
    assert "TONGBAN_OIDC_ISSUER" in missing_settings()


def test_a_deployed_cn_stage_sends_no_notice_without_its_providers_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_PROFILE", "cn")
    monkeypatch.setenv("TONGBAN_STAGE", "prod")
    monkeypatch.setenv("TONGBAN_PUBLIC_BASE_URL", "https://tongban.example.gov.cn")
    monkeypatch.setenv("TONGBAN_OIDC_ISSUER", "https://id.nx.example.gov.cn/realms/tongban")
    monkeypatch.setenv("TONGBAN_OIDC_AUDIENCE", "tongban")
    for name in ("TONGBAN_SMTP_HOST", "ALIBABA_CLOUD_ACCESS_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()  # every other function starts: it never reads the providers' keys
    with pytest.raises(SettingsError, match="ALIBABA_CLOUD_ACCESS_KEY_ID"):
        notifier_for(settings, "noreply@example.cn")
