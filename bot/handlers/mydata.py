"""/mydata: everything the bot keeps about the person, in the chat and as a file.
/forget: deleting it, after a confirmation (bot/services/personal_data.py)."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.clock import Clock
from bot.domain.school import SchoolConfig
from bot.filters import STAFF
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.personal_data import PersonalDataService
from bot.views.mydata import MyDataAction, MyDataCb, file_keyboard, forget_keyboard, mydata_text

log = logging.getLogger(__name__)
router = Router(name="mydata")


@router.message(Command("mydata"))
async def cmd_mydata(message: Message, personal_data: PersonalDataService, school: SchoolConfig,
                     t: Translator) -> None:
    if message.from_user is None:
        return
    service = personal_data
    data = await service.export(message.from_user.id)
    if service.is_empty(data):
        await message.answer(t("forget-nothing"))
        return
    await message.answer(mydata_text(data, t, school.tz), reply_markup=file_keyboard(t))


@router.callback_query(MyDataCb.filter(F.action == MyDataAction.FILE))
async def on_file(query: CallbackQuery, personal_data: PersonalDataService, clock: Clock, t: Translator) -> None:
    service = personal_data
    data = await service.export(query.from_user.id)
    await query.answer()
    if isinstance(query.message, Message):
        stamp = clock.now().strftime("%Y-%m-%d")
        await query.message.answer_document(
            BufferedInputFile(service.as_file(data), filename=f"mydata-{stamp}.json"), caption=t("mydata-file-caption"))


@router.message(Command("forget"))
async def cmd_forget(message: Message, t: Translator) -> None:
    """Nothing is deleted yet, not even a half-filled form: the person confirms first (a slip of
    the finger would cost the profile)."""
    await message.answer(t("forget-confirm"), reply_markup=forget_keyboard(t))


@router.callback_query(MyDataCb.filter(F.action == MyDataAction.KEEP))
async def on_keep(query: CallbackQuery, t: Translator) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(t("forget-kept"))


@router.callback_query(MyDataCb.filter(F.action == MyDataAction.FORGET))
async def on_forget(
    query: CallbackQuery, state: FSMContext, personal_data: PersonalDataService, clock: Clock, t: Translator,
    staff: Staff,
) -> None:
    """The profile, the links to children, the record of opening their marks, the dialog's
    state and the messages not yet sent go; the register keeps their requests without their
    name and words; a child left without a linked parent goes on the class's printout."""
    await state.clear()
    forgotten = await personal_data.forget(query.from_user.id, clock.now(), staff=STAFF.allows(staff))
    log.info("personal data of a person deleted on their request (%d request(s) closed)", len(forgotten.closed))
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(t("forget-done") if forgotten.removed else t("forget-nothing"))
