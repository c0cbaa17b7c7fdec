"""Per-department signing keys behind a Protocol: self-signed keys in a shared store; KMS/HSM can plug in."""

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


class KeyStore(Protocol):
    """Where a department's key and certificate (one PEM) are kept, shared by every process that signs."""

    def load(self, name: str) -> bytes | None:
        """The stored PEM, or None."""
        ...

    def create(self, name: str, pem: bytes) -> bytes:
        """Store `pem` unless another process stored one first; return whichever is stored."""
        ...


class FileKeyStore:
    """PEM files in a directory (development and tests)."""

    def __init__(self, directory: Path = DEFAULT_KEY_DIR) -> None:
        self._dir = directory

    def load(self, name: str) -> bytes | None:
        path = self._dir / f"{name}.pem"
        return path.read_bytes() if path.is_file() else None

    def create(self, name: str, pem: bytes) -> bytes:
        path = self._dir / f"{name}.pem"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(pem)
        partial.chmod(0o600)
        partial.replace(path)
        return pem


class StoredKeySource:
    """Self-signed ECDSA P-256 certificate per department, created once and kept in a KeyStore.

    With a shared store (Secrets Manager in AWS) every Lambda container signs with the same key, so
    any container can verify any document. An HSM/KMS source would keep the key outside the process.
    """

    def __init__(self, store: KeyStore, *, validity_days: int = 3650) -> None:
        self._store = store
        self._validity = dt.timedelta(days=validity_days)
        self._cache: dict[str, tuple[Any, bytes]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def slot(department: str) -> str:
        # Department names are Chinese and may hold '/'; a hash makes a safe, stable name.
        return hashlib.sha256(department.encode()).hexdigest()[:24]

    def _material(self, department: str) -> tuple[Any, bytes]:
        with self._lock:
            if department not in self._cache:
                self._cache[department] = self._load_or_create(department)
            return self._cache[department]

    def _load_or_create(self, department: str) -> tuple[Any, bytes]:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        pem = self._store.load(self.slot(department))
        if pem is None:
            key, cert = self._create(department)
            fresh = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ) + cert.public_bytes(serialization.Encoding.PEM)
            pem = self._store.create(self.slot(department), fresh)
        key = serialization.load_pem_private_key(pem, password=None)
        cert = x509.load_pem_x509_certificate(pem)
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


class LocalKeySource(StoredKeySource):
    """StoredKeySource over PEM files in a directory: for development and tests only."""

    def __init__(self, directory: Path = DEFAULT_KEY_DIR, *, validity_days: int = 3650) -> None:
        super().__init__(FileKeyStore(directory), validity_days=validity_days)
