"""The chat page: people's chats with the bot in a browser, Telegram-like (docs/standin.md).

Served by the stand-in itself: `/` is the page (plain HTML, CSS and JavaScript from
tg_standin/page/, nothing from outside), and the page talks to the routes below. A chat
pane asks `GET /_standin/chats/{id}/view?since=<version>` about once a second; the answer
is "nothing new" until the chat changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

from tg_standin.render import plain_html, telegram_html
from tg_standin.state import BotMessage, Chat

if TYPE_CHECKING:
    from tg_standin.server import StandIn

PAGE = Path(__file__).with_name("page")
STATIC = {"app.js": "application/javascript", "app.css": "text/css"}


def message_view(message: BotMessage) -> dict[str, Any]:
    if message.from_bot and message.html:
        shown = telegram_html(message.html)
    else:
        shown = plain_html(message.text)
    view: dict[str, Any] = {
        "id": message.message_id, "from_bot": message.from_bot, "html": shown, "type": message.content_type,
        "edited": message.edited, "time": message.sent_at, "reactions": message.reactions,
        "buttons": [[{"text": b.get("text", ""), "url": b.get("url")} for b in row] for row in message.inline_keyboard],
    }
    if message.file_id and message.content_type in ("photo", "document"):
        view["file"] = f"/_standin/files/{message.file_id}"
        view["file_name"] = message.document_name or ("photo.png" if message.content_type == "photo" else "file")
    if message.content_type not in ("text", "photo", "document"):
        view["html"] = view["html"] or f"[{message.content_type}]"
    forward = message.raw.get("forward_origin") if message.from_bot else None
    if forward:
        sender = forward.get("sender_user", {})
        view["forwarded_from"] = " ".join(filter(None, (sender.get("first_name"), sender.get("last_name"))))
    return view


def chat_view(standin: StandIn, chat: Chat) -> dict[str, Any]:
    language = chat.language_code or ""
    commands = standin.commands("default", language) or standin.commands("default", "")
    return {
        "version": chat.version,
        "messages": [message_view(m) for m in chat.messages.values() if not m.deleted],
        "reply_keyboard": [[b.get("text", "") if isinstance(b, dict) else str(b) for b in row]
                           for row in chat.reply_keyboard],
        "commands": commands,
        "bot_name": standin.bot_name,
    }


def add_page_routes(app: web.Application, standin: StandIn) -> None:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=(PAGE / "index.html").read_text(encoding="utf-8"), content_type="text/html",
                            charset="utf-8", headers={"Cache-Control": "no-store"})

    async def static(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.Response(text=(PAGE / name).read_text(encoding="utf-8"), content_type=STATIC[name],
                            charset="utf-8", headers={"Cache-Control": "no-store"})

    async def view(request: web.Request) -> web.Response:
        chat = standin.chats.get(int(request.match_info["chat_id"]))
        if chat is None:
            return web.json_response({"version": -1, "messages": [], "reply_keyboard": [], "commands": []})
        since = request.query.get("since")
        if since is not None and since.lstrip("-").isdigit() and int(since) == chat.version:
            return web.json_response({"version": chat.version, "same": True})
        return web.json_response(chat_view(standin, chat))

    async def press_button(request: web.Request) -> web.Response:
        body = await request.json()
        person = standin.user(int(request.match_info["user_id"]))
        message = person.chat.messages.get(int(body["message_id"]))
        try:
            button = message.inline_keyboard[int(body["row"])][int(body["column"])] if message else None
        except (IndexError, ValueError):
            button = None
        if message is None or message.deleted or button is None or "callback_data" not in button:
            return web.json_response({"ok": False, "error": "no such button"}, status=404)
        await person.press_button(message, button, timeout=10.0)
        return web.json_response({"ok": True, "answer": person.last_callback_answer,
                                  "alert": person.last_callback_alert})

    async def upload(request: web.Request) -> web.Response:
        person = standin.user(int(request.match_info["user_id"]))
        form = await request.post()
        field = form.get("file")
        if not isinstance(field, web.FileField):
            return web.json_response({"ok": False, "error": "no file"}, status=400)
        data = field.file.read()
        caption = str(form.get("caption") or "") or None
        mime = field.content_type or "application/octet-stream"
        if form.get("as_photo") == "1" and mime.startswith("image/"):
            message_id = await person.send_photo(caption, data)
        else:
            message_id = await person.send_document(data, field.filename or "file", caption, mime)
        return web.json_response({"ok": True, "message_id": message_id})

    async def download(request: web.Request) -> web.Response:
        stored = standin.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        name = stored.name or "file"
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"} if "download" in request.query else {}
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream",
                            headers=headers)

    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        person = standin.user(int(request.match_info["user_id"]))
        text = str(body.get("text", ""))
        if body.get("contact"):
            return web.json_response({"message_id": await person.send_contact()})
        if not text.strip():
            return web.json_response({"ok": False, "error": "empty"}, status=400)
        reply_to = person.chat.messages.get(int(body.get("reply_to") or 0))  # Telegram's «Reply»
        return web.json_response({"message_id": await person.send(text, reply_to=reply_to)})

    async def people(request: web.Request) -> web.Response:
        """Everyone with a private chat (the page's panes when the stand-in runs alone)."""
        return web.json_response([
            {"telegram_id": c.id, "first_name": c.first_name or "", "last_name": c.last_name or "",
             "role": f"id {c.id}", "pane": True}
            for c in standin.chats.values() if c.type == "private"
        ])

    async def add_person(request: web.Request) -> web.Response:
        body = await request.json()
        first, _, last = " ".join(str(body.get("name", "")).split()).partition(" ")
        if not first:
            return web.json_response({"ok": False, "error": "a name is needed"}, status=400)
        telegram_id = max([900000, *standin.chats]) + 1
        standin.user(telegram_id, first_name=first, last_name=last or None)
        return web.json_response({"telegram_id": telegram_id, "first_name": first, "last_name": last,
                                  "role": f"id {telegram_id}", "pane": True})

    app.router.add_get("/", page)
    app.router.add_get("/_standin/people", people)
    app.router.add_post("/_standin/people", add_person)
    app.router.add_get("/_standin/page/{name}", static)
    app.router.add_get("/_standin/chats/{chat_id}/view", view)
    app.router.add_post("/_standin/users/{user_id}/button", press_button)
    app.router.add_post("/_standin/users/{user_id}/upload", upload)
    app.router.add_post("/_standin/users/{user_id}/say", send)
    app.router.add_get("/_standin/files/{file_id}", download)


__all__ = ["add_page_routes", "chat_view", "message_view"]
