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
