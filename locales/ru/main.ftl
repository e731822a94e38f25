## Onboarding: greeting, consent, role

start-greeting = Здравствуйте! Это бот поддержки по работе с электронным журналом «ЭлЖур» — <b>{ $school }</b>.
    Здесь можно задать вопрос, сообщить о проблеме или внести предложение: обращение попадёт к специалисту, который ведёт консультации по графику.
start-welcome-back = С возвращением!
consent-text = <b>Согласие на обработку персональных данных</b> (152-ФЗ)
    Чтобы принять ваше обращение, бот хранит: ваш Telegram ID, язык, роль, ФИО, класс (для родителей и учащихся), текст обращений и вложения, а также переписку по ним. Данные используются только для ответа на ваши обращения и ведения журнала регистрации обращений школы, хранятся на сервере школы и никому не передаются.
    Отозвать согласие можно в любой момент командой /forget.
consent-button-accept = ✅ Согласен(на)
consent-button-decline = Не согласен(на)
consent-thanks = Спасибо, согласие записано.
consent-declined = Без согласия бот не может принять обращение. Вы можете обратиться лично или по электронной почте.
consent-required = Сначала нужно дать согласие на обработку данных: отправьте /start.
role-question = Кто вы? Выберите роль — от неё зависит, какие сведения понадобятся для обращения.
role-parent = Родитель
role-student = Учащийся
role-teacher = Учитель
role-class-teacher = Классный руководитель
role-administration = Администрация
role-chosen = Роль: <b>{ $role }</b>. Изменить её можно командой /role.
button-outdated = Эта кнопка устарела. Отправьте /start или /help.

## Language

lang-switch-to-ru = 🇷🇺 Русский
lang-switch-to-en = 🇬🇧 English
lang-question = Выберите язык.
lang-changed = Язык: русский.

## Help

help-everyone = <b>Что умеет бот</b>
    /help — эта справка
    /schedule — график консультаций специалистов
    /duty — кто дежурит сейчас и кто следующий
    /language — язык (русский / English)
    /privacy — какие данные хранятся
    /forget — отозвать согласие и удалить свои данные
    /cancel — прервать текущее действие
    /id — ваш Telegram id
help-requester = <b>Обращения</b>
    /new — новое обращение (вопрос, замечание, предложение)
    /my — мои обращения
    /role — изменить роль
    /children — мои дети (связь по коду приглашения: /link КОД)
help-specialist = <b>Для специалиста</b>
    /queue — мои обращения и очередь
    Карточки новых обращений приходят сюда с кнопками «Взять», «Ответить», «Передать», «Решено».
help-class-teacher = <b>Для классного руководителя</b>
    /invite — приглашение для родителя ученика
    /optout — записать отказ от электронного дневника, /optouts — реестр
help-admin = <b>Для администрации</b>
    /register — журнал регистрации обращений и выгрузка
    /substitute — назначить замену специалисту
    /staff — сотрудники: кто подключён, ссылки для подключения
    /reload — перечитать файл школы без перезапуска
help-no-consent = Чтобы отправить обращение, начните с /start.

## In person (R1.5)

in-person-title = <b>Лично — в часы консультаций:</b>
in-person-line = • { $day } { $start }–{ $end }, каб. { $room } — { $name }
in-person-email = Электронная почта: { $email }

weekday-mon = Пн
weekday-tue = Вт
weekday-wed = Ср
weekday-thu = Чт
weekday-fri = Пт
weekday-sat = Сб
weekday-sun = Вс

## Privacy

privacy-text = <b>Ваши данные</b>
    Хранятся: Telegram ID, язык, роль, ФИО, класс, обращения с вложениями и переписка по ним, оценки ваших детей (для родителей, подписанных на еженедельные сводки).
    Зачем: ответ на ваши обращения, журнал регистрации обращений школы, еженедельное информирование родителей об успеваемости.
    Где: только на сервере школы. Срок хранения журнала обращений — 5 лет.
privacy-consent-none = Согласие не давалось, данные не хранятся.
privacy-consent-at = Согласие дано: { $at }.

## Cancel, fallback, errors

cancel-done = Действие отменено. Всё, что было отправлено раньше, сохранено.
cancel-nothing = Сейчас нечего отменять.
fallback-text = Не понял сообщение. Список команд — /help.
fallback-unsupported = Такой тип сообщения бот не принимает. Можно отправить текст, фото или документ.
error-generic = Что-то пошло не так. Уже введённые данные сохранены — попробуйте ещё раз чуть позже.

## Command menu

cmd-start = Начать
cmd-help = Справка
cmd-new = Новое обращение
cmd-my = Мои обращения
cmd-schedule = График консультаций
cmd-duty = Кто дежурит сейчас
cmd-language = Язык
cmd-privacy = Мои данные
cmd-cancel = Отменить действие


## Links between parents and children (R6.5)

link-ok = ✅ Готово: вы связаны с учеником <b>{ $name }</b>, { $klass }. Сводки об успеваемости будут приходить сюда.
link-already = Вы уже связаны с учеником { $name }, { $klass }.
link-unknown = Такого кода приглашения нет. Проверьте код или попросите классного руководителя выдать новый.
link-expired = Срок действия этого приглашения истёк. Попросите классного руководителя выдать новое.
link-used = Это приглашение уже использовано. Каждый код действует один раз — попросите новый.
link-throttled = Слишком много неверных попыток. Попробуйте снова через час.
link-usage = Отправьте код приглашения так: /link КОД
children-title = <b>Ваши дети:</b>
children-line = • { $name }, { $klass }
children-none = Вы пока не связаны ни с одним учеником. Код приглашения выдаёт классный руководитель.
invite-only-teachers = Приглашения выдают классные руководители и администрация.
invite-ask-name = Приглашение для родителя. Напишите <b>ФИО ученика</b>.
invite-not-your-class = Класс { $klass } — не ваш. Приглашения выдаются для учеников своего класса.
invite-issued = Приглашение для родителя ученика <b>{ $name }</b>, { $klass }:
    { $link }
    Код: <code>{ $code }</code> — действует { $days } дн., один раз. Передайте его родителю лично.

## The register of parents who declined the web diary (R5.1)

optout-ask-student = Запись в реестр отказавшихся от электронного дневника. Напишите <b>ФИО ученика</b>.
optout-ask-parent = Напишите <b>ФИО родителя</b> (законного представителя), подавшего заявление.
optout-ask-date = Дата письменного заявления (ДД.ММ.ГГГГ)?
optout-error-date = Дата пишется так: 20.11.2026, и не позже сегодняшнего дня.
optout-ask-channel = Как информировать родителя еженедельно?
optout-channel-telegram = Через этого бота
optout-channel-paper = Распечатка (бумага)
optout-saved = ✅ В реестре: { $parent } — родитель ученика { $student }, { $klass }; заявление от { $date }; форма информирования: { $channel }.
optout-duplicate = Это заявление уже есть в реестре: { $parent }, { $student }, { $klass }, от { $date }.
optouts-title = <b>Реестр отказавшихся от электронного дневника</b> ({ $count }):
optouts-line = • { $klass } { $student } — { $parent }, заявление от { $date }, { $channel }
optouts-none = В реестре пока никого нет.

## Weekly summaries for parents (R5.1–R5.5)
summary-title = 📘 <b>Успеваемость: { $name }, { $klass }</b>
    Неделя { $start }–{ $end } · { $period }
summary-forecast-title = 🔮 <b>Прогноз отметок за период «{ $period }»: { $name }, { $klass }</b>
    По отметкам на { $end }. Итоговые отметки выставит учитель; прогноз показывает, к чему ведут текущие отметки.
summary-overall = За неделю отметок: { $marks }, средний балл по предметам: { $average }, пропусков: { $absences }.
summary-no-marks = За этот период отметок пока нет.
summary-subject = <b>{ $subject }</b> — средний балл { $average }{ $change }{ $forecast }
summary-forecast = , прогноз «{ $mark }»
summary-week-marks = Отметки за неделю: { $marks }
summary-absences = Пропуски: { $list }
summary-too-few = ⚠️ Для отметки за период нужно не меньше { $need } отметок, сейчас { $count }.
summary-footer = Средний балл — взвешенный, с начала периода. Нажмите «Ознакомлен(а)», когда прочитаете.
summary-button-ack = ✅ Ознакомлен(а)
summary-button-chart = 📊 График
summary-ack-thanks = Спасибо, отмечено.
summary-acked = ✅ Ознакомлен(а)
summary-not-yours = Эта сводка не о вашем ребёнке.
summary-chart-none = Для графика пока мало отметок.
absence-absent = н (отсутствие)
absence-ill = б (болезнь)
absence-valid = у (уважительная причина)
absence-late = оп (опоздание)
summary-unreachable = ⚠️ Родитель ученика { $name } ({ $klass }) заблокировал бота: еженедельная сводка не доставлена. Нужна распечатка: /printout
summary-progress-weekly = { $done ->
    [yes] ✅ Еженедельные сводки за неделю с { $start } отправлены: { $sent } из { $total }. Заблокировали бота: { $blocked }, ошибки: { $failed }.
   *[no] 📬 Еженедельные сводки за неделю с { $start }: отправлено { $sent } из { $total }, заблокировали бота: { $blocked }, ошибки: { $failed }. Осталось около { $minutes } мин.
}
summary-progress-forecast = { $done ->
    [yes] ✅ Прогнозы отметок отправлены: { $sent } из { $total }. Заблокировали бота: { $blocked }, ошибки: { $failed }.
   *[no] 🔮 Прогнозы отметок: отправлено { $sent } из { $total }, заблокировали бота: { $blocked }, ошибки: { $failed }. Осталось около { $minutes } мин.
}
views-report = 👀 <b>{ $klass }: родители и отметки за { $start }–{ $end }</b> (R5.5: не реже двух раз в неделю)
    Смотрели два раза и чаще:
    { $checked }
    Реже двух раз:
    { $unchecked }

## Marks import (CSV, XLSX) and the printout
import-not-allowed = Это могут делать классные руководители и администраторы.
import-ask-file = Отправьте файл с отметками: CSV или XLSX, первая строка — заголовки (ФИО ученика, Класс, Предмет, Дата, Отметка; по желанию Вес, Учитывается, Вид работы, Урок, Комментарий). Образец: samples/marks-example.csv. Отменить: /cancel
import-try-again = Исправьте файл и отправьте его снова — пока ничего не записано.
import-rejected = Файл не принят: ошибок { $errors } в { $rows } строках. Ничего не записано.
import-row = Строка { $row }:
import-more-errors = …и ещё ошибок: { $count }.
import-done = ✅ Файл принят: строк { $rows } (классы: { $classes }). Новых отметок: { $marks }, новых пропусков: { $absences }, уже были: { $unchanged }. Новых учеников: { $students }.
import-error-too-big = файл больше { $mb } МБ.
import-error-format = нужен файл CSV или XLSX.
import-error-unreadable = файл не читается (повреждён или в неизвестной кодировке).
import-error-empty = в файле нет строк с отметками.
import-error-header = в первой строке не те заголовки. Не хватает: { $missing }. Неизвестные: { $unknown }.
import-error-too-many = в файле больше { $limit } строк; разделите его.
import-error-name = «{ $value }» — не похоже на фамилию и имя ученика.
import-error-class = «{ $value }» — не класс (нужно, например, 5А).
import-error-not-your-class = класс { $value } — не ваш класс.
import-error-subject = «{ $value }» — нет названия предмета (или оно длиннее 80 знаков).
import-error-date = «{ $value }» — не дата (ДД.ММ.ГГГГ).
import-error-mark = «{ $value }» — неизвестная отметка (можно 1–5 с + или −, «3/5», н, б, у, оп, н/а).
import-error-weight = «{ $value }» — вес должен быть числом больше 0 и не больше 10.
import-error-counts = «{ $value }» — в «Учитывается» пишите да или нет.
import-error-lesson = «{ $value }» — номер урока от 1 до 12.
import-error-final = «{ $value }» — итоговая отметка должна быть одной отметкой от 2 до 5 («н/а» итоговой быть не может).
final-title = 🏁 <b>Итоговые отметки: { $name }, { $klass }</b>
final-line = { $subject } — «{ $mark }» ({ $date })
marks-no-children = Вы ещё не связаны с учеником. Попросите приглашение у классного руководителя.
paper-which-class = Укажите класс: /printout 5А (или /printout 5А все — на всех учеников класса).
paper-nobody = В { $klass } нет семей, которые получают отметки на бумаге или не получают их в Telegram. Распечатать на всех: /printout { $klass } все
paper-caption = Отметки { $klass } за неделю: учеников { $count }, по странице на каждого.
