## School announcements: sending by the administration, and choosing what to receive

announce-ask-kind = 📣 <b>New announcement.</b> Choose its kind.
announce-kind-training = Staff training
announce-kind-timetable = Change of the consultation timetable
announce-kind-period-end = End of a marking period
announce-kind-other = Other
announce-ask-audience = Kind: { $kind }. Who should receive it?
announce-audience-staff = All staff
announce-audience-specialists = Specialists
announce-audience-class-teachers = Class teachers
announce-audience-class = Parents of a class
announce-audience-grade = Parents of a grade
announce-audience-everyone = Everyone using the bot
announce-audience-class-of = Parents of the class: { $klass }
announce-audience-grade-of = Parents of the grade: { $klass }
announce-ask-class = Write the class, for example: 5А.
announce-ask-grade = Write the grade, for example: 5.
announce-unknown-class = There is no such class in the school's list. Known classes: { $classes }. Please write the class again.
announce-no-classes = The bot has no classes yet: no parents have been invited.
announce-unknown-grade = There is no such grade among the school's classes. Please write the grade again, for example: 5.
announce-ask-content = Send the announcement as one message. Telegram formatting, a file or a photo with a caption are welcome.
announce-content-refused = An announcement can be text, a file or a photo with a caption. Please send it again.
announce-header-training = 📣 <b>Announcement: staff training</b>
announce-header-timetable = 📣 <b>Announcement: change of the consultation timetable</b>
announce-header-period-end = 📣 <b>Announcement: end of a marking period</b>
announce-header-other = 📣 <b>School announcement</b>
announce-preview-title = 👆 This is how the recipients will see the announcement.
announce-preview-audience = Recipients: { $text }
announce-preview-count = To be sent: { $n ->
    [one] { $n } message
   *[other] { $n } messages
}
announce-preview-muted = Turned this kind off: { $n ->
    [one] { $n } person
   *[other] { $n } people
}
announce-nobody = There is nobody to send it to; the announcement was not sent.
announce-send = 📣 Send
announce-cancel = Cancel
announce-cancelled = The announcement was not sent.
announce-stale = This announcement has already been sent or cancelled. New announcement: /announce.
announce-queued = The announcement is queued: { $n ->
    [one] { $n } recipient
   *[other] { $n } recipients
}. Its progress is in the next message.
announce-progress = { $done ->
    [yes] ✅ Announcement sent: delivered { $sent } of { $total }. Blocked the bot: { $blocked }, could not be sent: { $failed }.
   *[no] 📣 Announcement being sent: delivered { $sent } of { $total }; blocked the bot: { $blocked }, could not be sent: { $failed }.
}
announce-mute-button = 🔕 Do not send me such announcements
announce-muted = Announcements of the kind “{ $kind }” will no longer come. To get them again: /announcements.
announce-unmuted = Announcements of the kind “{ $kind }” will come again.
announce-obligatory = Announcements of the kind “{ $kind }” are obligatory for everyone and cannot be turned off.
announce-settings-title = <b>School announcements</b>
announce-settings-obligatory = 🔔 { $kind }: obligatory, always sent
announce-settings-on = 🔔 { $kind }: you receive them
announce-settings-muted = 🔕 { $kind }: turned off
announce-settings-mute = 🔕 Turn off: { $kind }
announce-settings-unmute = 🔔 Turn on: { $kind }
