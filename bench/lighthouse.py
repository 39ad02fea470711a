"""Lighthouse over the customer's main pages, at the mobile and the desktop preset: every category's score per page.

Starts `portal demo` (embedded, seeded, branded) on a free port of 127.0.0.1 in a temporary directory, signs in as
the demo's address through the pages (the code mail read from `/dev/mail.json`), starts a payment so that a status
page exists, and runs npm's `lighthouse` with the system's Chromium (`CHROME_PATH`, else `chromium` on PATH) over:
the sign-in page (signed out), the document list, an invoice, its pay page, and a waiting payment's status page
(signed in: the cookies go along with `--extra-headers`, see below). Prints one line per page and preset with the
performance, accessibility, best-practices and SEO scores (0-100), then the audits that cost points, and the JSON
reports' directory with `--keep`. It reports figures and never fails on a score.

The signed-in pages get the cookies a signed-in browser holds, the session's and the CSRF nonce's: with the session
alone, a page would set a CSRF cookie, and Chromium then sends the cookie jar's `Cookie` header instead of the extra
one on the page's own requests (the payment page's live status would answer 401).

    make bench-deps                          # lighthouse (npm) beside axe-core
    .venv/bin/python bench/lighthouse.py [--keep artifacts/lighthouse]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PORTAL = [sys.executable, "-c", "from interfaces.cli.main import main; main()"]
DEMO_EMAIL = "mette@example.dk"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PRESETS = {"mobile": [], "desktop": ["--preset=desktop"]}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
START_SECONDS = 120  # upper bounds on waiting, never timings
MAIL_SECONDS = 30
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_LINK = re.compile(r"https?://\S+/login/link/[A-Za-z0-9_\-]+")
_PHONE = re.compile(r'name="phone"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="phone"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _chrome() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        sys.exit("no Chromium: set CHROME_PATH or install chromium (make system-deps)")
    return path


def _start_demo(work: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env |= {"PORTAL_VAR_DIR": str(work / "var"), "PORTAL_DATABASE_URL": f"sqlite:///{work / 'var' / 'portal.db'}"}
    log = (work / "demo.log").open("wb")
    process = subprocess.Popen([*PORTAL, "demo", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"portal demo exited with {process.returncode}:\n{(work / 'demo.log').read_text()[-3000:]}")
        if "portal demo: ready at" in (work / "demo.log").read_text(errors="replace"):
            return process
        time.sleep(0.2)
    process.terminate()
    sys.exit(f"portal demo was not ready within {START_SECONDS} s")


def _csrf(page: httpx.Response) -> str:
    found = _CSRF.search(page.text)
    if found is None:
        sys.exit(f"no form on {page.url}")
    return found.group(1)


def _sign_in(client: httpx.Client) -> None:
    """The sign-in form, then the link from the mail in the same client (the browser that asked: one click)."""
    form = client.get("/login")
    client.post("/login", data={"email": DEMO_EMAIL, "csrf_token": _csrf(form)})
    deadline = time.monotonic() + MAIL_SECONDS
    while time.monotonic() < deadline:
        texts = [mail["text"] for mail in client.get("/dev/mail.json").json() if DEMO_EMAIL in mail["to"]]
        found = next((link for link in map(_LINK.search, texts) if link), None)
        if found is not None:
            client.get(found.group(0))
            if "portal_session" in client.cookies:
                return
            sys.exit("the link from the mail did not sign in")
        time.sleep(0.2)
    sys.exit(f"no sign-in mail within {MAIL_SECONDS} s")


def _invoice_id(client: httpx.Client, number: str) -> str:
    items = client.get("/api/v1/documents", params={"q": number}).json()["items"]
    return str(next(item["id"] for item in items if item["number"] == number))


def _start_payment(client: httpx.Client, invoice: str) -> str:
    """A payment of 10 kr. waiting for approval in the app; its status page's path."""
    form = client.get(f"/documents/{invoice}/pay")
    phone = next((a or b for a, b in _PHONE.findall(form.text)), "")
    started = client.post(
        f"/documents/{invoice}/pay", data={"csrf_token": _csrf(form), "amount": "10,00", "phone": phone}
    )
    location = started.headers.get("location", "")
    if started.status_code != 303 or not location.startswith("/payments/"):
        sys.exit(f"the payment did not start: {started.status_code} {location}")
    return location


def _run(url: str, preset: list[str], chrome: str, cookie: str | None, out: Path) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        *preset,
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    done = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": chrome}, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0 or not out.exists():
        sys.exit(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def _lost_points(report: dict[str, Any]) -> list[str]:
    """The weighted audits below full marks, per category: what to fix."""
    lines = []
    for key in CATEGORIES:
        category = report["categories"][key]
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lines.append(f"    {key}: {ref['id']} ({audit['score']:.2f}) {audit['title']} {shown}".rstrip())
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="a directory to keep the JSON reports in")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse is not installed (make bench-deps)")
    chrome = _chrome()
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=False).stdout
    with tempfile.TemporaryDirectory(prefix="portal-lighthouse-") as tmp:
        work = Path(tmp)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        demo = _start_demo(work, port)
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                _sign_in(client)
                detail, paid_later, waiting = (_invoice_id(client, n) for n in ("INV-10023", "INV-10024", "INV-10022"))
                status = _start_payment(client, waiting)
                cookie = "; ".join(f"{name}={client.cookies[name]}" for name in ("portal_session", "portal_csrf"))
            pages = [
                ("login", "/login", None),
                ("documents", "/documents", cookie),
                ("document", f"/documents/{detail}", cookie),
                ("pay", f"/documents/{paid_later}/pay", cookie),
                ("payment", status, cookie),
            ]
            reports = args.keep or work / "reports"
            reports.mkdir(parents=True, exist_ok=True)
            print(f"lighthouse {version.strip()}, {Path(chrome).name}, {platform.machine()} × {os.cpu_count()} cores")
            print(f"{'page':<10} {'preset':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
            lost: list[str] = []
            for name, path, sent_cookie in pages:
                for preset, flags in PRESETS.items():
                    report = _run(base + path, flags, chrome, sent_cookie, reports / f"{name}-{preset}.json")
                    scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES]
                    print(f"{name:<10} {preset:<8} " + " ".join(f"{s:>14}" for s in scores), flush=True)
                    lost += [f"  {name} ({preset}):", *_lost_points(report)] if min(scores) < 100 else []
            if lost:
                print("\npoints lost:")
                print("\n".join(lost))
            if args.keep:
                print(f"\nreports: {args.keep}")
        finally:
            demo.terminate()
            try:
                demo.wait(timeout=20)
            except subprocess.TimeoutExpired:
                demo.kill()
                demo.wait()


if __name__ == "__main__":
    main()
