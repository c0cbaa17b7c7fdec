"""Jinja2 environments over templates/: strict (undefined is an error) and autoescaped for HTML."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2


@cache
def environment(templates_dir: Path, autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


class JinjaNoticeRenderer:
    """Renders notice texts from templates/notices/ (content, editable without Python)."""

    def __init__(self, templates_dir: Path) -> None:
        self._dir = templates_dir

    def render(self, template: str, context: dict[str, Any]) -> str:
        env = environment(self._dir, False)
        return env.get_template(f"notices/{template}").render(**context).strip()
