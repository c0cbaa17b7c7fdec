"""Documents bench: reportlab vs WeasyPrint receipts, photo and scanner pages, dossier size, lazy imports."""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from devtools.fonts import ensure_font

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
CODE = "7KQ2-M9XD-4TPA"
URL = "https://tongban.example.gov.cn/verify/7KQ2M9XD4TPA"


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: imports, font registration, caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def receipt(mode: str = "proxy", key_source: Any = None) -> bytes:
    from chalicelib.documents.contexts import sample_context
    from chalicelib.documents.sealed_pdf import render_document

    context = sample_context("receipt", mode)
    return render_document(
        "receipt", context, templates_dir=TEMPLATES, seal_name=context["unit_name"],
        verify_url=URL, verification_code=CODE, key_source=key_source,
    ).pdf  # fmt: skip


def weasyprint_receipt_html() -> str:
    """The same receipt as HTML, fonts by @font-face on the OTF Noto (WeasyPrint handles CFF)."""
    import base64

    from chalicelib.documents.contexts import sample_context
    from chalicelib.documents.pdf.qr import qr_png
    from chalicelib.documents.pdf.seal import seal_png

    c = sample_context("receipt", "proxy")
    qr = base64.b64encode(qr_png(URL)).decode()
    seal = base64.b64encode(seal_png(c["unit_name"], "行政审批专用章")).decode()
    rows = "".join(
        f"<tr><th>{k}</th><td>{v}</td></tr>"
        for k, v in [("办件编号", c["case_number"]), ("查询密码", c["query_code"]),
                     ("事项名称", c["item_name"]), ("申请人", c["applicant_name"]),
                     ("证件号码", c["applicant_id_number"]), ("收件地", c["receiving_jurisdiction"]),
                     ("办理地", c["home_jurisdiction"]), ("承诺办结日期", c["promised_date"])]
    )  # fmt: skip
    materials = "".join(
        f"<tr><td>{i}</td><td>{m['name']}</td><td>{m['form']}</td><td>{m['copies']}</td></tr>"
        for i, m in enumerate(c["materials"], 1)
    )
    return f"""<html><head><style>
    @font-face {{ font-family: Noto; src: url(file:///usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc); }}
    body {{ font-family: Noto; font-size: 10.5pt; }} h1 {{ text-align: center; }}
    table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 0.6pt solid #555; padding: 2pt; }}
    </style></head><body><h1>业务受理回执</h1><p>{c["applicant_name"]}：申请材料齐全、符合法定形式，予以受理。</p>
    <table>{rows}</table><table>{materials}</table><p>本回执一式两份。</p>
    <img src="data:image/png;base64,{qr}" width="90"><img src="data:image/png;base64,{seal}" width="140">
    </body></html>"""


def weasyprint_rate() -> str:
    try:
        import weasyprint
    except Exception as error:  # missing pango/harfbuzz shows up as OSError at import
        return f"unavailable ({type(error).__name__}: {error})"
    html = weasyprint_receipt_html()
    ms = median_ms(lambda: weasyprint.HTML(string=html).write_pdf(), 15)
    return f"{1000 / ms:.1f} receipts/s ({ms:.1f} ms each)"


def photo_jpeg(variant: int = 0) -> bytes:
    """A 12 MP phone photo: noisy desk, a page of dark lines, EXIF orientation 6 (worst case)."""
    from PIL import Image, ImageDraw

    photo = _desk().copy()
    draw = ImageDraw.Draw(photo)
    draw.rectangle((500 + variant * 7, 300, 3500, 2700), fill=(235, 235, 230))
    for y in range(400 + variant * 5, 2600, 45):
        draw.line((600, y, 3400 - (y * variant) % 900, y), fill=(40, 40, 40), width=6)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


@cache
def _desk() -> Any:
    from PIL import Image

    return Image.effect_noise((4000, 3000), 40).convert("RGB")


def scanner_png(variant: int = 0) -> bytes:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (2480, 3508), "white")
    draw = ImageDraw.Draw(page)
    for y in range(300 + variant * 9, 3200, 60):
        draw.line((200, y, 2280 - (y * variant) % 700, y), fill=(20, 20, 20), width=4)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def g4_tiff(variant: int = 0) -> bytes:
    from PIL import Image, ImageDraw

    page = Image.new("1", (1654, 2339), 1)
    draw = ImageDraw.Draw(page)
    for y in range(200 + variant * 7, 2200, 40):
        draw.line((150, y, 1500 - (y * variant) % 500, y), fill=0, width=3)
    out = io.BytesIO()
    page.save(out, "TIFF", compression="group4")
    return out.getvalue()


def lazy_import_check() -> str:
    probe = (
        "import sys, time; t = time.perf_counter(); import chalicelib.documents.sealed_pdf;"
        "ms = (time.perf_counter() - t) * 1000;"
        "print(ms, 'reportlab' in sys.modules, 'PIL' in sys.modules, 'pypdf' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    ms, reportlab, pil, pypdf = out.stdout.split()
    ok = reportlab == pil == pypdf == "False"
    verdict = "ok" if ok else f"FAIL (reportlab={reportlab}, PIL={pil}, pypdf={pypdf})"
    return f"{verdict}, import chalicelib.documents.sealed_pdf {float(ms):.0f} ms, no reportlab/PIL/pypdf until render"


def main() -> int:
    ensure_font()
    from chalicelib.documents.dossier import DossierPart, build_dossier
    from chalicelib.documents.pdf.keys import LocalKeySource
    from chalicelib.documents.scans import normalise

    print(f"api_cold_import_documents_lazy: {lazy_import_check()}")
    ms = median_ms(receipt, 40)
    print(
        f"receipts_per_second_reportlab: {1000 / ms:.1f} receipts/s ({ms:.1f} ms each, unsigned, QR included)"
    )
    print(f"receipts_per_second_weasyprint: {weasyprint_rate()}")
    keys = LocalKeySource(ROOT / ".local" / "keys")
    signed_ms = median_ms(lambda: receipt(key_source=keys), 20)
    print(
        f"receipts_per_second_reportlab_signed: {1000 / signed_ms:.1f} receipts/s ({signed_ms:.1f} ms each, PAdES)"
    )
    photo, png, tiff = photo_jpeg(), scanner_png(), g4_tiff()
    print(
        f"photo_page_ms_12mp_150dpi_gray: {median_ms(lambda: normalise(photo, 'p.jpg'), 9):.1f} ms"
    )
    print(
        f"scanner_page_ms: {median_ms(lambda: normalise(png, 's.png'), 5):.1f} ms (300 dpi RGB PNG -> 150 dpi gray)"
    )
    print(
        f"scanner_page_ms_g4: {median_ms(lambda: normalise(tiff, 's.tif'), 9):.1f} ms (1-bit G4 TIFF kept 1-bit)"
    )
    # The bench's mixed dossier: 2 notices, 10 photo pages, 4 scanner pages, 4 G4 pages.
    notices = [receipt("proxy"), receipt("joint_local")]
    # Every page distinct: identical pages would be deduplicated and flatter the figure.
    pages = [normalise(photo_jpeg(i), "p.jpg").pdf for i in range(1, 11)]
    pages += [normalise(scanner_png(i), "s.png").pdf for i in range(1, 5)]
    pages += [normalise(g4_tiff(i), "s.tif").pdf for i in range(1, 5)]
    photo_kb = statistics.median(len(p) for p in pages[:10]) / 1024
    parts = [DossierPart(f"材料{i}", pdf) for i, pdf in enumerate(notices[1:] + pages)]
    started = time.perf_counter()
    dossier = build_dossier(notices[0], parts)
    took = (time.perf_counter() - started) * 1000
    count = 1 + len(parts)
    print(f"photo_page_kb_150dpi_gray: {photo_kb:.0f} KB")
    print(
        f"dossier_kb_per_page_mixed: {len(dossier) / 1024 / count:.1f} KB ({count} pages, {len(dossier) / 1e6:.2f} MB, merged in {took:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
