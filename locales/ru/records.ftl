## Backups, the audit trail (records of the school's data)

records-ago-minutes = { $n ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[many] { $n } минут
}
records-ago-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
   *[many] { $n } часов
}
records-ago-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[many] { $n } дней
}

# /status
records-status-backup = 🗄 Резервная копия: последняя проверенная сделана { $ago } назад ({ $at }), { $copies ->
    [one] { $copies } копия
    [few] { $copies } копии
   *[many] { $copies } копий
}.
records-status-backup-none = 🗄 Резервная копия: проверенных копий ещё нет.
records-status-backup-off = 🗄 Резервное копирование не настроено: в файле школы не указаны папки для копий.

# /backup and the notices to the administrators
records-backup-working = ⏳ Делается резервная копия базы данных…
records-backup-done = ✅ Резервная копия сделана и проверена.
records-backup-failed = ⚠️ Резервная копия базы данных не сделана или не прошла проверку.
records-backup-failed-no-folders = ⚠️ Резервная копия не сделана: в файле школы не указаны папки для копий.
records-backup-line-ok = ✅ Папка: { $folder }
    Файл: { $file }; обращений в копии: { $requests }
records-backup-line-failed = ⚠️ Папка: { $folder }
    Причина: { $error }
records-backup-failed-hint = Следующая попытка будет сделана по расписанию; сделать копию сейчас можно командой /backup. Подробности — в журнале бота.
records-backup-missing-never = ⚠️ Проверенной резервной копии базы данных нет. Сделать копию можно командой /backup; причины неудач — в журнале бота.
records-backup-missing = ⚠️ Последняя проверенная резервная копия базы данных сделана { $ago } назад ({ $at }). Сделать копию можно командой /backup; причины неудач — в журнале бота.

# /audit
records-audit-title = 🔎 <b>Журнал действий с данными</b>: { $count ->
    [one] последняя { $count } запись
    [few] последние { $count } записи
   *[many] последние { $count } записей
}
records-audit-empty = 🔎 Журнал действий с данными пока пуст.
records-audit-line = { $at } · { $action } · { $subject }
    Кто: { $who }
records-audit-line-plain = { $at } · { $action }
    Кто: { $who }
records-audit-who-id = Telegram ID { $id }
records-audit-who-console = сервер (командная строка)
records-audit-action-register-export = выгрузка журнала обращений
records-audit-action-register-archive = архив журнала обращений за год
records-audit-action-marks-printout = печать отметок класса
records-audit-action-marks-view = просмотр отметок
records-audit-action-marks-import = загрузка отметок из файла
records-audit-action-backup = резервная копия базы данных
records-audit-action-restore = восстановление базы данных из копии
records-status-backup-unknown = 🗄 Резервная копия: сведения прочитать не удалось: { $error }
records-status-name-backup = резервное копирование
records-status-name-retention = удаление записей с истёкшим сроком хранения
