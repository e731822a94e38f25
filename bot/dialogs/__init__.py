"""Conversation steps that more than one handler module starts: they speak in a chat and set the
dialog's state, but hold no routes. Handler modules import these (and bot/views, bot/services),
never each other; tests/unit/test_handler_imports.py keeps it so."""
