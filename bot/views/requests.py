"""The help desk's words to requesters and staff about a request: the receipt, where a
request is placed and who holds it, what became of it, the alerts about compromised access,
substitutions and deadlines (the notices of bot/services/helpdesk/notices.py)."""

from __future__ import annotations

from bot.services.helpdesk.notices import RequesterNotice
from bot.views.present import Rows, Views
from bot.views.render import requester_rows


def requester_buttons(n: RequesterNotice, v: Views) -> Rows | None:
    """The requester's buttons under a notice that asks for them (`n.buttons`)."""
    return requester_rows(n.request, v.t(n.lang)) if n.buttons else None
