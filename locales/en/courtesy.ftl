## The courtesy rule: warnings, marks of conduct violations and their removal

outcome-courtesy-breach = ended: breach of courtesy
mine-courtesy-ended = The consultation on request No. { $number } was ended because of a breach of courtesy (school rules, §5). You may file a new request in a correct tone.
courtesy-warning = Please keep a correct tone: insults and obscenities are not allowed (school rules, §5). The message is kept and marked.
courtesy-supervisor-report = ⚠️ Specialist { $specialist } ended the consultation on request No. { $number } because the requester ({ $requester }) breached courtesy. Courtesy marks: { $marks }.
card-courtesy = ⚠️ Courtesy marks: { $count }
card-button-courtesy-end = ⛔ End: breach of courtesy
card-courtesy-ended-ok = Consultation ended, your supervisor has been told.
register-col-courtesy = Courtesy marks
