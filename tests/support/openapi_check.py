"""Validating real answers against the OpenAPI document's schemas (OpenAPI 3.0 `nullable` → JSON Schema)."""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator

from chalicelib.entrypoints.openapi import openapi_document


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` beside a type is JSON Schema's type list with "null"."""
    if isinstance(node, list):
        return [as_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: as_json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        if "type" in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


class Documented:
    """The document's operations by concrete path, and a validator per (method, path, status)."""

    def __init__(self) -> None:
        self.doc = openapi_document()
        self.components = as_json_schema(self.doc["components"])
        self.templates = [
            (method.upper(), path, re.compile("^" + re.sub(r"{\w+}", r"[^/]+", path) + "$"))
            for path, ops in self.doc["paths"].items()
            for method in ops
        ]

    def template(self, method: str, path: str) -> str | None:
        bare = path.split("?")[0]
        found = [t for m, t, rx in self.templates if m == method and rx.match(bare)]
        # /api/items/{code}/form and /api/items/{code}: the literal tail wins over the placeholder.
        return max(found, key=lambda t: len(t.replace("{", "").replace("}", "")), default=None)

    def errors(self, method: str, template: str, status: int, body: Any) -> list[str]:
        responses = self.doc["paths"][template][method.lower()]["responses"]
        answer = responses.get(str(status))
        if answer is None:
            return [f"{method} {template}: status {status} is not documented"]
        schema = as_json_schema(answer["content"]["application/json"]["schema"])
        validator = Draft202012Validator({**schema, "components": self.components})
        return [
            f"{method} {template} {status}: {e.message} at {list(e.path)}"
            for e in validator.iter_errors(body)
        ]
