"""Routes must deploy to API Gateway: one path-variable name per level under the same parent."""

from __future__ import annotations

import re
from collections import defaultdict

from app import app


def test_sibling_path_variables_share_one_name_at_every_level() -> None:
    names: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for path in app.routes:
        parts = path.strip("/").split("/")
        for depth, part in enumerate(parts):
            found = re.fullmatch(r"\{(\w+)\+?\}", part)
            if found:
                names[tuple(parts[:depth])].add(found.group(1))
    clashes = {"/".join(parent): sorted(n) for parent, n in names.items() if len(n) > 1}
    assert clashes == {}, f"API Gateway refuses different variable names at one level: {clashes}"
