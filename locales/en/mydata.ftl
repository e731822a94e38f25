## /mydata and /forget: what the bot keeps about a person, and deleting it

forget-nothing = Nothing about you is stored.
forget-done = Consent withdrawn, your profile is deleted. The school keeps the entries of the register of requests as the law requires. To come back, send /start.
