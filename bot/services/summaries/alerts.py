"""Notices to the administrators and class teachers: the connector's troubles, a parent
whose chat refuses the bot, children left without a linked parent."""

from __future__ import annotations

from typing import Any

from bot.services.eljur import JournalNews, JournalUnreadableClass
from bot.services.outgoing import post
from bot.services.summaries.notices import ChildOrphaned, JournalNotice, ParentUnreachable
from bot.services.summaries.weeks import SummaryWeeks
from storage.db import utc_iso
from storage.outbox import OutboxItem
from storage.uow import UnitOfWork


class SummaryAlerts(SummaryWeeks):
    async def tell_admins(self, news: JournalNews) -> None:
        stamp = self.clock.now().astimezone(self.school.tz).strftime("%Y-%m-%dT%H")
        async with UnitOfWork(self.db) as uow:
            for chat in self._admin_chats():
                notice = JournalNotice(chat_id=chat, lang=await self._language(chat), news=news)
                await post(uow, self.views, notice, dedupe_key=f"{news.topic}:{stamp}:{chat}", purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()

    async def tell_class_teachers(self, news: JournalUnreadableClass) -> None:
        """A notice to the class's teachers, at most once a day each (a restart the same day
        does not repeat it)."""
        stamp = self.clock.now().astimezone(self.school.tz).date().isoformat()
        async with UnitOfWork(self.db) as uow:
            for teacher in self.school.class_teachers_of(news.class_name):
                chat = teacher.telegram_id
                notice = JournalNotice(chat_id=chat, lang=await self._language(chat), news=news)
                await post(uow, self.views, notice, dedupe_key=f"{news.topic}:{news.class_name}:{stamp}:{chat}",
                           purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()

    async def unreachable(self, item: OutboxItem, error: str) -> None:
        """The parent blocked the bot: no more summaries to them, and the class teacher is told
        a printout is needed (R5.1, R5.6)."""
        student = await self.repo.student(item.ref_id)
        async with UnitOfWork(self.db) as uow:
            await uow.summaries.unreachable(item.chat_id, self.clock.now(), error)
            if student is None:
                return
            full_name, class_name = student
            for teacher in self.school.class_teachers_of(class_name):
                chat = teacher.telegram_id
                notice = ParentUnreachable(chat_id=chat, lang=await self._language(chat),
                                           student_name=full_name, class_name=class_name)
                await post(uow, self.views, notice, dedupe_key=f"unreachable:{item.chat_id}:{item.ref_id}:{chat}",
                           purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()

    async def orphaned(self, students: list[Any]) -> None:
        """Children whose last linked parent left (/forget) while the family chose this bot:
        their class teachers are told that the printout now includes them."""
        if not students:
            return
        stamp = utc_iso(self.clock.now())
        async with UnitOfWork(self.db) as uow:
            for student in students:
                for teacher in self.school.class_teachers_of(student.class_name):
                    chat = teacher.telegram_id
                    if chat is None:
                        continue
                    notice = ChildOrphaned(chat_id=chat, lang=await self._language(chat),
                                           student_name=student.full_name, class_name=student.class_name)
                    await post(uow, self.views, notice, dedupe_key=f"orphan:{student.id}:{chat}:{stamp}",
                               purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()
