"""Where the bot's own time goes between a pressed "Send" and the filing (a diagnostic).

50 people at the confirmation step press "Send" at once. Their updates go through the
real dispatcher (`create_dispatcher`: aiogram's middlewares, the routers and filters, the
form's handler, the group commit) in this one process; Telegram is faked inside the
session, so no network and no stand-in are measured. Printed, as medians of the rounds
after the first: the time to parse the 50 updates, to bring all 50 to the filing, and
to finish everything (filing, the requesters' acknowledgements); with --profile, each
package's share of the CPU time from parsing the updates to the last filing.

    python -m bench.dispatch_profile [--people 50] [--rounds 5] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import statistics
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import EditMessageReplyMarkup, SendMessage
from aiogram.types import Message, Update

import bot.handlers.request_form as request_form
from bench.common import ROOT, report
from bot.app import create_dispatcher
from bot.dialogs.request_form import RequestForm
from bot.domain.people import Role
from bot.domain.school import load_school_config
from bot.i18n import I18n
from bot.services.helpdesk import HelpDesk
from bot.services.people import Directory
from bot.views.callbacks import FormCb
from bot.views.present import Views
from storage.db import Database

TUESDAY_1445 = datetime.fromisoformat("2026-11-24T14:45:00+03:00")  # A is on duty


class FixedClock:
    def now(self) -> datetime:
        return TUESDAY_1445


class FakeTelegram(BaseSession):
    """Answers at once, as Telegram would: a message for sends and edits, True otherwise."""

    async def make_request(self, bot: Bot, method: Any, timeout: int | None = None) -> Any:
        if isinstance(method, (SendMessage, EditMessageReplyMarkup)):
            return Message.model_validate(
                {"message_id": 9, "date": 0, "chat": {"id": method.chat_id, "type": "private"}, "text": "ok"},
                context={"bot": bot},
            )
        return True

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]  # never called
        raise NotImplementedError

    async def close(self) -> None:
        return None


class Filings:
    """When the form's handler hands each request over to be filed."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.profile: cProfile.Profile | None = None
        self.expected = 0
        self._submit = request_form.submit

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.times.append(time.perf_counter())
        if self.profile is not None and len(self.times) == self.expected:
            self.profile.disable()
        return await self._submit(*args, **kwargs)


def _category(filename: str) -> str:
    for name in ("aiogram", "pydantic", "magic_filter", "aiohttp", "asyncio"):
        if f"/{name}/" in filename:
            return name
    if filename == "~":
        return "C built-ins (pydantic-core, dict, str…)"
    if any(f"/{part}/" in filename for part in ("bot", "storage")) and "site-packages" not in filename:
        return "ours (bot/, storage/)"
    return "other standard library"


async def main(people: int, rounds: int, profile: bool) -> dict:
    school = load_school_config(ROOT / "schools" / "example.toml")
    db = await Database(Path(tempfile.mkdtemp(prefix="bench-dispatch-")) / "d.sqlite3").connect()
    i18n, clock = I18n(), FixedClock()
    desk = HelpDesk(db, school, clock, directory := Directory(school, i18n, db), views=Views(directory))
    await desk.reload_substitutions()
    dp = create_dispatcher(db=db, school=school, i18n=i18n, clock=clock, helpdesk=desk)
    bot = Bot("123:abc", session=FakeTelegram(), default=DefaultBotProperties(parse_mode="HTML"))
    filings = Filings()
    request_form.submit = filings  # the handler looks the name up when it runs
    data = FormCb(step="confirm", value="send").pack()
    measured: list[tuple[float, float, float]] = []
    shares: Counter[str] = Counter()
    try:
        for n in range(rounds):
            raw = []
            for i in range(people):
                uid = 1_000_000 * (n + 1) + i
                await desk.directory.users.give_consent(uid, "ru", clock.now())
                await desk.directory.users.set_role(uid, Role.PARENT, clock.now())
                await desk.directory.users.get(uid)  # as after the form's earlier steps: in the cache
                key = StorageKey(bot_id=bot.id, chat_id=uid, user_id=uid)
                await dp.storage.set_state(key, RequestForm.confirm.state)
                await dp.storage.set_data(key, {
                    "sk": f"sk{uid}", "name": "Иванова Анна", "klass": "5А", "kind": "question",
                    "topic": "general", "area": "technical", "text": "Не открывается электронный дневник",
                })
                message = {"message_id": 5, "date": 0, "chat": {"id": uid, "type": "private", "first_name": "М"},
                           "from": {"id": bot.id, "is_bot": True, "first_name": "bot"},
                           "text": "Проверьте обращение. " * 20,
                           "reply_markup": {"inline_keyboard": [[{"text": "📨 Отправить", "callback_data": data}]]}}
                raw.append({"update_id": uid, "callback_query": {
                    "id": str(uid), "from": {"id": uid, "is_bot": False, "first_name": "М", "language_code": "ru"},
                    "chat_instance": str(uid), "message": message, "data": data}})
            gc.collect()
            filings.times, filings.expected = [], people
            filings.profile = cProfile.Profile() if profile and n == rounds - 1 else None
            if filings.profile is not None:
                filings.profile.enable()
            t0 = time.perf_counter()
            updates = [Update.model_validate(u, context={"bot": bot}) for u in raw]
            t1 = time.perf_counter()
            await asyncio.gather(*(dp.feed_update(bot, u) for u in updates))
            t2 = time.perf_counter()
            measured.append(((t1 - t0) * 1000, (filings.times[-1] - t1) * 1000, (t2 - t1) * 1000))
            if filings.profile is not None:
                for (filename, _, _), (_, _, own, _, _) in pstats.Stats(filings.profile).stats.items():  # type: ignore[attr-defined]
                    shares[_category(filename)] += own
        filed = await db.fetch_value("SELECT count(*) FROM requests")
    finally:
        request_form.submit = filings._submit
        await db.close()
    settled = measured[1:] or measured
    figures: dict = {
        "people": people,
        "rounds": rounds,
        "parse_ms": round(statistics.median(m[0] for m in settled), 1),
        "to_last_filing_ms": round(statistics.median(m[1] for m in settled), 1),
        "per_update_to_filing_ms": round(statistics.median(m[1] for m in settled) / people, 2),
        "everything_ms": round(statistics.median(m[2] for m in settled), 1),
        "filed": filed,
    }
    if shares:
        total = sum(shares.values())
        figures["cpu_share_to_filing"] = {name: f"{own / total:.0%}" for name, own in shares.most_common()}
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    report("dispatch_profile", asyncio.run(main(args.people, args.rounds, args.profile)))
