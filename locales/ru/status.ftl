## /status for the administrators, alerts about the bot's own trouble (docs/operations.md)
status-title = 🩺 <b>Состояние бота</b> на { $time }
status-loop-ok = ✅ { $name }: работает; { $success }
status-loop-waiting = ⏳ { $name }: ещё не запускалась
status-loop-failing = ⚠️ { $name }: <b>ошибки с { $since }</b> ({ $count } подряд): { $error }; { $success }
status-loop-last-error = последняя ошибка в { $at }: { $error }
status-loop-restarts = перезапусков: { $count }
status-success = последний успешный проход в { $at } ({ $ago } назад)
status-never = успешных проходов ещё не было
status-queue = 📤 Очередь сообщений: ждут отправки { $count }, самое давнее ждёт { $age }.
status-queue-empty = 📤 Очередь сообщений пуста.
status-queue-unknown = 📤 Очередь сообщений прочитать не удалось: { $error }
status-db-ok = 💾 База данных: запись работает.
status-db-trouble = 💾 База данных: <b>запись не удаётся с { $since }</b>: { $error }
status-age-seconds = { $n } с
status-age-minutes = { $n } мин
status-age-hours = { $h } ч { $m } мин
status-unavailable = Состояние бота сейчас недоступно.
status-name-outbox = отправка сообщений
status-name-helpdesk-timers = таймеры обращений
status-name-summaries = еженедельные сводки
status-name-journal-pull = загрузка отметок из ЭлЖур
status-name-substitutions-reload = замены специалистов
status-name-database = база данных
status-name-morning-list-of-staff = список сотрудников, до которых бот не может достучаться
status-name-watch = наблюдение за работой
status-alert-failing = ⚠️ Бот: «{ $name }» не работает с { $since }: { $error }. Бот сам повторяет попытки; подробности — команда /status и журнал бота.
status-alert-back = ✅ Бот: «{ $name }» снова работает.

## A write the database refused (full disk, read-only file, a lock held too long)
error-storage = ⚠️ Не удалось сохранить: хранилище бота сейчас недоступно. Последнее действие не выполнено и не записано — повторите его через несколько минут.
