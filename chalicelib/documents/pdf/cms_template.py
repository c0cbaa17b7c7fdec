"""A CMS signature assembled from a department's first one: only the message digest and the signature
value change between two documents, so the rest is kept as DER bytes instead of rebuilt by asn1crypto."""

from __future__ import annotations

import threading
from collections.abc import Callable

MESSAGE_DIGEST_OID = bytes.fromhex("06092a864886f70d010904")  # 1.2.840.113549.1.9.4


def der_length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    body = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + der_length(len(content)) + content


def message_digest_attribute(digest: bytes) -> bytes:
    """SEQUENCE { OID messageDigest, SET { OCTET STRING digest } }."""
    return tlv(0x30, MESSAGE_DIGEST_OID + tlv(0x31, tlv(0x04, digest)))


class CmsTemplate:
    """The DER pieces of one signed CMS ContentInfo (one signer, no unsigned attributes)."""

    def __init__(self, content_info: object) -> None:
        from asn1crypto import cms

        info = cms.ContentInfo.load(content_info.dump())  # type: ignore[attr-defined]
        signed_data = info["content"]
        signer = signed_data["signer_infos"][0]
        if len(signed_data["signer_infos"]) != 1 or signer["unsigned_attrs"].native:
            raise ValueError("only a single signer without unsigned attributes can be templated")
        self._content_type = info["content_type"].dump()
        signer_set = signed_data["signer_infos"].dump()
        if not signed_data.contents.endswith(signer_set):
            raise ValueError("signerInfos is not the last field of SignedData")
        self._signed_data_head = signed_data.contents[: -len(signer_set)]
        self._signer_head = b"".join(
            signer[name].dump() for name in ("version", "sid", "digest_algorithm")
        )
        self._signature_algorithm = signer["signature_algorithm"].dump()
        # Every signed attribute but the digest stays byte for byte (content type, signing certificate).
        self._fixed_attributes = [
            attribute.dump()
            for attribute in signer["signed_attrs"]
            if attribute["type"].native != "message_digest"
        ]

    def fill(self, digest: bytes, sign: Callable[[bytes], bytes]) -> bytes:
        """The ContentInfo DER for a document whose byte ranges hash to `digest`; `sign` signs the
        DER of the signed attributes (as a SET, which is what CMS signs)."""
        # DER orders a SET OF by the encodings themselves.
        attributes = b"".join(sorted([*self._fixed_attributes, message_digest_attribute(digest)]))
        signature = sign(tlv(0x31, attributes))
        signer = tlv(
            0x30,
            self._signer_head
            + tlv(0xA0, attributes)
            + self._signature_algorithm
            + tlv(0x04, signature),
        )
        signed_data = tlv(0x30, self._signed_data_head + tlv(0x31, signer))
        return tlv(0x30, self._content_type + tlv(0xA0, signed_data))


class TemplateCache:
    """One template per (department, certificate, mechanism): a new key or certificate starts afresh."""

    def __init__(self) -> None:
        self._templates: dict[tuple[str, bytes, str], CmsTemplate] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, bytes, str]) -> CmsTemplate | None:
        with self._lock:
            return self._templates.get(key)

    def put(self, key: tuple[str, bytes, str], template: CmsTemplate) -> None:
        with self._lock:
            self._templates[key] = template

    def departments(self) -> frozenset[str]:
        with self._lock:
            return frozenset(key[0] for key in self._templates)
