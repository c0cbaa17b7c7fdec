"""Where the prepared document font lives (no heavy imports: devtools and the bundler use this too)."""

from __future__ import annotations

import os
from pathlib import Path

from chalicelib.config import PROJECT_ROOT, content_root

FONT_FILE_NAME = "NotoSansCJKsc-Regular-glyf.ttf"
FONT_ENV_VAR = "TONGBAN_FONT_PATH"
REPO_FONT = PROJECT_ROOT / ".local" / "fonts" / FONT_FILE_NAME


class FontMissingError(RuntimeError):
    """The prepared font file is not where the documents code looks for it."""


def font_candidates() -> list[Path]:
    """TONGBAN_FONT_PATH if set, else <content_root>/fonts/..., then the repo's .local/fonts/... build cache."""
    configured = os.environ.get(FONT_ENV_VAR)
    if configured:
        return [Path(configured)]
    return [content_root() / "fonts" / FONT_FILE_NAME, REPO_FONT]


def font_path() -> Path:
    candidates = font_candidates()
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    tried = "、".join(str(c) for c in candidates)
    raise FontMissingError(
        f"找不到文书字体 {FONT_FILE_NAME}（已查找：{tried}）；请运行 devtools/ensure-fonts.sh"
    )
