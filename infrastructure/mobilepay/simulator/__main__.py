"""Run the simulator alone: `python -m infrastructure.mobilepay.simulator --port 8081`."""

from __future__ import annotations

import argparse

import uvicorn

from infrastructure.mobilepay.simulator.app import create_simulator_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="MobilePay ePayment simulator (test use only)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--webhook-secret", default=None, help="sign every webhook with this secret")
    args = parser.parse_args(argv)
    uvicorn.run(create_simulator_app(webhook_secret=args.webhook_secret), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
