"""Notices to the administrators and class teachers: the connector's troubles, a parent
whose chat refuses the bot, children left without a linked parent."""

from __future__ import annotations

from typing import Any

from bot.services.summaries.weeks import SummaryWeeks
from bot.views.payloads import send_text
from storage.db import utc_iso
from storage.outbox import OutboxItem
from storage.uow import UnitOfWork


class SummaryNotices(SummaryWeeks):
    async def tell_admins(self, key: str, **args: Any) -> None:
        stamp = self.clock.now().astimezone(self.school.tz).strftime("%Y-%m-%dT%H")
        async with UnitOfWork(self.db) as uow:
            for chat in self._admin_chats():
                t = await self._translator(chat)
                await uow.outbox.enqueue(chat_id=chat, method="SendMessage",
                                         payload=send_text(chat, t(key, **args)),
                                         dedupe_key=f"{key}:{stamp}:{chat}", purpose="notice")
        if self.outbox is not None:
            self.outbox.wake()

    async def tell_class_teachers(self, class_name: str, key: str, **args: Any) -> None:
        """A notice to the class's teachers, at most once a day each (a restart the same day
        does not repeat it)."""
        stamp = self.clock.now().astimezone(self.school.tz).date().isoformat()
        async with UnitOfWork(self.db) as uow:
            for teacher in self.school.class_teachers_of(class_name):
                t = await self._translator(teacher.telegram_id)
                await uow.outbox.enqueue(chat_id=teacher.telegram_id, method="SendMessage",
                                         payload=send_text(teacher.telegram_id, t(key, **args)),
                                         dedupe_key=f"{key}:{class_name}:{stamp}:{teacher.telegram_id}",
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
                t = await self._translator(teacher.telegram_id)
                await uow.outbox.enqueue(
                    chat_id=teacher.telegram_id, method="SendMessage",
                    payload=send_text(teacher.telegram_id, t("summary-unreachable", name=full_name,
                                                             klass=class_name)),
                    dedupe_key=f"unreachable:{item.chat_id}:{item.ref_id}:{teacher.telegram_id}",
                    purpose="notice",
                )
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
                    if teacher.telegram_id is None:
                        continue
                    t = await self._translator(teacher.telegram_id)
                    await uow.outbox.enqueue(
                        chat_id=teacher.telegram_id, method="SendMessage",
                        payload=send_text(teacher.telegram_id, t("forget-orphan-notice", name=student.full_name,
                                                                 klass=student.class_name)),
                        dedupe_key=f"orphan:{student.id}:{teacher.telegram_id}:{stamp}", purpose="notice",
                    )
        if self.outbox is not None:
            self.outbox.wake()
