"""The presentation boundary: texts, keyboards, callback data and Bot API payloads.

Services decide what happens and say so in plain data (requests, dataclasses, rows of
(text, callback data)); the modules here turn that into what Telegram shows. Nothing below
this package (services, storage, domain) builds Telegram objects or message JSON.
"""
