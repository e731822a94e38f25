## Staff: joining by a link (/staff), /id, /reload, the morning list of who cannot be reached

id-yours = Your Telegram id: <code>{ $id }</code>
    It can be written into the school file (telegram_id), but joining by the link an administrator gives out (/staff) is simpler. The bot stored nothing.

staff-joined =
    ✅ You have joined the bot.
    Member of staff: <b>{ $name }</b>{ $position }
    Request cards and notices will come here. Do not block the bot, or messages will not reach you.
staff-join-already =
    This account has already joined.
    Member of staff: <b>{ $name }</b>
staff-join-unknown = This link is not known. Ask the school's administrator for a new one.
staff-join-expired = This link has expired. Ask the school's administrator for a new one.
staff-join-used = Another account has already joined with this link. Each link works once; if this is a mistake, contact the school's administrator.
staff-join-taken =
    This member of staff has already joined from another account. If this is a mistake, contact the school's administrator.
    Member of staff: { $name }
staff-join-other =
    This account has already joined as another member of staff. One account is one person; if this is a mistake, contact the school's administrator.
    The link is for: { $name }
staff-join-throttled = Too many wrong attempts. Try again in an hour.

staff-title = <b>Staff in the school file</b> ({ $count })
staff-role-head = head
staff-role-admin = administrator
staff-role-specialist = specialist
staff-line = { $mark } <b>{ $name }</b> — { $role } · <code>{ $id }</code>
staff-state-ok = joined
staff-state-not-joined = not joined
staff-state-never-wrote = has not written to the bot yet: Telegram does not let a bot write first
staff-state-refused = Telegram does not deliver messages: the bot is blocked or the account deleted
staff-how-file = by the telegram_id in the file
staff-how-link = by a link
staff-seen = last seen { $at }
staff-seen-never = not seen in the bot yet
staff-link = link (until { $until }, once): { $link }
staff-open-bot = ask them to open { $link } and press Start
staff-refused-since = since { $at }
staff-hint = Hand each person their own link. They open it in Telegram and press Start, and they have joined. The links are new: earlier ones work until they expire. Anyone can see their Telegram id with /id. To unbind an account: /staff reset <i>id</i>.
staff-usage = /staff — the staff list and links to join.
    /staff reset <i>id</i> — unbind an account joined by a link (a new phone, a mistake).
staff-reset-done =
    The account is unbound. A new link is in /staff.
    Member of staff: { $name }
staff-reset-none =
    There is no account joined by a link.
    Member of staff: { $name }
staff-reset-unknown = The school file has no member of staff with id <code>{ $id }</code>.

staff-unreachable-title = ⚠️ <b>The bot cannot reach these members of staff ({ $count }):</b>
staff-unreachable-line = • { $name } (<code>{ $id }</code>) — { $state }
staff-unreachable-hint = Requests for them move on along the chain. Links to join are in /staff.

reload-done = ✅ The school file was read again and is in force. Staff: { $people }, areas: { $areas }.
reload-refused = ❌ The school file was not accepted; the running one stays. Fix the mistakes and send /reload again:
    <pre>{ $errors }</pre>
