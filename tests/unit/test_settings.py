"""Settings: a deployment must say where applicants reach it; a developer's machine need not."""

from __future__ import annotations

import pytest

from chalicelib.config import SettingsError, load_settings


def test_a_deployed_stage_without_a_public_base_url_refuses_to_load_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", "prod")
    monkeypatch.delenv("TONGBAN_PUBLIC_BASE_URL", raising=False)
    with pytest.raises(SettingsError, match="TONGBAN_PUBLIC_BASE_URL"):
        load_settings()


def test_a_deployed_stage_links_to_the_public_base_url_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", "prod")
    monkeypatch.setenv("TONGBAN_PUBLIC_BASE_URL", "https://tongban.example.gov.cn/")
    assert load_settings().public_base_url == "https://tongban.example.gov.cn"


@pytest.mark.parametrize("stage", ["local", "test"])
def test_a_local_stage_without_a_public_base_url_links_to_the_default_local_port(
    monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", stage)
    monkeypatch.delenv("TONGBAN_PUBLIC_BASE_URL", raising=False)
    assert load_settings().public_base_url == "http://localhost:8000"


def test_a_deployed_stage_requires_staff_to_sign_in_with_a_second_factor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", "prod")
    monkeypatch.setenv("TONGBAN_PUBLIC_BASE_URL", "https://tongban.example.gov.cn")
    monkeypatch.delenv("TONGBAN_STAFF_MFA", raising=False)
    assert load_settings().staff_mfa_required
    monkeypatch.setenv("TONGBAN_STAFF_MFA", "off")  # only when said in so many words
    assert not load_settings().staff_mfa_required
    monkeypatch.setenv("TONGBAN_STAFF_MFA", "maybe")
    with pytest.raises(SettingsError, match="TONGBAN_STAFF_MFA"):
        load_settings()


def test_a_local_stage_does_not_require_a_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", "local")
    monkeypatch.delenv("TONGBAN_STAFF_MFA", raising=False)
    assert not load_settings().staff_mfa_required


def test_cognito_is_the_default_oidc_provider_and_any_other_can_be_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", "local")
    monkeypatch.setenv("AWS_REGION", "cn-northwest-1")
    monkeypatch.setenv("TONGBAN_USER_POOL_ID", "cn-northwest-1_abc")
    monkeypatch.setenv("TONGBAN_USER_POOL_CLIENT_ID", "client-1")
    for name in ("TONGBAN_OIDC_ISSUER", "TONGBAN_OIDC_AUDIENCE", "TONGBAN_JWKS_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert (
        settings.oidc_issuer
        == "https://cognito-idp.cn-northwest-1.amazonaws.com.cn/cn-northwest-1_abc"
    )
    assert (settings.oidc_audience, settings.jwks_url) == ("client-1", "")
    monkeypatch.setenv("TONGBAN_OIDC_ISSUER", "https://tyrz.nx.gov.cn/realms/zwfw")
    monkeypatch.setenv("TONGBAN_OIDC_AUDIENCE", "tongban")
    settings = load_settings()
    assert (settings.oidc_issuer, settings.oidc_audience) == (
        "https://tyrz.nx.gov.cn/realms/zwfw",
        "tongban",
    )


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("TONGBAN_OIDC_ISSUER", "http://tyrz.nx.gov.cn/realms/zwfw"),
        ("TONGBAN_JWKS_URL", "file:///tmp/jwks.json"),
    ],
)
def test_a_deployed_stage_fetches_signing_keys_only_over_https(
    monkeypatch: pytest.MonkeyPatch, name: str, url: str
) -> None:
    monkeypatch.setenv("TONGBAN_STAGE", "prod")
    monkeypatch.setenv("TONGBAN_PUBLIC_BASE_URL", "https://tongban.example.gov.cn")
    monkeypatch.setenv(name, url)
    with pytest.raises(SettingsError, match="https"):
        load_settings()


def test_a_deployed_function_missing_a_setting_refuses_its_cold_start_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chalicelib.config import refuse_to_start_without_settings

    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "tongban-prod-api_handler")
    for name, value in {
        "TONGBAN_STAGE": "prod",
        "TONGBAN_PROFILE": "global",
        "TONGBAN_PUBLIC_BASE_URL": "https://tongban.example.gov.cn",
        "TONGBAN_USER_POOL_ID": "us-east-1_abc",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TONGBAN_USER_POOL_CLIENT_ID", raising=False)
    with pytest.raises(SettingsError, match="TONGBAN_USER_POOL_CLIENT_ID"):
        refuse_to_start_without_settings()
    monkeypatch.setenv("TONGBAN_USER_POOL_CLIENT_ID", "client-1")
    refuse_to_start_without_settings()


def test_the_ningxia_profile_requires_an_oidc_issuer_instead_of_a_user_pool() -> None:
    from chalicelib.config import missing_settings

    deployed = {
        "TONGBAN_STAGE": "prod",
        "TONGBAN_PROFILE": "cn",
        "TONGBAN_PUBLIC_BASE_URL": "https://tongban.example.gov.cn",
    }
    assert missing_settings(deployed) == ["TONGBAN_OIDC_ISSUER", "TONGBAN_OIDC_AUDIENCE"]
    assert missing_settings({**deployed, "TONGBAN_PROFILE": "moon"}) == ["TONGBAN_PROFILE"]
    assert missing_settings({"TONGBAN_STAGE": "local"}) == []
