"""In-memory fakes of the document registry, the renderer and the scan pipeline (re-exported by fakes.py)."""

from __future__ import annotations

import itertools
from typing import Any


class FakeRegistry:
    """In memory, with the adapter's semantics: a reservation draws its serial once, in the same step."""

    def __init__(self) -> None:
        self.by_step: dict[tuple[str, int, str], dict[str, Any]] = {}
        self.records: dict[str, dict[str, Any]] = {}  # issued, by code
        self.series: dict[str, int] = {}

    def reserve(
        self, reservation: dict[str, Any], series: str, stale_before: str
    ) -> dict[str, Any]:
        step = (reservation["case_id"], int(reservation["seq"]), reservation["kind"])
        stored = self.by_step.get(step)
        if stored is None:
            self.series[series] = self.series.get(series, 0) + 1
            stored = {**reservation, "status": "reserved", "serial": self.series[series]}
        elif stored["claim"] != reservation["claim"] and (
            (stored["status"] == "reserved" and str(stored["reserved_at"]) < stale_before)
            or stored["status"] == "failed"
        ):
            stored = {
                **stored,
                "status": "reserved",
                "claim": reservation["claim"],
                "reserved_at": reservation["reserved_at"],
            }
        self.by_step[step] = stored
        return dict(stored)

    def issue(self, record: dict[str, Any]) -> bool:
        step = (record["case_id"], int(record["seq"]), record["kind"])
        stored = self.by_step.get(step)
        if stored is None or stored["status"] != "reserved" or stored["claim"] != record["claim"]:
            return False
        if record["code"] in self.records:
            return False
        issued = {**record, "status": "issued"}
        self.by_step[step] = issued
        self.records[record["code"]] = issued
        return True

    def mark_failed(self, record: dict[str, Any]) -> bool:
        step = (record["case_id"], int(record["seq"]), record["kind"])
        stored = self.by_step.get(step)
        if stored is None or stored["status"] != "reserved" or stored["claim"] != record["claim"]:
            return False
        self.by_step[step] = {**record, "status": "failed"}
        return True

    def by_code(self, code: str) -> dict[str, Any] | None:
        found = self.records.get(code)
        return dict(found) if found else None

    def for_case(self, case_id: str) -> list[dict[str, Any]]:
        return [dict(r) for step, r in sorted(self.by_step.items()) if step[0] == case_id]


class FakeIssuer:
    """Renders a tiny stand-in PDF whose text is the context, and 'signs' it with a checksum line."""

    # Characters the real font has no glyph for (a private-use character; bidi controls never reach it).
    UNDRAWABLE = frozenset({"\ue000", "\u202e"})

    def __init__(self) -> None:
        self.codes = itertools.count(1)
        self.rendered: list[tuple[str, dict[str, Any], str]] = []

    def new_code(self) -> str:
        return f"CODE-{next(self.codes):04d}-TEST"

    def render(
        self, kind: str, context: dict[str, Any], *, seal_name: str, verify_url: str, code: str
    ) -> Any:
        import hashlib
        import json as _json

        from chalicelib.services.ports import RenderedDocument

        for text in _strings_of(context):
            missing = [ch for ch in text if ch in self.UNDRAWABLE]
            if missing:  # like the real renderer: a ValueError before anything is drawn
                shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing)
                raise ValueError(f"字符 {shown} 无法用文书字体显示，请核对或改用规范汉字后重新出具")
        self.rendered.append((kind, context, seal_name))
        body = _json.dumps(
            {"kind": kind, "seal": seal_name, "code": code, "url": verify_url}, ensure_ascii=False
        ).encode()
        pdf = b"%PDF-fake\n" + body + b"\n%sig:" + hashlib.sha256(body).hexdigest().encode()
        return RenderedDocument(pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), title=kind)

    def find_code(self, pdf: bytes) -> str | None:
        """The code the stand-in PDF's text carries, like the real renderer's printed one."""
        import json as _json

        body, _, _ = pdf.removeprefix(b"%PDF-fake\n").rpartition(b"\n%sig:")
        try:
            code = _json.loads(body.decode("utf-8", "replace")).get("code")
        except (ValueError, AttributeError):
            return None
        return str(code) if pdf.startswith(b"%PDF-fake\n") and code else None

    def verify_signature(self, pdf: bytes, seal_name: str) -> dict[str, Any]:
        import hashlib

        body, _, sig = pdf.removeprefix(b"%PDF-fake\n").rpartition(b"\n%sig:")
        ok = hashlib.sha256(body).hexdigest().encode() == sig and seal_name.encode() in body
        return {
            "ok": ok,
            "signer": seal_name,
            "signed_at": "",
            "problems": [] if ok else ["签名不符"],
        }

    def inspect_upload(self, pdf: bytes, name: str, seal_name: str) -> dict[str, Any]:
        """Like the real check's outcome: anything but a PDF is refused; a PDF reads as unsigned."""
        from chalicelib.services.ports import ScanRejected

        if not pdf.startswith(b"%PDF-"):
            raise ScanRejected("not_pdf", f"文件“{name}”不是 PDF 文件，请上传签章后的 PDF 结果文书")
        return {
            "pages": 1,
            "signed": False,
            "trusted": False,
            "signer": "",
            "signed_at": "",
            "note": "未加盖电子签章",
            "problems": [],
        }


def _strings_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_of(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings_of(v)]
    return []


class FakeScanResults:
    def __init__(self) -> None:
        self.results: dict[str, dict[str, dict[str, Any]]] = {}

    def record(self, case_id: str, scan_id: str, result: dict[str, Any]) -> bool:
        if scan_id in self.results.get(case_id, {}):
            return False
        self.results.setdefault(case_id, {})[scan_id] = {
            "key": scan_id,
            **result,
            "scan_id": scan_id,
        }
        return True

    def for_case(self, case_id: str) -> dict[str, dict[str, Any]]:
        return dict(self.results.get(case_id, {}))


class FakeScanner:
    """Accepts anything starting with JPEG/PDF magic bytes; everything else is refused like the real one."""

    def normalise(self, data: bytes, name: str, declared_type: str, colour: bool) -> Any:
        from chalicelib.services.ports import NormalisedMaterial, ScanRejected

        if not (data.startswith(b"\xff\xd8\xff") or data.startswith(b"%PDF")):
            raise ScanRejected("type_unknown", f"“{name}”不是可识别的图片或 PDF 文件")
        return NormalisedMaterial(
            pdf=b"%PDF-normalised " + data[:8],
            pages=1,
            kind="jpeg",
            passed_through=False,
            thumbnail=b"thumb",
        )

    def dossier(self, cover: bytes, parts: list[tuple[str, bytes]], title: str) -> bytes:
        return cover + b"".join(pdf for _, pdf in parts)

    def rotated(self, pdf: bytes, degrees: int) -> bytes:
        return f"%rotated {degrees} ".encode() + pdf
