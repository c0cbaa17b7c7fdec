"""Signatures after a department's first reuse its CMS layout, and stay valid for pyHanko and OpenSSL."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import cms

from chalicelib.documents.pdf.cms_template import der_length, message_digest_attribute
from chalicelib.documents.pdf.keys import LocalKeySource
from chalicelib.documents.pdf.signing import sign_pdf, templated_departments, verify_pdf_signature

DEPARTMENT = "费县行政审批服务局"


def blank_pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def signed(key_source: LocalKeySource, text: str) -> bytes:
    return sign_pdf(blank_pdf(text), key_source, DEPARTMENT, reason="测试", location="费县")


def cms_of(pdf: bytes) -> tuple[bytes, bytes]:
    """(the signed bytes of the byte range, the CMS DER from /Contents)."""
    found = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert found is not None
    a, b, c, d = (int(x) for x in found.groups())
    contents = pdf[a + b : c].strip(b"<>")
    # /Contents is zero-padded; a lax load stops at the end of the DER value, so a signature whose
    # last byte happens to be zero is not cut short (stripping zeros would cut it).
    der = bytes.fromhex(contents.decode())
    info = cms.ContentInfo.load(der, strict=False)
    return pdf[a : a + b] + pdf[c : c + d], info.dump()


@pytest.fixture(scope="module")
def key_source(tmp_path_factory: pytest.TempPathFactory) -> LocalKeySource:
    return LocalKeySource(Path(tmp_path_factory.mktemp("keys")))


def test_every_later_signature_of_a_department_validates_under_pyhanko(
    key_source: LocalKeySource,
) -> None:
    root = key_source.trust_root(DEPARTMENT)
    for n in range(3):
        report = verify_pdf_signature(signed(key_source, f"文书 {n}"), [root])
        assert report.ok, report.problems


def test_a_later_signature_differs_from_the_first_only_in_digest_and_signature(
    key_source: LocalKeySource,
) -> None:
    first = cms.ContentInfo.load(cms_of(signed(key_source, "一"))[1])["content"]
    assert DEPARTMENT in templated_departments()
    later = cms.ContentInfo.load(cms_of(signed(key_source, "二"))[1])["content"]
    assert first["certificates"].dump() == later["certificates"].dump()
    a, b = first["signer_infos"][0], later["signer_infos"][0]
    assert a["sid"].dump() == b["sid"].dump()
    assert [x["type"].native for x in a["signed_attrs"]] == [
        x["type"].native for x in b["signed_attrs"]
    ]
    assert a["signature"].native != b["signature"].native


@pytest.mark.skipif(shutil.which("openssl") is None, reason="OpenSSL is the second validator")
def test_a_later_signature_verifies_under_openssl_as_a_detached_cms(
    key_source: LocalKeySource, tmp_path: Path
) -> None:
    signed(key_source, "先签一份")
    content, der = cms_of(signed(key_source, "再签一份"))
    (tmp_path / "sig.der").write_bytes(der)
    (tmp_path / "content.bin").write_bytes(content)
    (tmp_path / "root.der").write_bytes(key_source.trust_root(DEPARTMENT))
    subprocess.run(
        ["openssl", "x509", "-inform", "DER", "-in", "root.der", "-out", "root.pem"],
        cwd=tmp_path,
        check=True,
    )
    result = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der"]
        + [
            "-content",
            "content.bin",
            "-CAfile",
            "root.pem",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    tampered = bytearray(content)
    tampered[len(tampered) // 2] ^= 1
    (tmp_path / "content.bin").write_bytes(bytes(tampered))
    again = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der"]
        + [
            "-content",
            "content.bin",
            "-CAfile",
            "root.pem",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        cwd=tmp_path,
        capture_output=True,
    )
    assert again.returncode != 0


def test_der_lengths_use_the_long_form_from_128_bytes() -> None:
    assert der_length(127) == b"\x7f"
    assert der_length(128) == b"\x81\x80"
    assert der_length(70000) == b"\x83\x01\x11\x70"


def test_the_digest_attribute_is_what_asn1crypto_encodes() -> None:
    digest = bytes(range(32))
    expected = cms.CMSAttribute({"type": "message_digest", "values": [digest]}).dump()
    assert message_digest_attribute(digest) == expected


def test_a_new_key_for_the_department_signs_with_its_own_certificate(
    key_source: LocalKeySource, tmp_path: Path
) -> None:
    old_root = key_source.trust_root(DEPARTMENT)
    signed(key_source, "旧钥匙")
    renewed = LocalKeySource(tmp_path / "renewed-keys")
    new_root = renewed.trust_root(DEPARTMENT)
    assert new_root != old_root
    pdf = signed(renewed, "新钥匙")
    assert verify_pdf_signature(pdf, [new_root]).ok
    assert not verify_pdf_signature(pdf, [old_root]).trusted
    certificates = cms.ContentInfo.load(cms_of(pdf)[1])["content"]["certificates"]
    assert {c.chosen.dump() for c in certificates} == {new_root}
