"""Certificate PDFs: bytes and time to generate one, in Arabic, English and French.

    .venv/bin/python bench/certificate.py [--runs 20] [--png artifacts/screenshots]

Renders a certificate with a long Arabic name and a long bilingual task title (the worst
case for shaping and line fitting) --runs times per language, and prints the PDF's size
and the median and slowest generation time. The first render in a process also loads and
subsets the font; it is reported apart. With --png, writes certificate-<lang>.png (the
page at 110 dpi, through PyMuPDF) for a person to look at.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widget_server import create_app  # noqa: E402
from widget_server.services.volunteering.certificates import Statement  # noqa: E402
from widget_server.volunteer_pages.certificate_pdf import certificate_text, render  # noqa: E402

STATEMENT = Statement(
    volunteer_name="عبد الرحمن بن محمد بن إبراهيم الهاشمي القرشي Abd al-Rahman Al-Hashimi",
    org_name="جمعية الأمل للتنمية المجتمعية – Hope Community Development Association",
    task_titles={
        "ar": "تصميم الموقع الإلكتروني للجمعية وتحديث محتواه باللغتين العربية والإنجليزية",
        "en": "Designing the association's website and updating its Arabic and English content",
    },
    task_locale="ar",
    hours=37.5,
    completed_on=date(2026, 11, 25),
)
URL = "https://volunteer.example.org/c/4Xq9ZkPb2LmN7RtV8WcY0a"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--png", type=Path)
    args = parser.parse_args()
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": "sqlite://"})
    with app.app_context():
        started = time.perf_counter()
        render(certificate_text(STATEMENT, "en", URL, "4Xq9ZkPb2LmN7RtV8WcY0a"))
        print(
            f"first render (font loading included): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        for locale in ("ar", "en", "fr"):
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                text = certificate_text(STATEMENT, locale, URL, "4Xq9ZkPb2LmN7RtV8WcY0a")
                pdf = render(text)
                times.append(time.perf_counter() - started)
            median, slowest = statistics.median(times) * 1000, max(times) * 1000
            print(
                f"{locale}: {len(pdf) / 1024:.1f} KiB, median {median:.0f} ms, "
                f"slowest {slowest:.0f} ms over {args.runs} runs"
            )
            if args.png:
                import pymupdf

                args.png.mkdir(parents=True, exist_ok=True)
                with pymupdf.open(stream=pdf, filetype="pdf") as document:
                    document[0].get_pixmap(dpi=110).save(args.png / f"certificate-{locale}.png")


if __name__ == "__main__":
    main()
