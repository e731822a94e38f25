"""The sandbox: the whole bot in a browser, without Telegram (docs/training.md).

`python -m bot` without BOT_TOKEN starts it: the project's Telegram stand-in with its chat
page, demo data made by the bot's own services (bot/sandbox/seed.py), and the real bot
process polling the stand-in, with the school's clock under the page's control.
"""
