"""The Pillow/pypdf implementation of the ScanNormaliser port (heavy libraries load on first use)."""

from __future__ import annotations

from chalicelib.services.ports import NormalisedMaterial, ScanRejected


class PdfScanner:
    def normalise(
        self, data: bytes, name: str, declared_type: str, colour: bool
    ) -> NormalisedMaterial:
        from .scan_errors import ScanRejectedError
        from .scans import ScanOptions, normalise, thumbnail

        try:
            result = normalise(
                data, name, declared_type=declared_type, options=ScanOptions(colour=colour)
            )
            preview = thumbnail(data, name)
        except ScanRejectedError as error:
            raise ScanRejected(error.code, error.message) from error
        return NormalisedMaterial(
            pdf=result.pdf,
            pages=result.pages,
            kind=result.sniffed,
            passed_through=result.passed_through,
            thumbnail=preview,
        )

    def dossier(self, cover: bytes, parts: list[tuple[str, bytes]], title: str) -> bytes:
        from .dossier import DossierPart, build_dossier

        return build_dossier(
            cover, [DossierPart(t, pdf) for t, pdf in parts], title=title, author="通办 Tongban"
        )

    def rotated(self, pdf: bytes, degrees: int) -> bytes:
        from .dossier import rotate_pages

        return rotate_pages(pdf, degrees)
