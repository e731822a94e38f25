## Kinds, topics, statuses, outcomes

kind-question = Вопрос
kind-remark = Замечание
kind-suggestion = Предложение
topic-general = Вопрос или проблема с журналом
topic-lost-login = Утерян логин или пароль
topic-compromised = Доступ скомпрометирован (пароль узнали другие)
topic-new-access = Нужен доступ (новый ученик или родитель)
status-new = в очереди
status-assigned = передано специалисту
status-in-progress = в работе
status-waiting = ждёт вашего ответа
status-resolved = решено
status-closed = закрыто
# The same statuses as staff read them (their queue, the register and its export): a request
# waiting for the requester's answer does not wait for theirs.
status-for-staff-new = в очереди
status-for-staff-assigned = передано специалисту
status-for-staff-in-progress = в работе
status-for-staff-waiting = ждёт ответа заявителя
status-for-staff-resolved = решено
status-for-staff-closed = закрыто
outcome-resolved = решено
outcome-closed-by-requester = закрыто заявителем
outcome-auto-closed = закрыто: нет ответа заявителя
staff-admins = администраторы ЭлЖур

## The form

form-need-start = Чтобы отправить обращение, сначала нажмите /start: согласие на обработку данных и роль.
form-ask-topic = <b>Новое обращение.</b> О чём оно?
form-ask-kind = Это вопрос, замечание или предложение?
form-ask-area = Выберите направление:
form-ask-name = Напишите ваши <b>фамилию, имя и отчество</b> (или фамилию с инициалами), например: Иванова Анна Петровна.
form-confirm-name =
    ФИО: <b>{ $name }</b>
    Всё верно?
form-ask-class = Укажите <b>класс</b> ученика, например: 5А или 11Б.
form-confirm-class =
    Класс: <b>{ $klass }</b>
    Всё верно?
form-ask-login = Укажите ваш <b>логин (идентификатор)</b> в ЭлЖур — пароль не пишите никогда.
form-ask-problem = Опишите проблему или вопрос одним сообщением. Можно приложить скриншот с подписью.
form-ask-attachments = Приложите скриншоты или документы, если нужно, или нажмите «Готово». Приложено: { $count } из { $max }.
form-attachment-added = Вложение принято ({ $count } из { $max }). Отправьте ещё или нажмите «Готово».
form-attachments-hint = Сейчас можно прислать фото или документ. Если вложений больше нет — нажмите «Готово».
form-button-cancel = ✖️ Отменить
form-button-keep = ✅ Да
form-button-change = ✏️ Изменить
form-button-files-done = Готово ➡️
form-button-send = 📨 Отправить
form-cancelled = Обращение отменено, ничего не отправлено.
form-summary-title = <b>Проверьте обращение:</b>
form-summary-topic = Тема: { $topic }
form-summary-kind = Вид: { $kind }
form-summary-area = Направление: { $area }
form-summary-name = Заявитель: { $name }
form-summary-role = Роль: { $role }
form-summary-class = Класс: { $klass }
form-summary-login = Логин: { $login }
form-summary-files = Вложений: { $count }
form-summary-text = Текст: { $text }
form-filed = ✅ Обращение <b>№ { $number }</b> зарегистрировано.
form-already-sent = Это обращение уже отправлено: № { $number }.
form-error-name-length =
    ФИО должно быть длиной от { $min } до { $max ->
        [one] { $max } символа
        [few] { $max } символов
       *[many] { $max } символов
    }. Попробуйте ещё раз.
form-error-name-shape = Это не похоже на ФИО. Напишите фамилию и имя (и отчество) или фамилию с инициалами, например: Иванова А. П.
form-error-name-script = Пожалуйста, напишите ФИО одним алфавитом — кириллицей или латиницей.
form-error-class = Не удалось распознать класс. Укажите номер от 1 до 11 и букву, например: 5А.
form-error-login =
    Логин — одно слово без пробелов, не длиннее { $max ->
        [one] { $max } символа
        [few] { $max } символов
       *[many] { $max } символов
    }.
form-error-problem-short =
    Опишите проблему чуть подробнее — хотя бы { $min ->
        [one] { $min } символ
        [few] { $min } символа
       *[many] { $min } символов
    }.
form-error-problem-long =
    Текст слишком длинный: { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[many] { $length } символов
    }, а можно не больше { $max }. Сократите его, пожалуйста, или разбейте: остальное можно дописать после отправки.
form-error-too-many-files =
    Можно приложить не больше { $max ->
        [one] { $max } файла
        [few] { $max } файлов
       *[many] { $max } файлов
    }. Нажмите «Готово».
form-error-use-buttons = Выберите вариант кнопкой под сообщением выше (или /cancel).
form-error-content = Здесь нужен текст. Стикеры, голосовые сообщения и геопозиция не принимаются. Уже введённое сохранено.

## Placement: who, when, where (R2.3)

mine-on-duty = Обращение уже получил дежурный специалист: <b>{ $name }</b>{ $position }, каб. { $room }.
mine-queued =
    Сейчас консультаций нет. Обращение примет специалист: <b>{ $name }</b>{ $position }
    Когда: { $day }, { $date }, { $start }–{ $end }, каб. { $room }
    В это время можно прийти и лично.
mine-to-admins = Обращение передано администраторам ЭлЖур.
mine-handed-over = Обращение № { $number } передано другому специалисту.
mine-taken = Ваше обращение № { $number } взял в работу специалист: <b>{ $name }</b>{ $position }, каб. { $room }.
mine-taken-person = Ваше обращение № { $number } взял в работу сотрудник: <b>{ $name }</b>{ $position }
mine-resolved =
    Обращение № { $number } отмечено как решённое. Оцените, пожалуйста, помощь. { $days ->
        [0] Если проблема осталась, создайте новое обращение: /new.
        [one] Если проблема осталась, обращение можно открыть снова в течение { $days } дня.
        [few] Если проблема осталась, обращение можно открыть снова в течение { $days } дней.
       *[many] Если проблема осталась, обращение можно открыть снова в течение { $days } дней.
    }
mine-auto-closed =
    Обращение № { $number } закрыто: ответа не было { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }. Если вопрос остался, создайте новое обращение (/new).
mine-follow-up-relayed = Сообщения по обращению № { $number } переданы специалисту.
mine-follow-up-waiting = Сообщение сохранено в обращении № { $number } и будет передано специалисту вместе с обращением.
mine-follow-up-undelivered = Не удалось передать это сообщение по обращению № { $number }. Оно сохранено в обращении; попробуйте отправить его ещё раз позже.
mine-reply-closed = Обращение № { $number } уже не открыто, поэтому сообщение не передано. Решённое обращение можно открыть снова в /my, новое — /new.
place-ask = У вас несколько открытых обращений. К какому относится это сообщение? Оно сохранено и будет передано после выбора. (В следующий раз можно ответить на сообщение нужного обращения — через «Ответить».)
place-button = № { $number }: { $subject }
place-done = Сообщения отнесены к обращению № { $number }.
place-nothing = Эти сообщения уже отнесены к обращению.
mine-title = <b>Ваши обращения:</b>
mine-line = № { $number } · { $kind } · { $at } · { $status } · { $who }
mine-line-nobody = № { $number } · { $kind } · { $at } · { $status }
mine-none = У вас пока нет обращений. Новое — /new.
mine-button-close = Закрыть обращение
mine-button-reopen = Открыть снова
mine-button-complain = Пожаловаться руководителю
mine-closed = Это обращение уже закрыто.
mine-closed-ok = Закрыто.
mine-closed-text = Обращение № { $number } закрыто. Спасибо!
mine-reopened = Обращение № { $number } открыто снова, специалист получил уведомление.
mine-cannot-reopen =
    { $days ->
        [0] Решённые обращения снова не открываются. Если проблема осталась, создайте новое обращение: /new.
        [one] Открыть снова можно только решённое обращение и только в течение { $days } дня.
        [few] Открыть снова можно только решённое обращение и только в течение { $days } дней.
       *[many] Открыть снова можно только решённое обращение и только в течение { $days } дней.
    }
mine-cannot-rate = Оценить можно только решённое обращение.
mine-rated = Спасибо за оценку: { $stars } из 5.
mine-rating-comment = Если хотите, напишите комментарий к оценке одним сообщением, или /skip.
mine-thanks = Спасибо!
fallback-no-open-request = У вас нет открытых обращений. Новое обращение — /new, справка — /help.
staff-reply-hint = Чтобы ответить заявителю, нажмите «💬 Ответить» на карточке обращения или ответьте на его сообщение (или на карточку) через «Ответить» в Telegram.

## Courtesy and complaints (R3)

complaint-ask = Опишите, что произошло. Жалоба уйдёт руководителю специалиста, сам специалист её не увидит.
complaint-sent = Жалоба передана руководителю специалиста.
complaint-nobody = По этому обращению ещё нет специалиста, жаловаться не на кого.
complaint-to-supervisor =
    📣 Жалоба на работу специалиста по обращению № { $number }
    Специалист: { $specialist }
    Заявитель: { $requester }

    { $text }

## Access to the journal (R4)

access-compromised-receipt = Время вашего уведомления о компрометации доступа: <b>{ $at }</b>. Все операции в ЭлЖур под вашей учётной записью после этого момента недействительны.
access-compromised-alert =
    🚨 <b>Компрометация доступа</b> — обращение № { $number }
    Заявитель: { $name }
    Логин: { $login }
    Время уведомления: <b>{ $at }</b>. Операции после него недействительны.
access-deadline-receipt =
    Доступ должен быть предоставлен до { $at }: срок — { $days ->
        [one] { $days } рабочий день
        [few] { $days } рабочих дня
       *[many] { $days } рабочих дней
    }.
access-deadline-reminder = ⏰ Срок предоставления доступа по обращению № { $number } истекает { $at }.

## The specialist's card

card-title = 📩 <b>№ { $number }</b> · { $kind }
card-area = Направление: { $area }
card-topic = Тема: { $topic }
card-requester = Заявитель: { $name }
card-requester-role = Роль: { $role }
card-requester-role-class = Роль: { $role }, класс { $klass }
card-login = Логин: { $login }
card-received = Поступило: { $at }
card-notice-at = Время уведомления: { $at }
card-deadline = Срок: { $at }
card-substitute-for = Вы замещаете: { $name }
card-escalated =
    Передано дальше после ожидания: { $count ->
        [one] { $count } раз
        [few] { $count } раза
       *[many] { $count } раз
    }
card-attachments = Вложений: { $count }
card-button-take = ✋ Взять
card-button-reply = 💬 Ответить
card-button-handover = ↪️ Передать
card-button-resolve = ✅ Решено
card-taken-ok = Обращение ваше.
card-resolved-ok = Отмечено как решённое.
card-already-taken = Обращение уже взято в работу: { $holder }
card-already-taken-unknown = Обращение уже взято в работу.
card-assigned-to-other = Обращение передано: { $holder }
card-assigned-to-other-unknown = Обращение передано другому сотруднику.
card-not-found = Обращение не найдено.
card-closed = Обращение уже закрыто.
card-staff-only = Это действие доступно только специалистам и администраторам.
card-reply-ask = Напишите ответ по обращению № { $number } (текст, фото или документ) одним сообщением.
card-reply-sent = Ответ по № { $number } отправлен заявителю.
card-closed-by-requester = Заявитель закрыл обращение № { $number }.
card-reopened = 🔁 Заявитель открыл обращение № { $number } снова.
card-state-new = В очереди.
card-state-assigned = Ожидает, кто возьмёт.
card-state-in-progress = В работе: { $who }
card-state-waiting = Ждёт ответа заявителя.
card-state-resolved = Решено: { $who }
card-state-closed = Закрыто.
relay-from-requester = 💬 № { $number } — { $name }:
relay-from-specialist = 💬 Ответ по обращению № { $number } — { $name }:
handover-ask = Кому передать обращение № { $number }?
handover-to-area = Направление: { $area }
handover-done = Передано.
handover-done-text = Обращение № { $number } передано: { $who }
queue-title = <b>Ваши обращения и очередь ({ $count }):</b>
queue-line = № { $number } — { $status }, с { $due }: { $name }
queue-empty = Открытых обращений нет.
queue-take = Взять № { $number }
queue-reply = Ответить № { $number }

## Timetable

schedule-title = <b>График консультаций по работе с ЭлЖур</b> — { $school }
schedule-specialist = <b>{ $name }</b>{ $position } — { $areas }
schedule-slot =   { $day } { $start }–{ $end }, каб. { $room }
duty-now-title = <b>Сейчас дежурят:</b>
duty-line = • { $name }{ $position }, каб. { $room }, до { $end }
duty-nobody-now = Сейчас консультаций нет.
duty-next-title = <b>Ближайшие консультации:</b>
duty-next-line = • { $day } { $date }, { $start }–{ $end } — { $name }, каб. { $room }

## Administration

admin-only = Это доступно только администрации школы.
register-title =
    <b>Журнал регистрации обращений</b>, { $start }–{ $end }
    Записей: { $count }
register-line = № { $number } · { $at } · { $name } · { $kind } · { $status } · { $who }
register-line-nobody = № { $number } · { $at } · { $name } · { $kind } · { $status }
register-usage = Фильтры: <code>/register 01.11.2026-30.11.2026 area=technical kind=question status=resolved spec=a</code>. Выгрузка — кнопками XLSX и CSV.
register-error-filter = Неизвестный фильтр. Допустимы: area, kind, status, spec.
register-error-period = Период пишется так: 01.11.2026-30.11.2026.
register-sheet = Журнал обращений
register-file-title = Журнал регистрации обращений по работе с ЭлЖур — { $school }, { $start }–{ $end }
register-file-caption =
    Журнал регистрации обращений: { $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[many] { $count } записей
    }.
register-col-number = Номер
register-col-received = Дата поступления
register-col-name = ФИО заявителя
register-col-role = Роль
register-col-class = Класс
register-col-kind = Вид обращения
register-col-area = Направление
register-col-topic = Тема
register-col-text = Содержание
register-col-attachments = Вложений
register-col-taken-by = Исполнитель
register-col-taken-at = Принято в работу
register-col-first-answer = Первый ответ
register-col-resolved = Решено
register-col-status = Статус
register-col-outcome = Результат
register-col-rating = Оценка
register-col-escalations = Передано дальше по цепочке, раз
sub-ask-absent = Кто отсутствует?
sub-ask-substitute =
    Отсутствует: { $absent }
    Кто замещает?
sub-ask-period =
    Замещает: { $substitute }
    На сколько дней, начиная с сегодняшнего? Или напишите период, например: 23.11.2026-27.11.2026
sub-days =
    { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }
sub-error-period = Период пишется так: 23.11.2026-27.11.2026 (начало не позже конца).
sub-saved =
    ✅ Замена сохранена: { $start }–{ $end }
    Отсутствует: { $absent }
    Замещает: { $substitute }
    Обращения и часы консультаций переданы.
sub-notice-substitute =
    Вы замещаете отсутствующего специалиста с { $start } по { $end }: часы консультаций и обращения приходят вам.
    Отсутствует: { $absent }
sub-running = Замены сейчас и впереди. Нажмите, чтобы отменить:
sub-button-cancel = ❌ { $start }–{ $end }: { $absent } → { $substitute }
sub-cancelled =
    Замена отменена: { $start }–{ $end }
    Отсутствует: { $absent }
    Больше не замещает: { $substitute }
    Обращения, которые ещё ждали своего часа, возвращены специалисту, которого замещали.
sub-cancel-gone = Эта замена уже отменена.
sub-notice-cancelled =
    Замена отменена ({ $start }–{ $end }): вы больше не замещаете отсутствующего специалиста. Обращения, которые уже у вас, остаются вашими.
    Отсутствует: { $absent }
card-undeliverable =
    ⚠️ Карточку обращения № { $number } не удалось доставить: получатель ещё не открыл бота. Попросите получателя нажать /start в боте; пока обращение перейдёт дальше по цепочке.
    Получатель: { $name }

# Delivery: a card or alert that cannot be delivered goes to the next person who can act.
card-undeliverable-moved =
    ⚠️ Карточку обращения № { $number } не удалось доставить: получатель не открыл бота или заблокировал его. Попросите получателя нажать /start в боте.
    Получатель: { $name }
    Обращение передано: { $who }
card-state-moved = Передано: { $who }
mine-moved-admins = Обращение № { $number } передано администраторам ЭлЖур.
mine-moved-person = Обращение № { $number } передано: <b>{ $name }</b>{ $position }
mine-moved-specialist = Обращение № { $number } передано специалисту: <b>{ $name }</b>{ $position }, каб. { $room }.
access-compromised-head-told = Директор уведомлён о компрометации доступа (обращение № { $number }).
access-compromised-head-unreachable = Сообщение директору о компрометации доступа (обращение № { $number }) пока не доставлено: директор ещё не открыл бота. Оно будет доставлено, как только директор откроет бота.
alert-head-unreachable =
    ⚠️ Сообщение о компрометации доступа (обращение № { $number }) не удалось доставить директору: бот ещё не открыт. Попросите директора нажать /start в боте.
    Директор: { $name }
# The queue message: several requests that reached one person at once.
queue-list-title = 📋 <b>Ожидают вас: { $count }</b>. Нажмите «Взять» — придёт полная карточка обращения.
queue-list-done = 📋 <b>Очередь разобрана.</b>
queue-list-line = { $n }. № { $number } — { $name }, { $klass }: { $text }
queue-list-line-no-class = { $n }. № { $number } — { $name }: { $text }
queue-list-line-done = { $n }. № { $number } — { $state }
queue-list-take = ✋ № { $number }
