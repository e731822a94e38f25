## Activity reports (monthly, quarterly, yearly) and the yearly archive of the register

report-period-monthly = { $month ->
    [1] январь
    [2] февраль
    [3] март
    [4] апрель
    [5] май
    [6] июнь
    [7] июль
    [8] август
    [9] сентябрь
    [10] октябрь
    [11] ноябрь
   *[12] декабрь
} { $year }
report-period-quarterly = { $quarter ->
    [1] I
    [2] II
    [3] III
   *[4] IV
} квартал { $year }
report-period-yearly = { $year } год
report-period-archive = { $year } год

report-title-monthly = 📊 <b>Отчёт о работе службы обращений</b>
report-title-quarterly = 📊 <b>Квартальный отчёт о работе службы обращений</b>
report-title-yearly = 📊 <b>Годовой отчёт о работе службы обращений</b>
report-period-line = Период: { $period }
report-line-filed = Поступило { $count ->
    [one] { $count } обращение
    [few] { $count } обращения
   *[many] { $count } обращений
}, решено — { $resolved }, ожидают на конец периода — { $waiting }.
report-line-active = Активных участников: { $count }.
report-line-first-answer = Время до первого ответа (медиана): { $working } рабочего времени, { $calendar } календарного.
report-line-resolution = Время до решения (медиана): { $working } рабочего времени, { $calendar } календарного.
report-line-no-times = Ответов и решений за период нет.
report-line-escalations = Эскалации: { $escalations }, передачи: { $handovers }, нарушения норм общения: { $breaches }.
report-line-rating = Средняя оценка: { $average } (оценок: { $count }).
report-line-no-rating = Оценок за период нет.
report-line-parents = Родители проверили отметки { $checks ->
    [one] { $checks } раз
    [few] { $checks } раза
   *[many] { $checks } раз
}; еженедельных сводок доставлено: { $delivered }, не доставлено: { $unreachable }.
report-files-note = Таблицы — в файле XLSX, график — на изображении.
report-hours = { $hours } ч
report-caption-xlsx = Таблицы отчёта. Период: { $period }
report-caption-png = График отчёта. Период: { $period }
report-making = Отчёт готовится…
report-usage = Команда: /report — отчёт за прошлый месяц; /report 2026-10 — за месяц; /report 2026-Q3 — за квартал; /report 2026 — за год. Архив журнала за год для печати: /archive 2026.
report-bad-period = Не удалось распознать период.
report-future = Этот период ещё не начался.
report-admins-only = Отчёты доступны только администрации.
report-failed = Не удалось подготовить отчёт. Попробуйте ещё раз позже.

## The yearly archive of the register
archive-message = 🗄 <b>Годовой архив журнала регистрации обращений</b>
    Период: { $period }
    Записей: { $count }.
    PDF — для печати и подписи, XLSX — электронная копия.
archive-caption-pdf = Архив журнала для печати и подписи. Период: { $period }
archive-caption-xlsx = Архив журнала, электронная копия. Период: { $period }
archive-usage = Команда: /archive — архив журнала за прошлый год; /archive 2026 — за указанный год.
archive-pdf-title = Журнал регистрации обращений
archive-pdf-period = Период: { $start } — { $end }
archive-pdf-count = Записей: { $count }
archive-pdf-empty = За этот период записей нет.
archive-pdf-page = Страница { $page } из { $pages }
archive-pdf-signatures = Журнал сверен и передан в архив.
archive-pdf-sign-head = Директор: ____________________ / ____________________
archive-pdf-sign-admin = Ответственный за журнал: ____________________ / ____________________
archive-pdf-sign-date = Дата: «____» ______________ 20____ г.
archive-col-number = №
archive-col-received = Поступило
archive-col-requester = Заявитель
archive-col-kind = Вид
archive-col-area = Направление
archive-col-specialist = Специалист
archive-col-resolved = Решено
archive-col-status = Состояние

## The workbook
report-sheet-summary = Сводка
report-sheet-activity = Активность
report-sheet-kinds = По видам
report-sheet-areas = По направлениям
report-sheet-specialists = По специалистам
report-sheet-times = Сроки
report-sheet-events = Эскалации и общение
report-sheet-ratings = Оценки
report-sheet-parents = Родители и сводки
report-file-title = { $school }. Отчёт о работе службы обращений. Период: { $period }
report-col-figure = Показатель
report-col-value = Значение
report-col-role = Роль
report-col-people = Участников
report-col-kind = Вид обращения
report-col-area = Направление
report-col-filed = Поступило
report-col-waiting = Ожидают на конец периода
report-col-specialist = Специалист
report-col-taken = Взято в работу
report-col-answered = Первых ответов
report-col-resolved = Решено
report-col-measure = Срок
report-col-count = Количество
report-col-median-working = Медиана, рабочие часы
report-col-p90-working = 90-й процентиль, рабочие часы
report-col-median-calendar = Медиана, календарные часы
report-col-p90-calendar = 90-й процентиль, календарные часы
report-col-event = Событие
report-col-stars = Оценка
report-col-ratings = Количество оценок
report-measure-first-answer = До первого ответа
report-measure-resolution = До решения
report-figure-filed = Поступило обращений
report-figure-resolved = Решено обращений
report-figure-closed = Закрыто обращений
report-figure-waiting = Ожидают на конец периода
report-figure-active = Активных участников
report-figure-escalations = Эскалации
report-figure-handovers = Передачи другому специалисту
report-figure-courtesy-marks = Сообщения, отмеченные как грубые
report-figure-breaches = Обращения, завершённые из-за нарушения норм общения
report-figure-complaints = Жалобы
report-figure-reopened = Повторно открытые обращения
report-figure-rating-average = Средняя оценка
report-figure-ratings = Оценок
report-figure-checks = Проверок отметок родителями
report-figure-checks-ack = из них «Ознакомлен(а)»
report-figure-checks-open = из них просмотров отметок
report-figure-parents-checking = Родителей, проверявших отметки
report-figure-parents-twice = Родителей, проверявших отметки в среднем не реже двух раз в неделю
report-figure-parents-linked = Родителей, подключённых к боту
report-figure-summaries-queued = Еженедельных сводок отправлено
report-figure-summaries-delivered = Еженедельных сводок доставлено
report-figure-summaries-acknowledged = Сводок, с которыми родители ознакомились
report-figure-summaries-unreachable = Сводок, не доставленных (чат недоступен)
report-role-parent = Родители
report-role-student = Ученики
report-role-teacher = Учителя
report-role-class-teacher = Классные руководители
report-role-administration = Администрация
report-role-specialist = Специалисты
report-role-admin = Администраторы
report-role-head = Директор
report-role-unknown = Роль не указана
report-total = Итого
report-none = нет

## The chart
report-chart-title = { $school }: { $period }
report-chart-kinds = Обращения по видам
report-chart-areas = Обращения по направлениям
report-chart-times = Медиана сроков, ч
report-chart-working = рабочие
report-chart-calendar = календарные
report-chart-active = Активные участники
report-chart-empty = нет данных
