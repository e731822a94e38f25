-- The lesson's topic ЭлЖур gives with each mark (`lesson_comment`), kept with the mark: the
-- mark's own `comment` is a remark about the answer, the lesson comment says what the lesson
-- was about. NULL for marks from a file and for marks stored before.
ALTER TABLE marks ADD COLUMN lesson_comment TEXT;
