"""Small builders for the OpenAPI document's JSON schemas (OpenAPI 3.0: `nullable`, `$ref` to components)."""

from __future__ import annotations

from typing import Any

STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
BOOL: dict[str, Any] = {"type": "boolean"}
NUM: dict[str, Any] = {"type": "number"}
OBJ: dict[str, Any] = {"type": "object"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def obj(props: dict[str, Any], *optional: str) -> dict[str, Any]:
    """An object whose listed properties are all required except those named optional."""
    return {
        "type": "object",
        "required": [k for k in props if k not in optional],
        "properties": props,
    }


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}
