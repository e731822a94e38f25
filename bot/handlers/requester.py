"""The requester's side: /my, follow-ups to the open request, close, reopen, rate, complain."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.validation import PROBLEM_MAX
from bot.filters import When
from bot.i18n import Markup, Translator
from bot.services.helpdesk import ActionResult, HelpDesk
from bot.services.request_lookup import RequestLookup
from bot.views.callbacks import MineAction, MineCb, PlaceCb
from bot.views.render import assignee_name, local, requester_keyboard, status_title
from bot.views.requests import courtesy_warning, placement_text
from storage.requests import Request
from storage.users import User

router = Router(name="requester")


class Mine(StatesGroup):
    rating_comment = State()
    complaint = State()


def status_line(r: Request, t: Translator, helpdesk: HelpDesk) -> str:
    args = {"number": r.number, "status": status_title(t, r.status), "kind": t(f"kind-{r.kind.value}"),
            "at": local(r.created_at, helpdesk.school.tz)}
    holder = r.taken_by or r.assignee_id
    if holder is None:
        return t("mine-line-nobody", **args)
    return t("mine-line", who=assignee_name(helpdesk.directory, t, holder), **args)


@router.message(Command("my"))
async def cmd_my(message: Message, user: User | None, t: Translator, helpdesk: HelpDesk, lookup: RequestLookup) -> None:
    if user is None:
        await message.answer(t("form-need-start"))
        return
    mine = await lookup.of_requester(user.telegram_id, limit=10)
    if not mine:
        await message.answer(t("mine-none"))
        return
    builder = InlineKeyboardBuilder()
    for r in mine:
        builder.button(text=f"№\u00a0{r.number}", callback_data=MineCb(action=MineAction.SHOW, rid=r.id))
    builder.adjust(3)
    await message.answer(
        t("mine-title") + "\n" + "\n".join(status_line(r, t, helpdesk) for r in mine), reply_markup=builder.as_markup()
    )


@router.callback_query(MineCb.filter(F.action == MineAction.SHOW))
async def show_mine(query: CallbackQuery, callback_data: MineCb, user: User | None, t: Translator, helpdesk: HelpDesk,
                    lookup: RequestLookup) -> None:
    r = await lookup.get(callback_data.rid)
    if user is None or r is None or r.requester_id != user.telegram_id:
        await query.answer(t("card-not-found"), show_alert=True)
        return
    await query.answer()
    text = status_line(r, t, helpdesk) + "\n\n" + t("form-summary-text", text=r.text)
    if r.status.value == "new":
        text += "\n\n" + placement_text(r, t, helpdesk.directory)
    if isinstance(query.message, Message):
        shown = await query.message.answer(text, reply_markup=requester_keyboard(r, t))
        await lookup.shown(shown.chat.id, shown.message_id, r.id)  # a reply to it is about r


@router.callback_query(MineCb.filter(F.action == MineAction.CLOSE))
async def close_mine(query: CallbackQuery, callback_data: MineCb, t: Translator, helpdesk: HelpDesk) -> None:
    result = await helpdesk.close_by_requester(callback_data.rid, query.from_user.id)
    if not result.ok:
        await query.answer(t(result.reason or "card-not-found", **result.args), show_alert=True)
        return
    await query.answer(t("mine-closed-ok"))
    if isinstance(query.message, Message) and result.request:
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(t("mine-closed-text", number=result.request.number))


@router.callback_query(MineCb.filter(F.action == MineAction.REOPEN))
async def reopen_mine(query: CallbackQuery, callback_data: MineCb, t: Translator, helpdesk: HelpDesk,
                      lookup: RequestLookup) -> None:
    result = await helpdesk.reopen(callback_data.rid, query.from_user.id)
    if not result.ok:
        await query.answer(t(result.reason or "card-not-found", **result.args), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message) and result.request:
        await query.message.edit_reply_markup(reply_markup=None)
        reopened = await query.message.answer(t("mine-reopened", number=result.request.number))
        await lookup.shown(reopened.chat.id, reopened.message_id, result.request.id)


@router.callback_query(MineCb.filter(F.action == MineAction.RATE))
async def rate_mine(query: CallbackQuery, callback_data: MineCb, state: FSMContext, t: Translator, helpdesk: HelpDesk) -> None:
    result = await helpdesk.rate(callback_data.rid, query.from_user.id, callback_data.value)
    if not result.ok:
        await query.answer(t(result.reason or "card-not-found", **result.args), show_alert=True)
        return
    await query.answer(t("mine-rated", stars=callback_data.value))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await state.set_state(Mine.rating_comment)
        await state.update_data(rid=callback_data.rid, stars=callback_data.value)
        await query.message.answer(t("mine-rating-comment"))


@router.message(StateFilter(Mine.rating_comment), Command("skip"))
async def skip_comment(message: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await message.answer(t("mine-thanks"))


@router.message(StateFilter(Mine.rating_comment), When(F.text))
async def rating_comment(message: Message, state: FSMContext, t: Translator, helpdesk: HelpDesk) -> None:
    data = await state.get_data()
    await helpdesk.rate(data["rid"], message.chat.id, data["stars"], (message.text or "")[:PROBLEM_MAX])
    await state.clear()
    await message.answer(t("mine-thanks"))


@router.callback_query(MineCb.filter(F.action == MineAction.COMPLAIN))
async def complain_start(query: CallbackQuery, callback_data: MineCb, state: FSMContext, t: Translator) -> None:
    await query.answer()
    await state.set_state(Mine.complaint)
    await state.update_data(rid=callback_data.rid)
    if isinstance(query.message, Message):
        await query.message.answer(t("complaint-ask"))


@router.message(StateFilter(Mine.complaint), When(F.text))
async def complain_text(message: Message, state: FSMContext, t: Translator, helpdesk: HelpDesk) -> None:
    data = await state.get_data()
    result = await helpdesk.complain(data["rid"], message.chat.id, (message.text or "")[:PROBLEM_MAX])
    await state.clear()
    await message.answer(t("complaint-sent") if result.ok else t(result.reason or "card-not-found"))


@router.message(StateFilter(None), When(F.text & ~F.text.startswith("/") | F.photo | F.document))
async def follow_up(message: Message, user: User | None, t: Translator, helpdesk: HelpDesk,
                    lookup: RequestLookup) -> None:
    """Outside any form, a message belongs to one of the requester's open requests: the one
    whose message it replies to (Telegram's reply-to), the only one open, or the one the
    person chooses with a button when several are open (the message is kept meanwhile).
    A reply on the staff side is the specialist router's (bot/handlers/specialist.py)."""
    if user is None:
        await message.answer(t("help-no-consent"))
        return
    content_type = "photo" if message.photo else "document" if message.document else "text"
    file_id = message.photo[-1].file_id if message.photo else message.document.file_id if message.document else None
    text = message.text or message.caption
    target: Request | None = None
    if message.reply_to_message is not None:
        replied = await lookup.replied_to(message.chat.id, message.reply_to_message.message_id)
        if replied is not None and replied.requester_id == user.telegram_id:
            if not replied.status.is_open:
                await message.answer(t("mine-reply-closed", number=replied.number))
                return
            target = replied
    if target is None:
        open_requests = await lookup.open_of_requester(user.telegram_id)
        if not open_requests:
            # A specialist writing into the chat most likely meant to answer someone.
            is_staff = helpdesk.directory.staff_id_for(message.chat.id) is not None
            await message.answer(t("fallback-no-open-request") + ("\n\n" + t("staff-reply-hint") if is_staff else ""))
            return
        if len(open_requests) > 1:
            first = await helpdesk.keep_unplaced(message.chat.id, message.message_id, content_type, text, file_id)
            if first:
                builder = InlineKeyboardBuilder()
                for r in open_requests:
                    # a button's label is plain text, not HTML: the person's words go in as written
                    builder.button(text=t("place-button", number=r.number, subject=Markup(_subject(r.text))),
                                   callback_data=PlaceCb(rid=r.id))
                builder.adjust(1)
                await message.answer(t("place-ask"), reply_markup=builder.as_markup())
            return
        target = open_requests[0]
    result = await helpdesk.follow_up(
        target, chat_id=message.chat.id, message_id=message.message_id, content_type=content_type,
        text=text, file_id=file_id,
    )
    await _confirm(message, result, t, helpdesk)


async def _confirm(message: Message, result: ActionResult, t: Translator, helpdesk: HelpDesk) -> None:
    """A relayed follow-up is confirmed by the reaction on it once it reached the holder
    (HelpDesk._relayed); only what the person must know gets a text."""
    if not result.ok or result.request is None:
        await message.answer(t(result.reason or "mine-closed"))
    elif result.reason == "courtesy-warning":
        await message.answer(courtesy_warning(t, result.request, helpdesk.directory))
    elif not result.args.get("relayed") and result.args.get("burst_start"):
        await message.answer(t("mine-follow-up-waiting", number=result.request.number))


def _subject(text: str, limit: int = 32) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@router.callback_query(PlaceCb.filter())
async def place_kept(query: CallbackQuery, callback_data: PlaceCb, t: Translator, helpdesk: HelpDesk) -> None:
    """The request chosen for the messages kept meanwhile: they go to it."""
    result = await helpdesk.place_unplaced(callback_data.rid, query.from_user.id)
    if not result.ok or result.request is None:
        await query.answer(t(result.reason or "card-not-found", **result.args), show_alert=True)
        return
    count = result.args.get("count", 0)
    await query.answer(t("place-done", number=result.request.number) if count else t("place-nothing"))
    if isinstance(query.message, Message) and count:
        await query.message.edit_text(t("place-done", number=result.request.number), reply_markup=None)
        if result.reason == "courtesy-warning":
            await query.message.answer(courtesy_warning(t, result.request, helpdesk.directory))
        elif not result.args.get("relayed"):
            await query.message.answer(t("mine-follow-up-waiting", number=result.request.number))
