"""One unit of work: one transaction, and the repositories that work inside it.

    async with UnitOfWork(db) as uow:
        request = await uow.requests.get(rid)
        await uow.outbox.enqueue(chat_id=..., method="SendMessage", payload=..., dedupe_key=...)

Everything done through `uow` between `async with` and its end commits together, or, on any
error, not at all (BEGIN IMMEDIATE … COMMIT, `Database.transaction()`). The repositories are
the process's own instances (`repositories_of(db)`: the users' one keeps a write-through
cache, the links' one the school's limit), not copies: `Database` hands its connection to the
task that holds the transaction, so every repository method the same task calls inside the
block, reads included, runs in this transaction. Statements that take the connection directly
(the repositories' `…_in(conn, …)` helpers) get it as `uow.conn`.

A unit of work is for one update or one job: not shared between tasks, not nested in a way
that expects a separate commit (a nested one joins the outer transaction, as
`Database.transaction()` does). Services take the database (or its `Repositories`) and open
their units of work; handlers call services and never open one themselves.
"""

from __future__ import annotations

import weakref
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING

import aiosqlite

from storage.db import Database

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

    from storage.announcements import AnnouncementRepository
    from storage.backup import BackupRepository
    from storage.courtesy import CourtesyMarks
    from storage.links import LinkRepository, OptOutRepository
    from storage.marks import MarksRepository
    from storage.outbox import OutboxRepository
    from storage.personal_data import PersonalData
    from storage.reach import ReachRepository
    from storage.reports import ReportRepository
    from storage.requests import RequestRepository, SubstitutionRepository
    from storage.staff import StaffRepository
    from storage.summaries import SummaryRepository
    from storage.users import UserRepository


class Repositories:
    """Every repository of one database, each made once, when first asked for."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @cached_property
    def requests(self) -> RequestRepository:
        from storage.requests import RequestRepository

        return RequestRepository(self.db)

    @cached_property
    def substitutions(self) -> SubstitutionRepository:
        from storage.requests import SubstitutionRepository

        return SubstitutionRepository(self.db)

    @cached_property
    def outbox(self) -> OutboxRepository:
        from storage.outbox import OutboxRepository

        return OutboxRepository(self.db)

    @cached_property
    def marks(self) -> MarksRepository:
        from storage.marks import MarksRepository

        return MarksRepository(self.db)

    @cached_property
    def summaries(self) -> SummaryRepository:
        from storage.summaries import SummaryRepository

        return SummaryRepository(self.db)

    @cached_property
    def users(self) -> UserRepository:
        from storage.users import UserRepository

        return UserRepository(self.db)

    @cached_property
    def links(self) -> LinkRepository:
        from storage.links import LinkRepository

        return LinkRepository(self.db)

    @cached_property
    def optouts(self) -> OptOutRepository:
        from storage.links import OptOutRepository

        return OptOutRepository(self.db)

    @cached_property
    def staff(self) -> StaffRepository:
        from storage.staff import StaffRepository

        return StaffRepository(self.db)

    @cached_property
    def reach(self) -> ReachRepository:
        from storage.reach import ReachRepository

        return ReachRepository(self.db)

    @cached_property
    def courtesy(self) -> CourtesyMarks:
        from storage.courtesy import CourtesyMarks

        return CourtesyMarks(self.db)

    @cached_property
    def reports(self) -> ReportRepository:
        from storage.reports import ReportRepository

        return ReportRepository(self.db)

    @cached_property
    def backups(self) -> BackupRepository:
        from storage.backup import BackupRepository

        return BackupRepository(self.db)

    @cached_property
    def announcements(self) -> AnnouncementRepository:
        from storage.announcements import AnnouncementRepository

        return AnnouncementRepository(self.db)

    @cached_property
    def personal_data(self) -> PersonalData:
        from storage.personal_data import PersonalData

        return PersonalData(self.db)


_REGISTRY: weakref.WeakKeyDictionary[Database, Repositories] = weakref.WeakKeyDictionary()


def repositories_of(db: Database) -> Repositories:
    """The one set of repositories of this database (made at the first call)."""
    found = _REGISTRY.get(db)
    if found is None:
        found = _REGISTRY[db] = Repositories(db)
    return found


class UnitOfWork:
    """`async with UnitOfWork(db) as uow:` one transaction; `uow.requests`, `uow.outbox`, … in it."""

    def __init__(self, source: Database | Repositories) -> None:
        self.repositories = source if isinstance(source, Repositories) else repositories_of(source)
        self.db = self.repositories.db
        self._transaction: AbstractAsyncContextManager[aiosqlite.Connection] | None = None
        self._conn: aiosqlite.Connection | None = None

    async def __aenter__(self) -> UnitOfWork:
        if self._transaction is not None:
            raise RuntimeError("a unit of work is entered once")
        self._transaction = self.db.transaction()
        self._conn = await self._transaction.__aenter__()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool | None:
        transaction, self._transaction, self._conn = self._transaction, None, None
        assert transaction is not None
        return await transaction.__aexit__(kind, error, trace)

    @property
    def conn(self) -> aiosqlite.Connection:
        """The transaction's connection, for the repositories' `…_in(conn, …)` helpers."""
        if self._conn is None:
            raise RuntimeError("the unit of work is not entered (async with UnitOfWork(db) as uow)")
        return self._conn

    @property
    def requests(self) -> RequestRepository:
        return self.repositories.requests

    @property
    def substitutions(self) -> SubstitutionRepository:
        return self.repositories.substitutions

    @property
    def outbox(self) -> OutboxRepository:
        return self.repositories.outbox

    @property
    def marks(self) -> MarksRepository:
        return self.repositories.marks

    @property
    def summaries(self) -> SummaryRepository:
        return self.repositories.summaries

    @property
    def users(self) -> UserRepository:
        return self.repositories.users

    @property
    def links(self) -> LinkRepository:
        return self.repositories.links

    @property
    def optouts(self) -> OptOutRepository:
        return self.repositories.optouts

    @property
    def staff(self) -> StaffRepository:
        return self.repositories.staff

    @property
    def reach(self) -> ReachRepository:
        return self.repositories.reach

    @property
    def courtesy(self) -> CourtesyMarks:
        return self.repositories.courtesy

    @property
    def reports(self) -> ReportRepository:
        return self.repositories.reports

    @property
    def backups(self) -> BackupRepository:
        return self.repositories.backups

    @property
    def announcements(self) -> AnnouncementRepository:
        return self.repositories.announcements

    @property
    def personal_data(self) -> PersonalData:
        return self.repositories.personal_data
