## Hostile and mistaken input: stale buttons, limits, periods, text before consent

handover-to-admins = Администраторам
register-error-period-range = Даты периода — с 01.01.2000 по 31.12.2099.
sub-error-past = Замена должна заканчиваться сегодня ({ $today }) или позже. Напишите другой период, например 23.11.2026-27.11.2026.
sub-error-too-long =
    Замена — не дольше { $days ->
        [one] { $days } дня
        [few] { $days } дней
       *[many] { $days } дней
    } подряд. Напишите период короче.

import-file-refused = Файл не принят: { $reason }
import-error-too-many-columns =
    в файле больше { $limit ->
        [one] { $limit } столбца
        [few] { $limit } столбцов
       *[many] { $limit } столбцов
    }. Оставьте только нужные: ФИО ученика, Класс, Предмет, Дата, Отметка и по желанию Вес, Учитывается, Вид работы, Урок, Комментарий.
import-error-too-large-inside = файл после распаковки больше { $mb } МБ — похоже, это не таблица с отметками.

draft-kept = Сообщение сохранено. Чтобы отправить его как обращение, сначала дайте согласие на обработку данных — кнопкой под этим сообщением.
draft-offer = До согласия вы писали:

    { $text }

    Создать обращение с этим текстом?
draft-button-use = 📝 Создать обращение
draft-button-drop = Не нужно
draft-dropped = Хорошо, текст удалён.

forget-orphan-notice = ⚠️ Еженедельные сводки в Telegram больше некому получать: родитель удалил свои данные. Сводки по ученику не отправляются, он включён в распечатку.
    Ученик: { $name }, класс { $klass }
    Распечатка: /printout { $klass }
import-error-row-too-long =
    в файле есть строка длиннее { $chars ->
        [one] { $chars } знака
        [few] { $chars } знаков
       *[many] { $chars } знаков
    } — похоже, это не таблица с отметками.
