"""A small JSON control API under /_standin/, for a benchmark or a sandbox in another process."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from tg_standin.server import StandIn


def add_control_routes(app: web.Application, standin: StandIn) -> None:
    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        person = standin.user(int(request.match_info["user_id"]), first_name=body.get("first_name", "User"),
                              language_code=body.get("language_code", "ru"))
        message_id = await person.send(body["text"])
        return web.json_response({"message_id": message_id})

    async def press(request: web.Request) -> web.Response:
        body = await request.json()
        person = standin.user(int(request.match_info["user_id"]))
        try:
            await person.press(body["text"])
        except AssertionError as error:
            return web.json_response({"ok": False, "error": str(error)}, status=404)
        return web.json_response({"ok": True, "answer": person.last_callback_answer})

    async def messages(request: web.Request) -> web.Response:
        chat = standin.chats.get(int(request.match_info["chat_id"]))
        if chat is None:
            return web.json_response([])
        return web.json_response([
            {"message_id": m.message_id, "from_bot": m.from_bot, "text": m.text, "buttons": m.buttons,
             "edited": m.edited, "deleted": m.deleted, "sent_at": m.sent_at}
            for m in chat.messages.values()
        ])

    async def stats(request: web.Request) -> web.Response:
        return web.json_response({"calls": dict(standin.stats), "faults_injected": standin.faults.injected,
                                  "rate_limited": standin.rate_limits.rejected, "too_many_requests": standin.too_many_requests,
                                  "sent": len(standin.sent_log)})

    async def sent_log(request: web.Request) -> web.Response:
        return web.json_response([r.__dict__ for r in standin.sent_log])

    async def faults(request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("clear"):
            standin.faults.clear()
        if "fail_next" in body:
            standin.faults.fail_next(**body["fail_next"])
        if "random_429" in body:
            standin.faults.random_429(**body["random_429"])
        if "latency" in body:
            standin.faults.latency(**body["latency"])
        return web.json_response({"ok": True})

    async def rate_limits(request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("enabled", True):
            standin.rate_limits.enable(**{k: v for k, v in body.items() if k != "enabled"})
        else:
            standin.rate_limits.disable()
        return web.json_response({"ok": True})

    async def block(request: web.Request) -> web.Response:
        chat_id = int(request.match_info["chat_id"])
        standin.user(chat_id)
        if request.match_info["action"] == "block":
            standin.block(chat_id)
        else:
            standin.unblock(chat_id)
        return web.json_response({"ok": True})

    app.router.add_post("/_standin/users/{user_id}/messages", send)
    app.router.add_post("/_standin/users/{user_id}/press", press)
    app.router.add_get("/_standin/chats/{chat_id}/messages", messages)
    app.router.add_get("/_standin/stats", stats)
    app.router.add_get("/_standin/sent_log", sent_log)
    app.router.add_post("/_standin/faults", faults)
    app.router.add_post("/_standin/rate_limits", rate_limits)
    app.router.add_post("/_standin/{action:block|unblock}/{chat_id}", block)
