## /mydata and /forget: what the bot keeps about a person, and deleting it

forget-nothing = Nothing about you is stored.
forget-done = Consent withdrawn, your profile is deleted. The school keeps the entries of the register of requests as the law requires. To come back, send /start.
forget-confirm = Delete your personal data? Your profile, links to students, settings and the texts of your requests and messages will be deleted; open requests will be closed. The register of requests keeps only what the statistics need, without your name. This cannot be undone.
forget-yes = 🗑 Delete my data
forget-no = Keep it
forget-kept = Your data has not been deleted.

mydata-title = <b>What the bot keeps about you</b>
mydata-id = Telegram ID: { $id }
mydata-language-ru = Language: Russian
mydata-language-en = Language: English
mydata-role = Role: { $role ->
    [parent] parent
    [student] student
    [teacher] teacher
    [class_teacher] class teacher
   *[administration] administration
}
mydata-name = Full name: { $name }
mydata-class = Class: { $klass }
mydata-consent = Consent to the processing of personal data given: { $at }
mydata-no-profile = No profile: consent to the processing of personal data was not given or was withdrawn.
mydata-links-title = <b>Links to students</b>
mydata-link-parent = • Your child. Student: { $name }, class: { $klass }
mydata-link-student = • You. Student: { $name }, class: { $klass }
mydata-requests-title = <b>{ $n ->
    [one] { $n } request
   *[other] { $n } requests
}</b>
mydata-request = • No. { $number } of { $date }, status: { $status ->
    [new] in the queue
    [assigned] passed to a specialist
    [in_progress] in progress
    [waiting] waiting for your answer
    [resolved] resolved
   *[closed] closed
}
mydata-request-text =   Text: { $text }
mydata-message-in =   — from you, { $at }: { $text }
mydata-message-out =   — from the school, { $at }: { $text }
mydata-message-in-file =   — from you, { $at }: attachment
mydata-message-out-file =   — from the school, { $at }: attachment
mydata-complaints = Complaints about specialists' work: { $n }
mydata-marks-views = Records of reading the marks: { $n }
mydata-mutes = Kinds of announcements you do not receive: { $n }
mydata-file-hint = All of it as a file: the button below. To delete it: /forget.
mydata-file-button = 📄 Get it as a file
mydata-file-caption = All the data the bot keeps about you.
cmd-mydata = What the bot keeps about me
