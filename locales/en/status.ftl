## /status for the administrators, alerts about the bot's own trouble (docs/operations.md)
status-title = 🩺 <b>Bot status</b> at { $time }
status-loop-ok = ✅ { $name }: working; { $success }
status-loop-waiting = ⏳ { $name }: not started yet
status-loop-failing = ⚠️ { $name }: <b>failing since { $since }</b> ({ $count } in a row): { $error }; { $success }
status-loop-last-error = last error at { $at }: { $error }
status-loop-restarts = restarts: { $count }
status-success = last successful run at { $at } ({ $ago } ago)
status-never = no successful run yet
status-queue = 📤 Message queue: { $count } waiting to be sent, the oldest for { $age }.
status-queue-empty = 📤 The message queue is empty.
status-queue-unknown = 📤 The message queue could not be read: { $error }
status-db-ok = 💾 Database: writes work.
status-db-trouble = 💾 Database: <b>writes failing since { $since }</b>: { $error }
status-age-seconds = { $n } s
status-age-minutes = { $n } min
status-age-hours = { $h } h { $m } min
status-unavailable = The bot's status is not available right now.
status-name-outbox = sending messages
status-name-helpdesk-timers = request timers
status-name-summaries = weekly summaries
status-name-journal-pull = marks from ElJur
status-name-substitutions-reload = substitutions
status-name-database = database
status-name-morning-list-of-staff = the list of staff the bot cannot reach
status-name-watch = watching the background work
status-alert-failing = ⚠️ Bot: "{ $name }" has not been working since { $since }: { $error }. The bot keeps retrying by itself; details: /status and the bot's log.
status-alert-back = ✅ Bot: "{ $name }" works again.

## A write the database refused (full disk, read-only file, a lock held too long)
error-storage = ⚠️ Could not save: the bot's storage is unavailable right now. Your last action was not carried out or recorded — please repeat it in a few minutes.
