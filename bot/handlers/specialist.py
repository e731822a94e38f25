"""The specialist's side: cards with take / reply / hand over / resolve, and /queue."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.staff_refs import ADMINS, HandoverTarget
from bot.filters import HOLDS_REQUESTS, When, guard
from bot.i18n import Translator
from bot.middlewares import Staff
from bot.services.helpdesk import ActionResult, HelpDesk
from bot.services.people import acting_staff_id
from bot.services.request_lookup import RequestLookup
from bot.views.callbacks import CardAction, CardCb, HandoverCb, QueueTakeCb
from bot.views.cards import acted_card
from bot.views.render import assignee_name, card_keyboard, local, status_title
from storage.requests import Request

log = logging.getLogger(__name__)


def _staff_only(router: Router) -> Router:
    """Everything here is for those who may hold a request (bot/filters.py); anyone else who
    presses a card's button, answers a request's message or sends /queue is refused."""
    return guard(router, HOLDS_REQUESTS, refusal="card-staff-only", log=log)


router = _staff_only(Router(name="specialist"))
buttons = _staff_only(Router(name="specialist_buttons"))  # the cards' buttons: tried early (bot/handlers/__init__.py)
# A staff member's «Reply» to a message of a request: tried first, so that it is an answer
# even from someone who never gave the requester's consent (staff come from the school file).
replies = _staff_only(Router(name="specialist_replies"))


def acting_as(staff: Staff, helpdesk: HelpDesk, chat_id: int) -> str:
    """The staff id this person acts as on a request; the routers' guard let only such people in."""
    me = acting_staff_id(staff, helpdesk.directory, chat_id)
    assert me is not None, "HOLDS_REQUESTS and acting_staff_id disagree"
    return me


class SpecialistReply(StatesGroup):
    text = State()


async def explain_refusal(query: CallbackQuery, result: ActionResult, t: Translator, helpdesk: HelpDesk) -> None:
    args = dict(result.args)
    reason = result.reason or "card-not-found"
    if "holder" in args:
        if args["holder"]:
            args["holder"] = assignee_name(helpdesk.directory, t, args["holder"])
        else:  # who holds it is not known: the text without a name
            reason = f"{reason}-unknown"
    await query.answer(t(reason, **args), show_alert=True)


@buttons.callback_query(CardCb.filter())
async def card_button(
    query: CallbackQuery, callback_data: CardCb, state: FSMContext, staff: Staff, t: Translator, helpdesk: HelpDesk,
    lookup: RequestLookup,
) -> None:
    me = acting_as(staff, helpdesk, query.from_user.id)
    rid = callback_data.rid
    action = callback_data.action
    if action is CardAction.REPLY:
        r = await lookup.get(rid)
        if r is None or not r.status.is_open or not helpdesk.may_act(r, me):
            await query.answer(t("card-closed"), show_alert=True)
            return
        await state.set_state(SpecialistReply.text)
        await state.update_data(rid=rid)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(t("card-reply-ask", number=r.number))
        return
    if action is CardAction.HANDOVER:
        r = await lookup.get(rid)
        if r is None or not r.status.is_open:
            await query.answer(t("card-closed"), show_alert=True)
            return
        builder = InlineKeyboardBuilder()
        for spec in helpdesk.school.specialists:
            if spec.id != me:
                builder.button(text=spec.name, callback_data=HandoverCb(rid=rid, target=str(HandoverTarget.specialist(spec.id))))
        for area in helpdesk.school.areas:
            title = area.title(t.language)
            builder.button(text=t("handover-to-area", area=title),
                           callback_data=HandoverCb(rid=rid, target=str(HandoverTarget.area(area.id))))
        builder.button(text=t("handover-to-admins"), callback_data=HandoverCb(rid=rid, target=str(HandoverTarget.admins())))
        builder.adjust(2)
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(t("handover-ask", number=r.number), reply_markup=builder.as_markup())
        return
    act, done_key = {
        CardAction.TAKE: (helpdesk.take, "card-taken-ok"),
        CardAction.RESOLVE: (helpdesk.resolve, "card-resolved-ok"),
        CardAction.COURTESY_END: (helpdesk.end_for_courtesy, "card-courtesy-ended-ok"),
    }[action]
    result = await act(rid, me)
    if not result.ok:
        await explain_refusal(query, result, t, helpdesk)
        return
    await query.answer(t(done_key))
    if result.request is not None and isinstance(query.message, Message):
        await query.message.edit_text(acted_card(result.request, t, helpdesk.directory, me),
                                      reply_markup=card_keyboard(result.request, t))


@buttons.callback_query(QueueTakeCb.filter())
async def queue_take(query: CallbackQuery, callback_data: QueueTakeCb, staff: Staff, t: Translator,
                     helpdesk: HelpDesk) -> None:
    """Take from a queue message: as the card's Take; the full card follows, the list is edited."""
    me = acting_as(staff, helpdesk, query.from_user.id)
    result = await helpdesk.take(callback_data.rid, me)
    if not result.ok:
        await explain_refusal(query, result, t, helpdesk)
        return
    await query.answer(t("card-taken-ok"))


@buttons.callback_query(HandoverCb.filter())
async def handover_target(
    query: CallbackQuery, callback_data: HandoverCb, staff: Staff, t: Translator, helpdesk: HelpDesk
) -> None:
    me = acting_as(staff, helpdesk, query.from_user.id)
    if not helpdesk.handover_target_known(callback_data.target):  # forged, or gone from the school file
        await query.answer(t("button-outdated"), show_alert=True)
        return
    result = await helpdesk.hand_over(callback_data.rid, me, callback_data.target)
    if not result.ok:
        await explain_refusal(query, result, t, helpdesk)
        return
    await query.answer(t("handover-done"))
    if isinstance(query.message, Message) and result.request:
        await query.message.edit_text(
            t("handover-done-text", number=result.request.number,
              who=assignee_name(helpdesk.directory, t, result.request.assignee_id))
        )


async def replied_request(message: Message, lookup: RequestLookup) -> bool | dict[str, Request]:
    """A filter: the message replies (Telegram's reply-to) to a message of a request this
    person is not the requester of (a card, a relayed message, their own answer), which is
    then given to the handler as `replied`. Their own requests' messages are follow-ups."""
    if message.reply_to_message is None:
        return False
    r = await lookup.replied_to(message.chat.id, message.reply_to_message.message_id)
    if r is None or r.requester_id == message.chat.id:
        return False
    return {"replied": r}


ANSWER = When(F.text & ~F.text.startswith("/") | F.photo | F.document)


@replies.message(When(F.reply_to_message), StateFilter(None, SpecialistReply.text), ANSWER, replied_request)
async def reply_by_reply_to(message: Message, state: FSMContext, staff: Staff, t: Translator, helpdesk: HelpDesk,
                            lookup: RequestLookup, replied: Request) -> None:
    """A reply to any message of a request is an answer to it, as if «Ответить» was pressed.
    A pending «Ответить» for another request stays pending."""
    if (await state.get_data()).get("rid") in (None, replied.id):
        await state.clear()
    await _answer(message, replied.id, staff, t, helpdesk, lookup)


@router.message(StateFilter(SpecialistReply.text), ANSWER)
async def reply_message(message: Message, state: FSMContext, staff: Staff, t: Translator, helpdesk: HelpDesk,
                        lookup: RequestLookup) -> None:
    data = await state.get_data()
    await state.clear()
    await _answer(message, data["rid"], staff, t, helpdesk, lookup)


async def _answer(message: Message, rid: int, staff: Staff, t: Translator, helpdesk: HelpDesk,
                  lookup: RequestLookup) -> None:
    me = acting_as(staff, helpdesk, message.chat.id)
    content_type = "photo" if message.photo else "document" if message.document else "text"
    file_id = message.photo[-1].file_id if message.photo else message.document.file_id if message.document else None
    result = await helpdesk.reply(
        rid, me, chat_id=message.chat.id, message_id=message.message_id, content_type=content_type,
        text=message.text or message.caption, file_id=file_id,
    )
    if not result.ok or result.request is None:
        await message.answer(t(result.reason or "card-closed"))
        return
    sent = await message.answer(t("card-reply-sent", number=result.request.number),
                                reply_markup=card_keyboard(result.request, t))
    await lookup.shown(sent.chat.id, sent.message_id, result.request.id)


@router.message(StateFilter(SpecialistReply.text))
async def reply_wrong_content(message: Message, t: Translator) -> None:
    await message.answer(t("fallback-unsupported"))


@router.message(Command("queue"))
async def cmd_queue(message: Message, staff: Staff, t: Translator, helpdesk: HelpDesk, lookup: RequestLookup) -> None:
    me = acting_as(staff, helpdesk, message.chat.id)
    mine = await lookup.of_assignee(me)
    if staff.is_admin and message.chat.id in helpdesk.directory.chats_of(ADMINS):
        # What is assigned to the administrators as a group is theirs too (R4.1, escalations).
        mine = sorted([*mine, *await lookup.of_assignee(ADMINS)],
                      key=lambda r: (r.card_due_at or r.created_at, r.id))
    if not mine:
        await message.answer(t("queue-empty"))
        return
    lines = [t("queue-title", count=len(mine))]
    for r in mine:
        lines.append(t("queue-line", number=r.number, status=status_title(t, r.status, for_staff=True),
                       due=local(r.card_due_at, helpdesk.school.tz), name=r.requester_name))
    builder = InlineKeyboardBuilder()
    for r in mine[:20]:
        if r.status.value in ("new", "assigned"):
            builder.button(text=t("queue-take", number=r.number), callback_data=CardCb(action=CardAction.TAKE, rid=r.id))
        else:
            builder.button(text=t("queue-reply", number=r.number), callback_data=CardCb(action=CardAction.REPLY, rid=r.id))
    builder.adjust(2)
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())
