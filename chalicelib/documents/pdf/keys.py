"""Per-department signing keys behind a Protocol: local self-signed keys here; KMS/HSM plugs in elsewhere."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from chalicelib.config import PROJECT_ROOT

DEFAULT_KEY_DIR = PROJECT_ROOT / ".local" / "keys"


@runtime_checkable
class KeySource(Protocol):
    """Where a department's signing key lives.

    A production implementation (KMS `Sign` with ECDSA_SHA_256, or a PKCS#11 HSM) keeps the private
    key outside the process: it only has to return the certificate chain and sign bytes.
    """

    def certificate_chain(self, department: str) -> Sequence[bytes]:
        """DER certificates: the department's signing certificate first, then its issuers."""
        ...

    def signature_mechanism(self, department: str) -> str:
        """CMS signature algorithm name, e.g. "sha256_ecdsa" or "sha256_rsa"."""
        ...

    def sign(self, department: str, data: bytes, digest_algorithm: str) -> bytes:
        """Raw signature over `data` (hashed with `digest_algorithm`): DER ECDSA or PKCS#1 v1.5."""
        ...


class LocalKeySource:
    """Self-signed ECDSA P-256 certificate per department, generated once and cached on disk.

    For development and tests only: the certificate is its own trust root (`trust_root`).
    """

    def __init__(self, directory: Path = DEFAULT_KEY_DIR, *, validity_days: int = 3650) -> None:
        self._dir = directory
        self._validity = dt.timedelta(days=validity_days)
        self._cache: dict[str, tuple[Any, bytes]] = {}
        self._lock = threading.Lock()

    def _slot(self, department: str) -> Path:
        # Department names are Chinese and may hold '/'; a hash makes a safe, stable file name.
        return self._dir / f"{hashlib.sha256(department.encode()).hexdigest()[:24]}.pem"

    def _material(self, department: str) -> tuple[Any, bytes]:
        with self._lock:
            if department not in self._cache:
                self._cache[department] = self._load_or_create(department)
            return self._cache[department]

    def _load_or_create(self, department: str) -> tuple[Any, bytes]:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        slot = self._slot(department)
        if slot.is_file():
            pem = slot.read_bytes()
            key = serialization.load_pem_private_key(pem, password=None)
            cert = x509.load_pem_x509_certificate(pem)
            return key, cert.public_bytes(serialization.Encoding.DER)
        key, cert = self._create(department)
        slot.parent.mkdir(parents=True, exist_ok=True)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ) + cert.public_bytes(serialization.Encoding.PEM)
        partial = slot.with_suffix(".partial")
        partial.write_bytes(pem)
        partial.chmod(0o600)
        partial.replace(slot)
        return key, cert.public_bytes(serialization.Encoding.DER)

    def _create(self, department: str) -> tuple[Any, Any]:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "通办（本地开发，非正式）"),
                x509.NameAttribute(NameOID.COMMON_NAME, department),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        usage = x509.KeyUsage(True, True, False, False, False, True, False, False, False)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + self._validity)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256())
        )
        return key, cert

    def certificate_chain(self, department: str) -> Sequence[bytes]:
        return [self._material(department)[1]]

    def trust_root(self, department: str) -> bytes:
        """The self-signed certificate, to pass to verify_pdf_signature as a trust root."""
        return self._material(department)[1]

    def signature_mechanism(self, department: str) -> str:
        return "sha256_ecdsa"

    def sign(self, department: str, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        algorithms = {
            "sha256": hashes.SHA256(),
            "sha384": hashes.SHA384(),
            "sha512": hashes.SHA512(),
        }
        key = self._material(department)[0]
        signature: bytes = key.sign(data, ec.ECDSA(algorithms[digest_algorithm]))
        return signature
