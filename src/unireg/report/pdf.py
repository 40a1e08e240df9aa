"""Print the HTML report to PDF with headless Chromium (Debian's ``chromium``, via Playwright).

Why a browser: the charts are drawn by Vega's JavaScript, so printing the very
page the officer opens gives a PDF identical to it, with vector charts, and
Chinese text set in the system's CJK font (Debian ``fonts-wqy-microhei``).
The page is loaded from its file with every non-file request refused.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from unireg.errors import UniregError

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking"]
INSTALL_HINT = ("install them with `apt-get install chromium fonts-wqy-microhei` and "
                "`pip install playwright` (no `playwright install` needed), or run "
                "`unireg report --no-pdf`")
_LOCAL = ("file:", "data:", "about:", "blob:")


class PdfError(UniregError):
    """The PDF cannot be made: a tool or font is missing, or the page did not draw."""


def find_chromium() -> str:
    """The Chromium executable: ``UNIREG_CHROMIUM`` or a Debian/Ubuntu install path."""
    env = os.environ.get("UNIREG_CHROMIUM")
    for cand in ([env] if env else []) + list(CHROMIUM_PATHS):
        if cand and Path(cand).exists():
            return cand
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    raise PdfError(f"no Chromium found for the PDF (looked at {', '.join(CHROMIUM_PATHS)}); "
                   + INSTALL_HINT)


def cjk_font_present() -> bool | None:
    """Whether fontconfig knows a font for Chinese (None if ``fc-list`` is not there)."""
    fc = shutil.which("fc-list")
    if fc is None:
        return None
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True,  # noqa: S603 - fixed argv
                         check=False, timeout=30)
    return bool(out.stdout.strip())


def html_to_pdf(html: Path, pdf: Path, *, footer: str = "", timeout_s: float = 180) -> int:
    """Print ``html`` to ``pdf`` (A4); return the number of network requests refused (0)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError("the PDF needs Playwright; " + INSTALL_HINT) from None
    executable = find_chromium()
    if cjk_font_present() is False:
        raise PdfError("no Chinese font for the PDF; install one with "
                       "`apt-get install fonts-wqy-microhei`, or run `unireg report --no-pdf`")
    refused: list[str] = []

    def route(r):  # a playwright Route
        if r.request.url.startswith(_LOCAL):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    footer_html = ('<div style="font-size:7px;width:100%;padding:0 11mm;color:#666;'
                   'display:flex;justify-content:space-between;font-family:sans-serif">'
                   f'<span>{footer}</span><span><span class="pageNumber"></span> / '
                   '<span class="totalPages"></span></span></div>')
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                        headless=True)
            try:
                page = browser.new_page(viewport={"width": 1100, "height": 1400})
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.route("**/*", route)
                page.goto(html.resolve().as_uri(), wait_until="load",
                          timeout=timeout_s * 1000)
                page.wait_for_function("window.__report && window.__report.ready === true",
                                       timeout=timeout_s * 1000)
                errors += page.evaluate("window.__report.errors")
                if errors:
                    raise PdfError(f"{html}: charts failed to draw: {'; '.join(errors[:3])}")
                page.emulate_media(media="print")
                page.pdf(path=str(pdf), format="A4", print_background=True,
                         display_header_footer=True, header_template="<span></span>",
                         footer_template=footer_html,
                         margin={"top": "12mm", "bottom": "14mm", "left": "11mm",
                                 "right": "11mm"})
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PdfError(f"Chromium could not print {html}: {exc}".splitlines()[0]) from exc
    return len(refused)
