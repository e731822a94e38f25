"""Using an invitation code (a parent's link to their child), from /start CODE, /link or after
the role is chosen."""

from __future__ import annotations

from aiogram.types import Message

from bot.i18n import Translator
from bot.services.families import Families
from storage.links import LinkOutcome

# The code a person arrived with before consenting, kept in the dialog state under this key.
PENDING_CODE = "invite_code"


async def redeem(
    message: Message, telegram_id: int, code: str, families: Families, t: Translator
) -> None:
    """Use an invitation for this person and say what happened, in `message`'s chat."""
    result = await families.redeem(code, telegram_id)
    if result.outcome in (LinkOutcome.LINKED, LinkOutcome.ALREADY) and result.student:
        key = "link-ok" if result.outcome is LinkOutcome.LINKED else "link-already"
        await message.answer(t(key, name=result.student.full_name, klass=result.student.class_name))
    else:
        await message.answer(t(f"link-{result.outcome.value}"))
