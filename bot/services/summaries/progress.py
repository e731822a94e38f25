"""One message per administrator per run, edited as it goes."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from bot.events import event
from bot.services.outgoing import DeliveryError
from bot.services.summaries.core import log
from bot.services.summaries.notices import RunProgress
from bot.services.summaries.runs import SummaryRuns
from storage.uow import repositories_of


class SummaryProgress(SummaryRuns):
    async def report_progress(self, force: bool = False) -> None:
        """One message per administrator per run, edited as it goes: sent / total, failures, time left."""
        if self.messenger is None or (not force and time.monotonic() - self._progress_at < 3.0):
            return
        self._progress_at = time.monotonic()
        for run in await self.repo.open_runs():
            kind, week, total = run.kind, run.week, run.queued
            counts = await repositories_of(self.db).outbox.counts(f"{kind}:{week}")
            sent, blocked, failed = counts.get("sent", 0), counts.get("blocked", 0), counts.get("failed", 0)
            left = counts.get("pending", 0) + counts.get("sending", 0)
            done = left == 0
            if total == 0:  # nobody to inform this time: nothing to report
                await self.repo.finish_run(kind, week, self.clock.now())
                continue
            elapsed = max(1.0, (self.clock.now() - run.started_at).total_seconds())
            rate = sent / elapsed if sent else 0.0
            minutes = max(1, round(left / rate / 60)) if rate and left else 0
            progress = RunProgress(chat_id=0, kind=kind,  # the chat: each administrator's, below
                                   start=date.fromisoformat(week), sent=sent, total=total,
                                   blocked=blocked, failed=failed, minutes=minutes, done=done)
            await self._show_progress(kind, week, progress)
            if done:
                await self.repo.finish_run(kind, week, self.clock.now())
                event("summaries_done", kind=kind, week=week, total=total, sent=sent, blocked=blocked, failed=failed)

    async def _show_progress(self, kind: str, week: str, progress: RunProgress) -> None:
        """`progress` worded for each administrator (its chat and language filled in)."""
        assert self.messenger is not None
        shown = await self.repo.progress_shown(kind, week)
        for chat in self._admin_chats():
            text = self.views.text(replace(progress, chat_id=chat, lang=await self._language(chat)))
            try:
                if chat not in shown:
                    message_id = await self.messenger.send_text(chat, text)
                    await self.repo.progress_sent(kind, week, chat, message_id, text)
                elif shown[chat][1] != text:
                    await self.messenger.edit_text(chat, shown[chat][0], text)
                    await self.repo.progress_edited(kind, week, chat, text)
            except DeliveryError as error:  # progress is a courtesy: the run goes on without it
                log.warning("progress message to %s: %s", chat, error)
