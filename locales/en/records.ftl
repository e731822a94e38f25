## Backups, the audit trail (records of the school's data)

records-ago-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
records-ago-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
records-ago-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

# /status
records-status-backup = 🗄 Backup: the last checked copy was made { $ago } ago ({ $at }), { $copies ->
    [one] { $copies } copy
   *[other] { $copies } copies
}.
records-status-backup-none = 🗄 Backup: there is no checked copy yet.
records-status-backup-off = 🗄 Backups are not set up: the school file names no folders for the copies.

# /backup and the notices to the administrators
records-backup-working = ⏳ Making a backup of the database…
records-backup-done = ✅ The backup is made and checked.
records-backup-failed = ⚠️ The database backup was not made or failed its check.
records-backup-failed-no-folders = ⚠️ No backup was made: the school file names no folders for the copies.
records-backup-line-ok = ✅ Folder: { $folder }
    File: { $file }; requests in the copy: { $requests }
records-backup-line-failed = ⚠️ Folder: { $folder }
    Reason: { $error }
records-backup-failed-hint = The next attempt follows the schedule; /backup makes a copy now. Details are in the bot's log.
records-backup-missing-never = ⚠️ There is no checked backup of the database. /backup makes one; the reasons of failures are in the bot's log.
records-backup-missing = ⚠️ The last checked backup of the database was made { $ago } ago ({ $at }). /backup makes one; the reasons of failures are in the bot's log.

# /audit
records-audit-title = 🔎 <b>Data access log</b>: { $count ->
    [one] the last { $count } entry
   *[other] the last { $count } entries
}
records-audit-empty = 🔎 The data access log is empty so far.
records-audit-line = { $at } · { $action } · { $subject }
    Who: { $who }
records-audit-line-plain = { $at } · { $action }
    Who: { $who }
records-audit-who-id = Telegram ID { $id }
records-audit-who-console = the server (command line)
records-audit-action-register-export = export of the register of requests
records-audit-action-register-archive = yearly archive of the register
records-audit-action-marks-printout = printout of a class's marks
records-audit-action-marks-view = marks viewed
records-audit-action-marks-import = marks imported from a file
records-audit-action-backup = database backup
records-audit-action-restore = database restored from a copy
records-status-backup-unknown = 🗄 Backup: its record could not be read: { $error }
records-status-name-backup = backups
records-status-name-retention = removal of records past their retention period
