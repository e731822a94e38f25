## Объявления школы: рассылка администрации и настройка получения

announce-ask-kind = 📣 <b>Новое объявление.</b> Выберите вид объявления.
announce-kind-training = Обучение сотрудников
announce-kind-timetable = Изменение графика консультаций
announce-kind-period-end = Окончание учебного периода
announce-kind-other = Другое
announce-ask-audience = Вид: { $kind }. Кому отправить объявление?
announce-audience-staff = Все сотрудники
announce-audience-specialists = Специалисты
announce-audience-class-teachers = Классные руководители
announce-audience-class = Родители учеников класса
announce-audience-grade = Родители учеников параллели
announce-audience-everyone = Все пользователи бота
announce-audience-class-of = Родители учеников класса: { $klass }
announce-audience-grade-of = Родители учеников параллели: { $klass }
announce-ask-class = Напишите класс, например: 5А.
announce-ask-grade = Напишите номер параллели, например: 5.
announce-unknown-class = Такого класса нет в списке школы. Известные классы: { $classes }. Напишите класс ещё раз.
announce-no-classes = В боте пока нет ни одного класса: родителей ещё никто не приглашал.
announce-unknown-grade = Такой параллели нет в списке классов школы. Напишите номер параллели ещё раз, например: 5.
announce-ask-content = Отправьте текст объявления одним сообщением. Можно использовать форматирование Telegram, приложить файл или фото с подписью.
announce-content-refused = Объявление может быть текстом, файлом или фото с подписью. Отправьте его ещё раз.
announce-header-training = 📣 <b>Объявление: обучение сотрудников</b>
announce-header-timetable = 📣 <b>Объявление: изменение графика консультаций</b>
announce-header-period-end = 📣 <b>Объявление: окончание учебного периода</b>
announce-header-other = 📣 <b>Объявление школы</b>
announce-preview-title = 👆 Так объявление увидят получатели.
announce-preview-audience = Получатели: { $text }
announce-preview-count = Будет отправлено: { $n ->
    [one] { $n } сообщение
    [few] { $n } сообщения
   *[many] { $n } сообщений
}
announce-preview-muted = Отключили объявления этого вида: { $n ->
    [one] { $n } человек
    [few] { $n } человека
   *[many] { $n } человек
}
announce-nobody = Получателей нет, объявление не отправлено.
announce-send = 📣 Отправить
announce-cancel = Отменить
announce-cancelled = Объявление не отправлено.
announce-stale = Это объявление уже отправлено или отменено. Новое объявление — /announce.
announce-queued = Объявление поставлено в очередь: { $n ->
    [one] { $n } получатель
    [few] { $n } получателя
   *[many] { $n } получателей
}. Ход рассылки — в следующем сообщении.
announce-progress = { $done ->
    [yes] ✅ Объявление разослано: доставлено { $sent } из { $total }. Заблокировали бота: { $blocked }, не удалось отправить: { $failed }.
   *[no] 📣 Объявление рассылается: доставлено { $sent } из { $total }; заблокировали бота: { $blocked }, не удалось отправить: { $failed }.
}
announce-mute-button = 🔕 Не получать такие объявления
announce-muted = Объявления вида «{ $kind }» больше не будут приходить. Вернуть их можно командой /announcements.
announce-unmuted = Объявления вида «{ $kind }» снова будут приходить.
announce-obligatory = Объявления вида «{ $kind }» обязательны для всех, их нельзя отключить.
announce-settings-title = <b>Объявления школы</b>
announce-settings-obligatory = 🔔 { $kind }: обязательные, приходят всегда
announce-settings-on = 🔔 { $kind }: приходят
announce-settings-muted = 🔕 { $kind }: отключены
announce-settings-mute = 🔕 Отключить: { $kind }
announce-settings-unmute = 🔔 Включить: { $kind }
