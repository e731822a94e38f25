"""The courtesy rule's buttons for staff: confirm a flagged message, remove a wrong mark.

A removal asks for its reason in a reply (Telegram's reply field is opened for it); the
next text the person sends is the reason, /cancel drops it.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ForceReply, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.filters import When
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.courtesy import CourtesyDesk
from bot.services.helpdesk import ActionResult, HelpDesk
from bot.services.people import acting_staff_id
from bot.views.callbacks import CourtesyAction, CourtesyCb
from bot.views.courtesy import unmark_rows
from bot.views.render import local, rows_markup

router = Router(name="courtesy")


class CourtesyRemoval(StatesGroup):
    reason = State()


async def _refuse(query: CallbackQuery, result: ActionResult, t: Translator) -> None:
    await query.answer(t(result.reason or "card-not-found", **result.args), show_alert=True)


@router.callback_query(CourtesyCb.filter())
async def courtesy_button(query: CallbackQuery, callback_data: CourtesyCb, state: FSMContext, staff: Staff,
                          t: Translator, helpdesk: HelpDesk) -> None:
    me = acting_staff_id(staff, helpdesk.directory, query.from_user.id)
    if me is None:
        await query.answer(t("card-staff-only"), show_alert=True)
        return
    desk = CourtesyDesk(helpdesk)
    rid, row = callback_data.rid, callback_data.row
    if callback_data.action is CourtesyAction.MARK:
        result = await desk.confirm(rid, row, me)
        if not result.ok:
            await _refuse(query, result, t)
            return
        await query.answer(t("courtesy-marked-ok"))
        if row != 0 and isinstance(query.message, Message):  # a relayed message (the card is refreshed by the desk)
            await query.message.edit_reply_markup(reply_markup=rows_markup(unmark_rows(t, rid, row)))
        return
    listed = await desk.in_force(rid, me)
    if not listed.ok or listed.request is None:
        await _refuse(query, listed, t)
        return
    marks = listed.args["marks"]
    if callback_data.action is CourtesyAction.LIST and len(marks) > 1:
        builder = InlineKeyboardBuilder()
        for mark in marks:
            builder.button(text=t("courtesy-remove-item", at=local(mark.marked_at, helpdesk.school.tz),
                                  level=mark.level),
                           callback_data=CourtesyCb(action=CourtesyAction.UNMARK, rid=rid, row=mark.message_row))
        builder.adjust(1)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(t("courtesy-remove-choose", number=listed.request.number, count=len(marks)),
                                       reply_markup=builder.as_markup())
        return
    if callback_data.action is CourtesyAction.LIST:
        row = marks[0].message_row
    elif not any(m.message_row == row for m in marks):
        await query.answer(t("courtesy-none-in-force"), show_alert=True)
        return
    await state.set_state(CourtesyRemoval.reason)
    pressed_on_relay = callback_data.action is CourtesyAction.UNMARK and isinstance(query.message, Message)
    relay = query.message.message_id if pressed_on_relay and query.message is not None else None
    await state.update_data(courtesy_rid=rid, courtesy_row=row, courtesy_relay=relay)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(t("courtesy-remove-ask", number=listed.request.number),
                                   reply_markup=ForceReply(input_field_placeholder=t("courtesy-remove-placeholder")))


@router.message(StateFilter(CourtesyRemoval.reason), When(F.text & ~F.text.startswith("/")))
async def removal_reason(message: Message, state: FSMContext, staff: Staff, t: Translator, helpdesk: HelpDesk) -> None:
    data = await state.get_data()
    me = acting_staff_id(staff, helpdesk.directory, message.chat.id)
    await state.clear()
    if me is None or "courtesy_rid" not in data:
        await message.answer(t("card-staff-only"))
        return
    result = await CourtesyDesk(helpdesk).remove(data["courtesy_rid"], data["courtesy_row"], me, message.text or "")
    if not result.ok:
        await message.answer(t(result.reason or "card-not-found", **result.args))
        return
    await message.answer(t("courtesy-removed-ok", number=result.args["number"]))
    if data.get("courtesy_relay"):  # the relayed message whose button was pressed loses it
        assert message.bot is not None  # an update's message always carries its bot
        try:
            await message.bot.edit_message_reply_markup(chat_id=message.chat.id, message_id=data["courtesy_relay"],
                                                        reply_markup=None)
        except TelegramAPIError:
            pass  # deleted meanwhile, or too old to edit: the mark is removed all the same


@router.message(StateFilter(CourtesyRemoval.reason), When(~F.text))
async def removal_reason_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("courtesy-reason-empty"))
