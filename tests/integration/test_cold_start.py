"""Importing the API (a Lambda cold start) loads no heavy library; they load on first use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "boto3",
    "botocore",
    "reportlab",
    "PIL",
    "pypdf",
    "pyhanko",
    "openpyxl",
    "jsonschema",
    "jinja2",
    "jwt",
    "cryptography",
)


def test_importing_the_app_loads_none_of_the_heavy_libraries() -> None:
    code = f"import sys, json, app; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
