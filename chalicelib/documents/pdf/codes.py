"""Verification codes (short, unguessable, typable) and SHA-256 fingerprints."""

from __future__ import annotations

import hashlib
import re
import secrets

# Crockford base32: no I, L, O or U, so what is printed cannot be misread; 12 characters = 60 bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
_TYPO_FIXES = str.maketrans({"I": "1", "L": "1", "O": "0"})


class InvalidVerificationCodeError(ValueError):
    """What was typed cannot be a verification code."""


def new_verification_code() -> str:
    """A fresh code such as `7KQ2-M9XD-4TPA`: 60 random bits, grouped for reading aloud."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise_verification_code(typed: str) -> str:
    """Canonical grouped form of a typed code: case, spaces, dashes and I/L/O mix-ups forgiven."""
    cleaned = "".join(typed.split()).replace("-", "").upper().translate(_TYPO_FIXES)
    if len(cleaned) != CODE_LENGTH or any(c not in ALPHABET for c in cleaned):
        raise InvalidVerificationCodeError(
            "核验码应为 12 位字母或数字（如 7KQ2-M9XD-4TPA），请核对后重新输入"
        )
    return "-".join(cleaned[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The code as the seal block and the footers print it: "核验码 7KQ2-M9XD-4TPA".
_PRINTED = re.compile(r"核验码\s*([0-9A-Z]{4}\s*-\s*[0-9A-Z]{4}\s*-\s*[0-9A-Z]{4})")
MAX_PAGES_SEARCHED = (
    50  # every page's footer carries the code; a long upload is not read to the end
)


def printed_code(pdf: bytes) -> str | None:
    """The verification code printed in a PDF (text layer, pypdf), or None for any other file."""
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged upload is an answer, not noise
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        for page in reader.pages[:MAX_PAGES_SEARCHED]:
            found = _PRINTED.search(page.extract_text() or "")
            if found:
                return "".join(found.group(1).split())
    except Exception:  # noqa: BLE001 - hostile or broken uploads: not a document of ours
        return None
    return None
