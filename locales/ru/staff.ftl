## Staff: joining by a link (/staff), /id, /reload, the morning list of who cannot be reached

id-yours = Ваш Telegram id: <code>{ $id }</code>
    Его можно вписать в файл школы (telegram_id), но проще подключиться по ссылке, которую выдаёт администратор (/staff). Бот ничего не сохранил.

staff-joined = ✅ Вы подключены к боту как <b>{ $name }</b>{ $position }.
    Сюда будут приходить карточки обращений и уведомления. Не блокируйте бота, иначе сообщения до вас не дойдут.
staff-join-already = Этот аккаунт уже подключён как <b>{ $name }</b>.
staff-join-unknown = Ссылка не найдена. Попросите администратора школы прислать новую.
staff-join-expired = Срок действия ссылки истёк. Попросите администратора школы прислать новую.
staff-join-used = По этой ссылке уже подключился другой аккаунт. Каждая ссылка действует один раз; если это ошибка, обратитесь к администратору школы.
staff-join-taken = { $name } уже подключается к боту с другого аккаунта. Если это ошибка, обратитесь к администратору школы.
staff-join-other = Этот аккаунт уже подключён как другой сотрудник: { $name }. Один аккаунт — один человек; если это ошибка, обратитесь к администратору школы.
staff-join-throttled = Слишком много неверных попыток. Попробуйте снова через час.

staff-title = <b>Сотрудники по файлу школы</b> ({ $count })
staff-role-head = директор
staff-role-admin = администратор
staff-role-specialist = специалист
staff-line = { $mark } <b>{ $name }</b> — { $role } · <code>{ $id }</code>
staff-state-ok = подключён(а)
staff-state-not-joined = не подключён(а)
staff-state-never-wrote = ещё не писал(а) боту: Telegram не даст боту написать первым
staff-state-refused = Telegram не доставляет сообщения: бот заблокирован или аккаунт удалён
staff-how-file = по telegram_id в файле
staff-how-link = по ссылке
staff-seen = был(а) в боте { $at }
staff-seen-never = в боте ещё не был(а)
staff-link = ссылка (до { $until }, один раз): { $link }
staff-open-bot = попросите открыть { $link } и нажать «Старт»
staff-refused-since = с { $at }
staff-hint = Передайте каждому его ссылку лично. Человек открывает её в Telegram и нажимает «Старт» — и подключён. Ссылки выданы заново: прежние действуют до своего срока. Свой Telegram id любой может узнать командой /id. Отвязать аккаунт: /staff reset <i>id</i>.
staff-usage = /staff — список сотрудников и ссылки для подключения.
    /staff reset <i>id</i> — отвязать аккаунт, подключённый по ссылке (новый телефон, ошибка).
staff-reset-done = Аккаунт отвязан от { $name }. Новая ссылка — в /staff.
staff-reset-none = У { $name } нет аккаунта, подключённого по ссылке.
staff-reset-unknown = В файле школы нет сотрудника с id <code>{ $id }</code>.

staff-unreachable-title = ⚠️ <b>До этих сотрудников бот не может достучаться ({ $count }):</b>
staff-unreachable-line = • { $name } (<code>{ $id }</code>) — { $state }
staff-unreachable-hint = Обращения для них уходят дальше по цепочке. Ссылки для подключения — в /staff.

reload-done = ✅ Файл школы перечитан и действует: сотрудников — { $people }, направлений — { $areas }.
reload-refused = ❌ Файл школы не принят, работает прежний. Исправьте ошибки и повторите /reload:
    <pre>{ $errors }</pre>
