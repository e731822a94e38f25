"""The cards, the queue messages and the staff's moves in words (the notices of
bot/services/helpdesk/card_notices.py); the texts and buttons themselves are put together by
bot/views/render.py."""

from __future__ import annotations

from bot.i18n import Translator
from bot.services.helpdesk.card_notices import (
    AnswerRelayed,
    CardUndeliverable,
    CardUpdate,
    CourtesyBreachReported,
    CourtesyMarkConfirmed,
    CourtesyMarkRemoved,
    EndedForCourtesy,
    QueueList,
    QueueListUpdate,
    RequestCard,
    RequestResolved,
    RequestTaken,
)
from bot.services.outgoing import Message
from bot.services.people import Directory
from bot.views.courtesy import rule_text
from bot.views.payloads import edit_text
from bot.views.present import Views, Worded, rows_dict, sends, words
from bot.views.relay import relay_body
from bot.views.render import assignee_name, card_rows, card_text, position_part, queue_list, state_line
from bot.views.requests import holder_plain, requester_buttons
from storage.requests import Request


def _rule(v: Views, lang: str | None) -> str:
    return rule_text(v.t(lang), v.school.school.conduct_document)


@words(RequestCard)
def _card(n: RequestCard, v: Views) -> Worded:
    t = v.t(n.lang)
    return card_text(n.request, t, v.directory), card_rows(n.request, t)


def acted_card(r: Request, t: Translator, directory: Directory, actor: str) -> str:
    """The card in the chat of the person who just made a move on it (their handler edits it):
    where the request stands now, naming who took it, or them."""
    state = t(f"card-state-{r.status.value.replace('_', '-')}", who=assignee_name(directory, t, r.taken_by or actor))
    return card_text(r, t, directory) + "\n\n" + state


@sends(CardUpdate)
def _card_update(n: CardUpdate, v: Views) -> Message:
    t = v.t(n.lang)
    rows = card_rows(n.request, t) if n.theirs else []
    text = card_text(n.request, t, v.directory) + "\n\n" + state_line(n.request, t, v.directory, n.theirs)
    return Message("EditMessageText", edit_text(n.chat_id, n.message_id, text, rows_dict(rows)))


@words(QueueList)
def _queue_list(n: QueueList, v: Views) -> Worded:
    text, rows = queue_list(list(n.requests), n.holder, v.t(n.lang), v.directory)
    return text, rows


@sends(QueueListUpdate)
def _queue_list_update(n: QueueListUpdate, v: Views) -> Message:
    text, rows = queue_list(list(n.requests), n.holder, v.t(n.lang), v.directory)
    return Message("EditMessageText", edit_text(n.chat_id, n.message_id, text, rows_dict(rows)))


@words(CardUndeliverable)
def _undeliverable(n: CardUndeliverable, v: Views) -> Worded:
    t = v.t(n.lang)
    if not n.moved:
        return t("card-undeliverable", number=n.number, name=n.name), None
    return t("card-undeliverable-moved", number=n.number, name=n.name, who=holder_plain(v, n.holder)), None


@sends(AnswerRelayed)
def _answer_body(n: AnswerRelayed, v: Views) -> Message:
    m = n.message
    header = v.t(n.lang)("relay-from-specialist", number=n.request.number, name=n.specialist)
    return relay_body(n.chat_id, header, m.chat_id, m.message_id, m.content_type, m.text,
                      rows_dict(requester_buttons(n, v)))


@words(RequestTaken)
def _taken(n: RequestTaken, v: Views) -> Worded:
    t = v.t(n.lang)
    # A specialist names their room; the head or an administrator who takes it has none.
    if n.room:
        text = t("mine-taken", number=n.request.number, name=n.name, position=position_part(n.position), room=n.room)
    else:
        text = t("mine-taken-person", number=n.request.number, name=n.name, position=position_part(n.position))
    return text, requester_buttons(n, v)


@words(RequestResolved)
def _resolved(n: RequestResolved, v: Views) -> Worded:
    return v.t(n.lang)("mine-resolved", number=n.request.number, days=n.reopen_days), requester_buttons(n, v)


@words(EndedForCourtesy)
def _ended_for_courtesy(n: EndedForCourtesy, v: Views) -> Worded:
    return (v.t(n.lang)("mine-courtesy-ended", number=n.request.number, rule=_rule(v, n.lang)),
            requester_buttons(n, v))


@words(CourtesyBreachReported)
def _breach_reported(n: CourtesyBreachReported, v: Views) -> Worded:
    return v.t(n.lang)("courtesy-supervisor-report", number=n.number, specialist=n.specialist,
                       requester=n.requester, marks=n.marks), None


@words(CourtesyMarkConfirmed)
def _mark_confirmed(n: CourtesyMarkConfirmed, v: Views) -> Worded:
    return (v.t(n.lang)("courtesy-warning-confirmed", number=n.request.number, rule=_rule(v, n.lang)),
            requester_buttons(n, v))


@words(CourtesyMarkRemoved)
def _mark_removed(n: CourtesyMarkRemoved, v: Views) -> Worded:
    return v.t(n.lang)("courtesy-removed-requester", number=n.request.number), requester_buttons(n, v)
