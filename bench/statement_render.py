"""Benchmark the statement of account's PDF: render time of a statement with 100 open items (median, p95), pages and
file size.

Usage: python bench/statement_render.py [-n RENDERS] [--items N]

PRODUCT §11 target: a statement of 100 open items renders in ≤ 300 ms on the 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from importlib.metadata import version

import pypdf
from _machine import machine_line, percentile

from infrastructure.pdf import BorbPdfRenderer
from tests.adapters.pdf.pdf_samples import statement, statement_items

TARGET_MS = 300.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--renders", type=int, default=50, help="timed renders per statement (default 50)")
    parser.add_argument("--items", type=int, default=100, help="open items of the large statement (default 100)")
    args = parser.parse_args()

    print(machine_line())
    print(f"borb {version('borb')}, fonttools {version('fonttools')}")

    renderer = BorbPdfRenderer()
    started = time.perf_counter()
    renderer.render_statement(statement(items=statement_items(1)))
    print(f"first render (loads fonts): {(time.perf_counter() - started) * 1000:.0f} ms")

    cases = [("statement, 10 open items", 10), (f"statement, {args.items} open items", args.items)]
    print(f"{'statement':28} {'pages':>5} {'bytes':>8} {'median ms':>10} {'p95 ms':>8} {'ms/page':>8}")
    large_p95 = 0.0
    for label, count in cases:
        doc = statement(items=statement_items(count))
        pdf = renderer.render_statement(doc)  # warm-up
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        timings: list[float] = []
        for _ in range(args.renders):
            started = time.perf_counter()
            renderer.render_statement(doc)
            timings.append((time.perf_counter() - started) * 1000)
        median, p95 = statistics.median(timings), percentile(timings, 0.95)
        if count == args.items:
            large_p95 = p95
        print(f"{label:28} {pages:5} {len(pdf):8} {median:10.1f} {p95:8.1f} {median / pages:8.1f}")
    print(f"({args.renders} timed renders each, after one warm-up)")
    verdict = "within" if large_p95 <= TARGET_MS else "OVER"
    print(f"target: {args.items} open items in ≤ {TARGET_MS:.0f} ms: p95 {large_p95:.1f} ms, {verdict} the target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
