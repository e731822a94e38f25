"""`python -m tg_standin` / `tg-standin`: the stand-in as a server of its own."""

from __future__ import annotations

import argparse
import asyncio
import logging

from tg_standin.server import StandIn


async def serve(host: str, port: int, token: str) -> None:
    standin = StandIn(token=token)
    url = await standin.start(host, port)
    print(f"Bot API stand-in on {url} (token {token.split(':')[0]}:…); control API under {url}/_standin/", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await standin.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="A local Telegram Bot API stand-in")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-token")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    try:
        asyncio.run(serve(args.host, args.port, args.token))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
