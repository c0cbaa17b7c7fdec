"""PAdES signing with pyHanko through a KeySource, and validation into a plain SignatureReport."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from .cms_template import CmsTemplate, TemplateCache
from .keys import KeySource

SIGNATURE_FIELD = "TongbanSeal"
# Enough for an ECDSA or RSA-4096 CMS blob with a 3-certificate chain; fixing it skips pyHanko's
# dry-run signature, which for a KMS key would be a second paid network call.
_BYTES_RESERVED = 16384


class SigningError(RuntimeError):
    """The key source could not sign, or pyHanko could not write the signature."""


_TEMPLATES = TemplateCache()


def templated_departments() -> frozenset[str]:
    """The departments whose signatures now reuse their first CMS layout."""
    return _TEMPLATES.departments()


@lru_cache(maxsize=64)
def _certificate(der: bytes) -> Any:
    """The parsed certificate for `der`: asn1crypto keeps what it derives on the object (names,
    issuer and serial), which the certificate store otherwise works out again for every document."""
    from asn1crypto import x509

    return x509.Certificate.load(der)


def _signer(key_source: KeySource, department: str) -> Any:
    from asn1crypto import algos, cms
    from pyhanko.sign.signers import Signer
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    ders = key_source.certificate_chain(department)
    chain = [_certificate(bytes(der)) for der in ders]
    mechanism_name = key_source.signature_mechanism(department)
    mechanism = algos.SignedDigestAlgorithm({"algorithm": mechanism_name})
    cache_key = (department, hashlib.sha256(b"".join(ders)).digest(), mechanism_name)

    class KeySourceSigner(Signer):
        """pyHanko signer whose raw signatures come from the key source (local key, KMS or HSM)."""

        async def async_sign_raw(
            self, data: bytes, digest_algorithm: str, dry_run: bool = False
        ) -> bytes:
            if dry_run:
                return bytes(512)
            return key_source.sign(department, data, digest_algorithm)

        async def async_sign(  # type: ignore[override]
            self, data_digest: bytes, digest_algorithm: str, dry_run: bool = False, **kwargs: Any
        ) -> Any:
            # pyHanko's CMS assembly is most of a signature's cost; after the first, only the
            # digest and the signature value change. Anything unusual takes pyHanko's own path.
            plain = digest_algorithm == "sha256" and kwargs.get("timestamper") is None
            plain = plain and kwargs.get("encap_content_info") is None and not dry_run
            template = _TEMPLATES.get(cache_key) if plain else None
            if template is None:
                info = await super().async_sign(data_digest, digest_algorithm, dry_run, **kwargs)
                if plain and kwargs.get("use_pades"):
                    _TEMPLATES.put(cache_key, CmsTemplate(info))
                return info
            der = template.fill(
                data_digest, lambda attrs: key_source.sign(department, attrs, "sha256")
            )
            return cms.ContentInfo.load(der)

    return KeySourceSigner(
        signing_cert=chain[0],
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
        signature_mechanism=mechanism,
    )


def sign_pdf(
    pdf: bytes, key_source: KeySource, department: str, *, reason: str, location: str
) -> bytes:
    """An incremental PAdES B-B signature (invisible field; the printed seal is the visible mark)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=department,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.PdfSigner(meta, signer=_signer(key_source, department)).sign_pdf(
            writer, bytes_reserved=_BYTES_RESERVED
        )
    except Exception as error:  # pyHanko and key sources raise many unrelated types
        raise SigningError(f"文书电子签章失败：{error}") from error
    signed: bytes = out.getvalue()
    return signed


@dataclass(frozen=True)
class SignatureReport:
    """What a verifier needs to know; `ok` only when signed, intact, trusted and covering every byte."""

    signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_document: bool = False
    signer: str = ""
    signed_at: datetime | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return (
            self.signed
            and self.intact
            and self.valid
            and self.trusted
            and self.covers_whole_document
        )


def verify_pdf_signature(pdf: bytes, trust_roots: Sequence[bytes]) -> SignatureReport:
    """Validate the last signature against DER trust roots, offline (no fetching, no revocation)."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception as error:  # a damaged file is a failed verification, not a crash
        return SignatureReport(signed=False, problems=(f"文件无法解析：{error}",))
    if not signatures:
        return SignatureReport(signed=False, problems=("文件未签章",))
    context = ValidationContext(
        trust_roots=[x509.Certificate.load(der) for der in trust_roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception as error:  # malformed CMS, unknown algorithms, broken byte ranges
        return SignatureReport(signed=True, problems=(f"签章无法校验：{error}",))
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    problems = [
        text
        for failed, text in (
            (not status.intact, "签章后文件内容被改动"),
            (not status.valid, "签名值无效"),
            (not status.trusted, "签章证书不在信任列表中"),
            (not whole, "签章之后文件又被追加修改"),
        )
        if failed
    ]
    return SignatureReport(
        signed=True,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_document=whole,
        signer=status.signing_cert.subject.native.get("common_name", ""),
        signed_at=status.signer_reported_dt,
        problems=tuple(problems),
    )
