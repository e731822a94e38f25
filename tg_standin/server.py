"""The stand-in server: the Telegram Bot API as aiogram uses it, over HTTP, in one process."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from tg_standin.faults import Faults, RateLimits
from tg_standin.html import ParseError, to_plain
from tg_standin.state import BotMessage, Chat, SentRecord, StoredFile

log = logging.getLogger("tg_standin")

MAX_TEXT = 4096
MAX_CAPTION = 1024
SENDING = {"sendMessage", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"}
EDITING = {"editMessageText", "editMessageCaption", "editMessageReplyMarkup"}
RATE_LIMITED = SENDING | EDITING  # what counts against a chat's messages per second
JSON_FIELDS = {
    "reply_markup", "entities", "caption_entities", "reply_parameters", "link_preview_options", "commands",
    "scope", "allowed_updates", "menu_button", "reaction",
}


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


Handler = Callable[[dict[str, Any]], Awaitable[Any]]


class StandIn:
    """Server state plus the Bot API methods; `driver.Person` objects act as people."""

    def __init__(self, token: str = "123456:TEST-token", bot_username: str = "standin_bot",
                 bot_name: str = "Help desk (stand-in)") -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._updates_changed = asyncio.Condition()
        self._callback_answers: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.faults = Faults()
        self.rate_limits = RateLimits()
        self.sent_log: list[SentRecord] = []
        self.stats: Counter[str] = Counter()  # calls per method; "download": files fetched
        self._counted = asyncio.Condition()  # notified whenever `stats` grows
        self.commands_by_scope: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.unknown_methods: list[str] = []
        self.require_start = False  # True: new people have not opened the bot until they write to it
        self._topics = itertools.count(100)
        self._people: dict[int, Any] = {}
        self.extensions: list[Callable[[web.Application], None]] = []  # more routes on the same server
        self._runner: web.AppRunner | None = None
        self.url = ""
        self._methods: dict[str, Handler] = {
            name.removeprefix("m_"): getattr(self, name) for name in dir(self) if name.startswith("m_")
        }

    # --- life cycle ---------------------------------------------------------------------------

    def app(self) -> web.Application:
        from tg_standin.control import add_control_routes
        from tg_standin.web import add_page_routes

        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        add_control_routes(app, self)
        add_page_routes(app, self)
        for extend in self.extensions:  # e.g. the sandbox's own routes (bot/sandbox/runner.py)
            extend(app)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        self.url = f"http://{host}:{sockets[0].getsockname()[1]}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- people and chats ---------------------------------------------------------------------

    def user(self, user_id: int, *, first_name: str = "User", last_name: str | None = None,
             language_code: str | None = "ru", username: str | None = None, opened: bool | None = None):  # -> Person
        """The person with this id (the same object each time). `opened=False` (or
        `standin.require_start = True`): the person has never opened the bot, and a message to
        them is "chat not found" until they send it something."""
        from tg_standin.driver import Person

        if user_id in self._people:
            return self._people[user_id]
        chat = Chat(user_id, "private", first_name=first_name, last_name=last_name, username=username,
                    language_code=language_code,
                    opened=(not self.require_start) if opened is None else opened)
        self.chats[user_id] = chat
        person = self._people[user_id] = Person(self, chat)
        return person

    def reset(self) -> None:
        """Forget every chat, message, file and pending update (the sandbox's reset)."""
        self.chats.clear()
        self._people.clear()
        self.files.clear()
        self.updates.clear()
        self.sent_log.clear()
        self.commands_by_scope.clear()
        self._callback_answers.clear()

    def block(self, chat_id: int) -> None:
        self._chat(chat_id).blocked = True

    def unblock(self, chat_id: int) -> None:
        self._chat(chat_id).blocked = False

    def commands(self, scope: str = "default", language_code: str = "") -> list[dict[str, Any]]:
        return self.commands_by_scope.get((scope, language_code), [])

    def _chat(self, chat_id: Any) -> Chat:
        try:
            chat = self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            chat = None
        if chat is None or not chat.opened:
            raise _bad("chat not found")  # as Telegram answers for a person who never opened the bot
        return chat

    @property
    def too_many_requests(self) -> int:
        """How many 429s were answered so far (rate limits and injected faults alike)."""
        return self.stats["429"]

    async def _count(self, key: str) -> None:
        self.stats[key] += 1
        async with self._counted:
            self._counted.notify_all()

    async def wait_for_calls(self, key: str, above: int, timeout: float = 5.0) -> int:
        """Until `stats[key]` (a method's calls; "download": files the bot fetched) is more than
        `above`; gives the count. Take `above` from `stats` before the action that leads to it."""
        async with self._counted:
            await asyncio.wait_for(self._counted.wait_for(lambda: self.stats[key] > above), timeout)
        return self.stats[key]

    async def push_update(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        update["update_id"] = update_id
        async with self._updates_changed:
            self.updates.append(update)
            self._updates_changed.notify_all()
        return update_id

    def expect_callback_answer(self, query_id: str) -> asyncio.Future[dict[str, Any]]:
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._callback_answers[query_id] = future
        return future

    def store_file(self, data: bytes, name: str | None = None, mime_type: str | None = None) -> StoredFile:
        file_id = "F" + secrets.token_urlsafe(12)
        stored = StoredFile(file_id, "U" + secrets.token_hex(6), data, name, mime_type)
        self.files[file_id] = stored
        return stored

    # --- HTTP -----------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = dict(request.query)
        uploads: dict[str, tuple[bytes, str | None, str | None]] = {}
        if request.content_type == "application/json":
            body = await request.json()
            params.update(body if isinstance(body, dict) else {})
        elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    uploads[key] = (value.file.read(), value.filename, value.content_type)
                else:
                    params[key] = value
        for key, value in list(params.items()):
            if key in JSON_FIELDS and isinstance(value, str) and value[:1] in "[{":
                params[key] = json.loads(value)
            elif value in ("true", "false") and key not in ("text", "caption"):
                params[key] = value == "true"
        params["_uploads"] = uploads
        return params, {}

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        handler = self._methods.get(method) or self._methods.get(method[:1].lower() + method[1:])
        await self._count(method)
        if handler is None:
            log.warning("stand-in: unknown method %s", method)
            self.unknown_methods.append(method)
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        try:
            params, _ = await self._params(request)
            delay = self.faults.delay_for(method)
            if delay:
                await asyncio.sleep(delay)
            chat_id = params.get("chat_id")
            numeric_chat = int(chat_id) if isinstance(chat_id, (int, str)) and str(chat_id).lstrip("-").isdigit() else None
            fault = self.faults.pick(method, numeric_chat, method in SENDING)
            if fault is not None:
                if fault.status == 429:
                    raise ApiError(429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after)
                if fault.status == 403:
                    raise ApiError(403, "Forbidden: bot was blocked by the user")
                raise ApiError(fault.status, "Internal Server Error" if fault.status == 500 else "Bad Gateway")
            if method in RATE_LIMITED and numeric_chat is not None:
                if method in SENDING and numeric_chat in self.chats and self.chats[numeric_chat].blocked:
                    raise ApiError(403, "Forbidden: bot was blocked by the user")
                wait = self.rate_limits.check(numeric_chat)
                if wait:
                    raise ApiError(429, f"Too Many Requests: retry after {wait}", wait)
            result = await handler(params)
        except ApiError as error:
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            headers = {}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
                headers["Retry-After"] = str(error.retry_after)
            self.stats[f"error:{error.status}"] += 1
            if error.status == 429:
                self.stats["429"] += 1  # every "Too Many Requests" answered, and per method
                self.stats[f"429:{method}"] += 1
            return web.json_response(body, status=error.status, headers=headers)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        file_id = request.match_info["path"].removeprefix("files/")
        stored = self.files.get(file_id)
        if stored is None:
            return web.Response(status=404)
        await self._count("download")
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    # --- sending helpers ----------------------------------------------------------------------

    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_name, "username": self.bot_username}

    def _text(self, params: dict[str, Any], key: str, limit: int, required: bool) -> tuple[str, str]:
        raw = params.get(key)
        if raw is None or str(raw) == "":
            if required:
                raise _bad("message text is empty")
            return "", ""
        raw = str(raw)
        if params.get("parse_mode") in ("HTML", "html"):
            try:
                plain = to_plain(raw)
            except ParseError as error:
                raise _bad(f"can't parse entities: {error}") from None
        else:
            plain = raw
        if not plain.strip() and required:
            raise _bad("message text is empty")
        # Telegram trims the text and counts characters (code points; measured: 4,096 emoji
        # outside the basic plane are accepted, 4,097 refused).
        if len(plain.strip()) > limit:
            if key != "text":
                raise _bad("message caption is too long")
            raise _bad("MESSAGE_TOO_LONG" if params.get("message_id") else "message is too long")
        return plain, raw

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if not isinstance(markup, dict):
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(str(data).encode()) > 64:
                    raise _bad("BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise _bad("text buttons are unallowed in the inline keyboard")
        return markup

    def _deliver(self, chat: Chat, message: BotMessage, method: str) -> dict[str, Any]:
        chat.messages[message.message_id] = message
        chat.events.append(message)
        if message.reply_markup and "keyboard" in message.reply_markup:
            chat.reply_keyboard = message.reply_markup["keyboard"]
        elif message.reply_markup and message.reply_markup.get("remove_keyboard"):
            chat.reply_keyboard = []
        self.sent_log.append(SentRecord(time.time(), method, chat.id, message.message_id, message.text))
        asyncio.get_running_loop().create_task(self._notify(chat))
        return self.message_json(chat, message)

    async def _notify(self, chat: Chat) -> None:
        chat.version += 1
        async with chat.changed:
            chat.changed.notify_all()

    def message_json(self, chat: Chat, message: BotMessage) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(message.sent_at),
            "chat": chat.as_chat(),
            "from": self.bot_user() if message.from_bot else chat.as_user(),
        }
        if message.content_type == "text":
            data["text"] = message.text
        elif message.content_type == "photo":
            stored = self.files[message.file_id or ""]
            data["photo"] = [{"file_id": stored.file_id, "file_unique_id": stored.unique_id, "width": 320,
                              "height": 240, "file_size": len(stored.data)}]
        elif message.content_type == "document":
            stored = self.files[message.file_id or ""]
            data["document"] = {"file_id": stored.file_id, "file_unique_id": stored.unique_id,
                                "file_name": stored.name or "file", "mime_type": stored.mime_type or "application/octet-stream",
                                "file_size": len(stored.data)}
        if message.content_type in ("photo", "document") and message.text:
            data["caption"] = message.text
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        if message.edited:
            data["edit_date"] = int(time.time())
        data.update(message.raw)
        return data

    def _file_param(self, params: dict[str, Any], key: str) -> StoredFile:
        value = params.get(key)
        uploads = params["_uploads"]
        if isinstance(value, str) and value.startswith("attach://"):
            part = value.removeprefix("attach://")
            if part not in uploads:
                raise _bad(f"file {part} not found in the request")
            data, name, mime = uploads[part]
            return self.store_file(data, name, mime)
        if key in uploads:
            data, name, mime = uploads[key]
            return self.store_file(data, name, mime)
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        raise _bad("wrong file identifier/HTTP URL specified")

    # --- Bot API methods (m_<name>) -----------------------------------------------------------

    async def m_getMe(self, p: dict[str, Any]) -> dict[str, Any]:
        return {**self.bot_user(), "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def m_getUpdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(p.get("offset") or 0)
        limit = max(1, min(100, int(p.get("limit") or 100)))
        timeout = float(p.get("timeout") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout > 0:
            async with self._updates_changed:
                try:
                    await asyncio.wait_for(self._updates_changed.wait_for(lambda: bool(self.updates)), timeout)
                except TimeoutError:
                    pass
        return self.updates[:limit]

    async def m_deleteWebhook(self, p: dict[str, Any]) -> bool:
        if p.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def m_getWebhookInfo(self, p: dict[str, Any]) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self.updates)}

    async def m_sendMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        plain, raw = self._text(p, "text", MAX_TEXT, required=True)
        message = BotMessage(chat.id, next(chat.next_message_id), True, plain, raw, self._markup(p))
        return self._deliver(chat, message, "sendMessage")

    async def _send_file(self, p: dict[str, Any], kind: str, method: str) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        stored = self._file_param(p, kind)
        plain, raw = self._text(p, "caption", MAX_CAPTION, required=False)
        message = BotMessage(chat.id, next(chat.next_message_id), True, plain, raw, self._markup(p),
                             content_type=kind, file_id=stored.file_id)
        if kind == "photo":
            message.photo = stored.data
        else:
            message.document, message.document_name = stored.data, stored.name
        return self._deliver(chat, message, method)

    async def m_sendPhoto(self, p: dict[str, Any]) -> dict[str, Any]:
        return await self._send_file(p, "photo", "sendPhoto")

    async def m_sendDocument(self, p: dict[str, Any]) -> dict[str, Any]:
        return await self._send_file(p, "document", "sendDocument")

    def _find(self, chat: Chat, message_id: Any, what: str = "message to edit not found") -> BotMessage:
        message = chat.messages.get(int(message_id or 0))
        if message is None or message.deleted:
            raise _bad(what)
        return message

    async def m_editMessageText(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        return await self._edit(chat, self._find(chat, p.get("message_id")), p, "text", MAX_TEXT, "editMessageText")

    async def m_editMessageCaption(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        message = self._find(chat, p.get("message_id"))
        if message.content_type == "text":
            raise _bad("there is no caption in the message to edit")
        return await self._edit(chat, message, p, "caption", MAX_CAPTION, "editMessageCaption")

    async def _edit(self, chat: Chat, message: BotMessage, p: dict[str, Any], field: str, limit: int,
                    method: str) -> dict[str, Any]:
        """A message's text or caption, and its keyboard, replaced as Telegram does it."""
        plain, raw = self._text(p, field, limit, required=field == "text")
        markup = self._markup(p)
        if raw == message.html and markup == message.reply_markup:
            raise _bad("message is not modified: specified new message content and reply markup are exactly "
                       "the same as a current content and reply markup of the message")
        message.text, message.html, message.reply_markup, message.edited = plain, raw, markup, True
        chat.events.append(message)
        self.sent_log.append(SentRecord(time.time(), method, chat.id, message.message_id, plain))
        await self._notify(chat)
        return self.message_json(chat, message)

    async def m_editMessageReplyMarkup(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        message = self._find(chat, p.get("message_id"))
        markup = self._markup(p)
        if markup == message.reply_markup or (not markup and not message.reply_markup):
            raise _bad("message is not modified: specified new message content and reply markup are exactly "
                       "the same as a current content and reply markup of the message")
        message.reply_markup, message.edited = markup, True
        await self._notify(chat)
        return self.message_json(chat, message)

    async def m_deleteMessage(self, p: dict[str, Any]) -> bool:
        chat = self._chat(p.get("chat_id"))
        message = self._find(chat, p.get("message_id"), "message to delete not found")
        message.deleted = True
        await self._notify(chat)
        return True

    # Telegram's allowed reaction emoji (ReactionTypeEmoji); anything else is REACTION_INVALID.
    REACTIONS = frozenset(
        "👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 "
        "💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ 🤷 🤷‍♀ 😡".split()
    )

    async def m_setMessageReaction(self, p: dict[str, Any]) -> bool:
        """The bot's reaction on a message (a person's, mostly): kept on the message, replacing
        the bot's earlier one, as Telegram does; the driver reads `message.reactions`."""
        chat = self._chat(p.get("chat_id"))
        message = self._find(chat, p.get("message_id"), "message to react not found")
        reaction = p.get("reaction") or []
        if isinstance(reaction, str):
            reaction = json.loads(reaction)
        emoji = [r.get("emoji", "") for r in reaction if isinstance(r, dict) and r.get("type") == "emoji"]
        if len(emoji) != len(reaction) or any(e not in self.REACTIONS for e in emoji) or len(emoji) > 1:
            raise _bad("REACTION_INVALID")
        message.reactions = emoji
        self.sent_log.append(SentRecord(time.time(), "setMessageReaction", chat.id, message.message_id, "".join(emoji)))
        await self._notify(chat)
        return True

    async def m_answerCallbackQuery(self, p: dict[str, Any]) -> bool:
        future = self._callback_answers.pop(str(p.get("callback_query_id")), None)
        if future is None:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        if not future.done():
            future.set_result({"text": p.get("text"), "show_alert": bool(p.get("show_alert"))})
        return True

    async def m_copyMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        source_chat = self._chat(p.get("from_chat_id"))
        source = self._find(source_chat, p.get("message_id"), "message to copy not found")
        if "caption" in p and source.content_type != "text":
            plain, raw = self._text(p, "caption", MAX_CAPTION, required=False)
        else:
            plain, raw = source.text, source.html
        message = BotMessage(chat.id, next(chat.next_message_id), True, plain, raw, self._markup(p),
                             content_type=source.content_type, file_id=source.file_id, photo=source.photo,
                             document=source.document, document_name=source.document_name)
        self._deliver(chat, message, "copyMessage")
        return {"message_id": message.message_id}

    async def m_forwardMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        source_chat = self._chat(p.get("from_chat_id"))
        source = self._find(source_chat, p.get("message_id"), "message to forward not found")
        message = BotMessage(chat.id, next(chat.next_message_id), True, source.text, source.html,
                             content_type=source.content_type, file_id=source.file_id, photo=source.photo,
                             document=source.document, document_name=source.document_name)
        origin = {"type": "user", "sender_user": source_chat.as_user(), "date": int(source.sent_at)}
        message.raw = {"forward_origin": origin}
        return self._deliver(chat, message, "forwardMessage")

    async def m_getFile(self, p: dict[str, Any]) -> dict[str, Any]:
        stored = self.files.get(str(p.get("file_id")))
        if stored is None:
            raise _bad("invalid file_id")
        return {"file_id": stored.file_id, "file_unique_id": stored.unique_id, "file_size": len(stored.data),
                "file_path": stored.path}

    def _scope_key(self, p: dict[str, Any]) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        name = scope.get("type", "default") if isinstance(scope, dict) else "default"
        if isinstance(scope, dict) and "chat_id" in scope:
            name += f":{scope['chat_id']}"
        return name, str(p.get("language_code") or "")

    async def m_setMyCommands(self, p: dict[str, Any]) -> bool:
        commands = p.get("commands") or []
        for command in commands:
            if not 1 <= len(command.get("command", "")) <= 32 or not 1 <= len(command.get("description", "")) <= 256:
                raise _bad("BOT_COMMAND_INVALID")
        self.commands_by_scope[self._scope_key(p)] = commands
        return True

    async def m_getMyCommands(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands_by_scope.get(self._scope_key(p), [])

    async def m_deleteMyCommands(self, p: dict[str, Any]) -> bool:
        self.commands_by_scope.pop(self._scope_key(p), None)
        return True

    async def m_sendChatAction(self, p: dict[str, Any]) -> bool:
        self._chat(p.get("chat_id"))
        return True

    async def m_setChatMenuButton(self, p: dict[str, Any]) -> bool:
        return True

    async def m_close(self, p: dict[str, Any]) -> bool:
        return True

    async def m_logOut(self, p: dict[str, Any]) -> bool:
        return True

    async def m_createForumTopic(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(p.get("chat_id"))
        if not chat.is_forum:
            raise _bad("the chat is not a forum")
        return {"message_thread_id": next(self._topics), "name": str(p.get("name", "")), "icon_color": 7322096}

    async def m_editForumTopic(self, p: dict[str, Any]) -> bool:
        return True

    async def m_closeForumTopic(self, p: dict[str, Any]) -> bool:
        return True

    async def m_reopenForumTopic(self, p: dict[str, Any]) -> bool:
        return True

    async def m_deleteForumTopic(self, p: dict[str, Any]) -> bool:
        return True
