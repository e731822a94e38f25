"""Who may act for which class: the rule behind /invite, /optout, /optouts, /import, /printout.

An administrator acts for every class; a class teacher for their own classes (the school file's
`class_teachers`); anyone else for none. Handlers build a `ClassScope` for the person writing
and ask it; the texts of a refusal stay with the handlers.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.school import SchoolConfig
from bot.domain.validation import Invalid, normalize_class


@dataclass(frozen=True, slots=True)
class ClassScope:
    is_admin: bool
    own: tuple[str, ...]  # the classes this person is class teacher of, in the school file's order

    @classmethod
    def of(cls, school: SchoolConfig, telegram_id: int, *, is_admin: bool) -> ClassScope:
        return cls(is_admin=is_admin, own=tuple(school.classes_of_teacher(telegram_id)))

    def may_invite(self) -> bool:
        """May issue invitations, record opt-outs, import marks, print: an administrator or a
        class teacher of at least one class."""
        return self.is_admin or bool(self.own)

    def allowed_classes(self) -> list[str] | None:
        """The classes this person acts for; None: every class (an administrator)."""
        return None if self.is_admin else list(self.own)

    def covers(self, klass: str) -> bool:
        return self.is_admin or klass in self.own

    def single_own_class(self) -> str | None:
        """A class teacher of exactly one class is not asked which class (their own)."""
        return self.own[0] if len(self.own) == 1 and not self.is_admin else None

    def checked_class(self, text: str) -> str | Invalid:
        """A class as typed: normalised, and for a class teacher one of their own."""
        klass = normalize_class(text)
        if klass is None:
            return Invalid("form-error-class", {})
        if not self.covers(klass):
            return Invalid("invite-not-your-class", {"klass": klass})
        return klass
