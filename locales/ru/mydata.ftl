## /mydata и /forget: что бот хранит о человеке и удаление этих данных

forget-nothing = О вас ничего не хранится.
forget-done = Согласие отозвано, ваш профиль удалён. Записи в журнале регистрации обращений школа хранит по закону. Чтобы вернуться, отправьте /start.
forget-confirm = Удалить ваши персональные данные? Будут удалены профиль, связи с учениками, настройки и тексты ваших обращений и сообщений; открытые обращения будут закрыты. В журнале регистрации обращений останутся только сведения для статистики, без вашего имени. Отменить удаление будет нельзя.
forget-yes = 🗑 Удалить мои данные
forget-no = Не удалять
forget-kept = Данные не удалены.

mydata-title = <b>Что бот хранит о вас</b>
mydata-id = Telegram ID: { $id }
mydata-language-ru = Язык: русский
mydata-language-en = Язык: английский
mydata-role = Роль: { $role ->
    [parent] родитель
    [student] ученик
    [teacher] учитель
    [class_teacher] классный руководитель
   *[administration] администрация
}
mydata-name = ФИО: { $name }
mydata-class = Класс: { $klass }
mydata-consent = Согласие на обработку персональных данных дано: { $at }
mydata-no-profile = Профиля нет: согласие на обработку персональных данных не дано или отозвано.
mydata-links-title = <b>Связи с учениками</b>
mydata-link-parent = • Ваш ребёнок. Ученик: { $name }, класс: { $klass }
mydata-link-student = • Это вы. Ученик: { $name }, класс: { $klass }
mydata-requests-title = <b>{ $n ->
    [one] { $n } обращение
    [few] { $n } обращения
   *[many] { $n } обращений
}</b>
mydata-request = • № { $number } от { $date }, статус: { $status ->
    [new] в очереди
    [assigned] передано специалисту
    [in_progress] в работе
    [waiting] ждёт вашего ответа
    [resolved] решено
   *[closed] закрыто
}
mydata-request-text =   Текст: { $text }
mydata-message-in =   — от вас, { $at }: { $text }
mydata-message-out =   — от школы, { $at }: { $text }
mydata-message-in-file =   — от вас, { $at }: вложение
mydata-message-out-file =   — от школы, { $at }: вложение
mydata-complaints = Жалобы на работу специалистов: { $n }
mydata-marks-views = Записи о просмотре отметок: { $n }
mydata-mutes = Виды объявлений, которые вы не получаете: { $n }
mydata-file-hint = Все данные целиком — файлом по кнопке ниже. Удалить их можно командой /forget.
mydata-file-button = 📄 Получить файлом
mydata-file-caption = Все данные о вас, которые хранит бот.
cmd-mydata = Что бот хранит обо мне
