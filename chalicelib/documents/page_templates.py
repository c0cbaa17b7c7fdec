"""Renders the public web pages from templates/pages/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .templating import environment


def render_page(templates_dir: Path, name: str, context: dict[str, Any]) -> str:
    """Any page under templates/pages/ (autoescaped: what people type is shown, never run)."""
    return environment(templates_dir, True).get_template(f"pages/{name}").render(**context)
