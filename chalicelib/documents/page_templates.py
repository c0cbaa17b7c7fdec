"""Renders the public web pages from templates/pages/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .templating import environment


def render_verify(templates_dir: Path, code: str, result: dict[str, Any]) -> str:
    template = environment(templates_dir, True).get_template("pages/verify.html.j2")
    return template.render(code=code, result=result)


def render_track(
    templates_dir: Path, number: str, result: dict[str, Any] | None, error: str, csrf: str = ""
) -> str:
    template = environment(templates_dir, True).get_template("pages/track.html.j2")
    return template.render(number=number, result=result, error=error, csrf=csrf)


def render_page(templates_dir: Path, name: str, context: dict[str, Any]) -> str:
    """Any page under templates/pages/ (autoescaped: what people type is shown, never run)."""
    return environment(templates_dir, True).get_template(f"pages/{name}").render(**context)
