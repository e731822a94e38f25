## The courtesy rule: warnings, marks of conduct violations and their removal

outcome-courtesy-breach = прекращено: нарушение норм общения
mine-courtesy-ended = Консультация по обращению № { $number } прекращена из-за нарушения норм общения (регламент школы, п. 5). Вы можете подать новое обращение, соблюдая корректный тон.
courtesy-warning = Просим соблюдать корректный тон: оскорбления и нецензурные выражения не допускаются (регламент школы, п. 5). Сообщение сохранено и отмечено.
courtesy-supervisor-report = ⚠️ Специалист { $specialist } прекратил консультацию по обращению № { $number } из-за нарушения норм общения заявителем ({ $requester }). Отметок о нарушениях: { $marks }.
card-courtesy = ⚠️ Отметок о нарушении норм общения: { $count }
card-button-courtesy-end = ⛔ Прекратить: нарушение норм общения
card-courtesy-ended-ok = Консультация прекращена, руководитель уведомлён.
register-col-courtesy = Нарушения норм общения
