"""Issue a notice: context in, checked, rendered, sealed, signed PDF bytes out (reportlab loaded only on use)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalicelib.domain.document_kinds import is_document_kind, is_uploaded_kind

from .contexts import missing_keys
from .layouts import resolve_layout

if TYPE_CHECKING:
    from .pdf.keys import KeySource

# Human-readable names of the context keys worth naming in an "undrawable character" error.
_FIELD_NAMES = {
    "applicant_name": "申请人姓名",
    "agent_name": "代办人姓名",
    "staff_name": "经办人姓名",
    "item_name": "事项名称",
    "unit_name": "出具单位",
    "reason": "理由",
}


class UnknownDocumentKindError(ValueError):
    """No such document type."""


@dataclass(frozen=True)
class IssuedDocument:
    pdf: bytes
    sha256: str
    verification_code: str
    kind: str
    title: str


def _strings(value: Any, path: str) -> list[tuple[str, str]]:
    """Every string in the context with a readable path, e.g. ("materials[2].name", "户口簿")."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, Mapping):
        return [s for k, v in value.items() for s in _strings(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list | tuple):
        return [s for i, v in enumerate(value, 1) for s in _strings(v, f"{path}[{i}]")]
    return []


def check_context_drawable(context: Mapping[str, Any]) -> None:
    """Raise UndrawableCharacterError naming the first field with characters the font lacks."""
    from .pdf.fonts import UndrawableCharacterError, check_drawable

    for path, text in _strings(context, ""):
        missing = check_drawable(text)
        if missing:
            raise UndrawableCharacterError(missing, where=_FIELD_NAMES.get(path, path))


def render_document(
    kind: str,
    context: Mapping[str, Any],
    *,
    templates_dir: Path,
    seal_name: str,
    verify_url: str,
    verification_code: str,
    key_source: KeySource | None,
) -> IssuedDocument:
    """Render `kind` (templates_dir/documents/<kind>.json) for `context`; sign it if a key source is given.

    Raises MissingContextError, UndrawableCharacterError (before anything is drawn), LayoutError,
    SigningError. The signing department is `seal_name`: one key per seal, as with paper seals.
    """
    from .contexts import MissingContextError
    from .pdf.codes import sha256_hex
    from .pdf.fonts import UndrawableCharacterError, check_drawable
    from .pdf.qr import qr_png
    from .pdf.render import Artwork, render_pdf
    from .pdf.seal import seal_png

    if not is_document_kind(kind) or is_uploaded_kind(kind):
        raise UnknownDocumentKindError(f"未知的文书类型：{kind}")
    missing = missing_keys(kind, context)
    if missing:
        raise MissingContextError(kind, missing)
    check_context_drawable({**context, "seal_name": seal_name})
    full = {**context, "verify_url": verify_url, "verification_code": verification_code}
    layout = resolve_layout(templates_dir, kind, full)
    # The template's own words count too: an edited layout could add a character the font lacks.
    leftover = check_drawable(layout.all_text())
    if leftover:
        raise UndrawableCharacterError(leftover, where=f"文书模板 {kind}")
    art = Artwork(
        qr_png=qr_png(verify_url),
        seal_png=seal_png(seal_name, layout.seal_caption),
        verification_code=verification_code,
    )
    pdf = render_pdf(layout, art, author=seal_name)
    if key_source is not None:
        from .pdf.signing import sign_pdf

        pdf = sign_pdf(
            pdf,
            key_source,
            seal_name,
            reason=f"出具{layout.title}",
            location=str(context.get("receiving_jurisdiction", "")),
        )
    return IssuedDocument(
        pdf=pdf,
        sha256=sha256_hex(pdf),
        verification_code=verification_code,
        kind=kind,
        title=layout.title,
    )
