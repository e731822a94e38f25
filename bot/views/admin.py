"""What the administrators read about the bot itself and the school's records: /status and the
alerts of failing background work (bot/services/status.py), the backups' answers and notices
(bot/services/backup.py), the list of staff who cannot be reached (bot/services/staffing.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.scheduler.supervisor import LoopState
from bot.services.backup import BackupFailed, BackupMissing, BackupResult, BackupStatus
from bot.services.staffing import Reachability, RosterLine, StaffUnreachable
from bot.services.status import LoopBack, LoopFailing, StatusReport
from bot.views.present import Views, Worded, words
from bot.views.render import local
from bot.views.summaries import journal_status_lines
from storage.audit import AuditEntry
from storage.backup import LastGood

if TYPE_CHECKING:
    from bot.services.people import Directory

# --- /status and the alerts --------------------------------------------------------------------

# Known loops and what they do, in the administrators' words; others are shown by name.
TITLES = {
    "outbox": "status-name-outbox",
    "helpdesk-timers": "status-name-helpdesk-timers",
    "summaries": "status-name-summaries",
    "journal-pull": "status-name-journal-pull",
    "substitutions-reload": "status-name-substitutions-reload",
    "database": "status-name-database",
    "watch": "status-name-watch",
    "morning-list-of-staff": "status-name-morning-list-of-staff",
    "backup": "records-status-name-backup",
    "retention": "records-status-name-retention",
}


def title(name: str, t: Translator) -> str:
    key = TITLES.get(name)
    return f"{t(key)} ({name})" if key else name


def age(seconds: float, t: Translator) -> str:
    seconds = max(0, int(seconds))
    if seconds < 90:
        return t("status-age-seconds", n=seconds)
    if seconds < 90 * 60:
        return t("status-age-minutes", n=round(seconds / 60))
    hours, minutes = divmod(round(seconds / 60), 60)
    return t("status-age-hours", h=hours, m=minutes)


def _at(moment: float, now: float, tz: ZoneInfo) -> str:
    """The time of day, with the date when it was not today."""
    local = datetime.fromtimestamp(moment, tz)
    today = datetime.fromtimestamp(now, tz).date()
    return local.strftime("%H:%M:%S") if local.date() == today else local.strftime("%d.%m %H:%M:%S")


def status_text(report: StatusReport, t: Translator) -> str:
    """The answer to /status."""
    now, tz = report.now, report.tz
    lines = [t("status-title", time=_at(now, now, tz)), ""]
    lines += [_loop_line(state, t, now, tz) for state in report.loops]
    lines.append("")
    if report.backlog is None:
        lines.append(t("status-queue-unknown", error=report.backlog_error or ""))
    elif report.backlog.waited is None:
        lines.append(t("status-queue-empty"))
    else:
        lines.append(t("status-queue", count=report.backlog.depth, age=age(report.backlog.waited, t)))
    if report.db_trouble is None:
        lines.append(t("status-db-ok"))
    else:
        since, problem = report.db_trouble
        lines.append(t("status-db-trouble", since=_at(since, now, tz), error=problem))
    if report.backup is not None:
        lines.append(backup_status_line(report.backup, t))
    elif report.backup_error is not None:
        lines.append(t("records-status-backup-unknown", error=report.backup_error))
    if report.journal is not None:
        lines.extend(journal_status_lines(report.journal, t))  # the journal's own words
    return "\n".join(lines)


def _loop_line(state: LoopState, t: Translator, now: float, tz: ZoneInfo) -> str:
    name = title(state.name, t)
    success = (t("status-success", at=_at(state.last_success, now, tz), ago=age(now - state.last_success, t))
               if state.last_success is not None else t("status-never"))
    if state.failing_since is not None:
        line = t("status-loop-failing", name=name, since=_at(state.failing_since, now, tz), count=state.failures,
                 error=state.last_error or "", success=success)
    elif state.last_success is None:
        line = t("status-loop-waiting", name=name)
    else:
        line = t("status-loop-ok", name=name, success=success)
        if state.last_error_at is not None:
            line += "\n   " + t("status-loop-last-error", at=_at(state.last_error_at, now, tz),
                                  error=state.last_error or "")
    if state.restarts:
        line += "\n   " + t("status-loop-restarts", count=state.restarts)
    return line


@words(LoopFailing)
def _loop_failing(n: LoopFailing, v: Views) -> Worded:
    t = v.t(n.lang)
    return t("status-alert-failing", name=title(n.loop, t), since=_at(n.since, n.now, n.tz), error=n.error), None


@words(LoopBack)
def _loop_back(n: LoopBack, v: Views) -> Worded:
    t = v.t(n.lang)
    return t("status-alert-back", name=title(n.loop, t)), None


# --- backups -----------------------------------------------------------------------------------


def ago(span: timedelta, t: Translator) -> str:
    seconds = max(0, int(span.total_seconds()))
    if seconds < 3600:
        return t("records-ago-minutes", n=seconds // 60)
    if seconds < 2 * 86400:
        return t("records-ago-hours", n=seconds // 3600)
    return t("records-ago-days", n=seconds // 86400)


def backup_status_line(status: BackupStatus, t: Translator) -> str:
    """The backups' line of /status."""
    if not status.configured:
        return t("records-status-backup-off")
    last = status.last
    if last is None:
        return t("records-status-backup-none")
    line = t("records-status-backup", ago=ago(status.now - last.at, t), copies=last.copies,
             at=local(last.at, status.tz))
    if status.overdue:
        line = "⚠️ " + line
    return line


def missing_text(t: Translator, last: LastGood | None, now: datetime, tz: ZoneInfo) -> str:
    if last is None:
        return t("records-backup-missing-never")
    return t("records-backup-missing", ago=ago(now - last.at, t), at=local(last.at, tz))


def result_text(t: Translator, result: BackupResult) -> str:
    """The answer to /backup, and the administrators' notice of a failed run."""
    if not result.copies:
        return t("records-backup-failed-no-folders")
    lines = [t("records-backup-done") if result.ok else t("records-backup-failed")]
    for copy in result.copies:
        if copy.ok:
            lines.append(t("records-backup-line-ok", folder=copy.folder, file=copy.path.name if copy.path else "",
                           requests=copy.requests or 0))
        else:
            lines.append(t("records-backup-line-failed", folder=copy.folder, error=copy.error or ""))
    if not result.ok:
        lines.append(t("records-backup-failed-hint"))
    return "\n".join(lines)


@words(BackupFailed)
def _backup_failed(n: BackupFailed, v: Views) -> Worded:
    return result_text(v.t(n.lang), n.result), None


@words(BackupMissing)
def _backup_missing(n: BackupMissing, v: Views) -> Worded:
    return missing_text(v.t(n.lang), n.last, n.now, n.tz), None


# --- staff who cannot be reached ---------------------------------------------------------------


def unreachable_line(t: Translator, line: RosterLine) -> str:
    return t("staff-unreachable-line", name=line.person.name, id=line.person.id,
             state=t(f"staff-state-{line.state.value}"))


@words(StaffUnreachable)
def _staff_unreachable(n: StaffUnreachable, v: Views) -> Worded:
    t = v.t(n.lang)
    lines = [t("staff-unreachable-title", count=len(n.missing))]
    lines += [unreachable_line(t, line) for line in n.missing]
    lines.append(t("staff-unreachable-hint"))
    return "\n".join(lines), None


# --- /audit ------------------------------------------------------------------------------------


def _who(entry: AuditEntry, t: Translator, directory: Directory) -> str:
    if entry.actor_id is None:
        return t("records-audit-who-console")
    person = directory.person_for_chat(entry.actor_id)
    return person.name if person is not None else t("records-audit-who-id", id=entry.actor_id)


def audit_text(entries: list[AuditEntry], t: Translator, directory: Directory, tz: ZoneInfo) -> str:
    """The answer to /audit: the newest entries first."""
    lines = [t("records-audit-title", count=len(entries))]
    for entry in entries:
        args = {"at": local(entry.at, tz), "who": _who(entry, t, directory),
                "action": t("records-audit-action-" + entry.action.replace("_", "-"))}
        lines.append(t("records-audit-line", subject=entry.subject, **args) if entry.subject
                     else t("records-audit-line-plain", **args))
    return "\n\n".join([lines[0], *lines[1:]])


# --- /staff ------------------------------------------------------------------------------------

MARKS = {Reachability.OK: "✅", Reachability.NOT_JOINED: "⏳", Reachability.NEVER_WROTE: "⚠️",
         Reachability.REFUSED: "⛔"}


def roster_text(t: Translator, roster: list[RosterLine], tz: ZoneInfo, *, bot_name: str, codes: dict[str, str],
                until: datetime) -> str:
    """The answer to /staff: everyone of the school file, how they stand with the bot, and a
    link (`codes`: the invitation codes by person) for those who have not joined."""
    bot_link = f"https://t.me/{bot_name}"
    day = until.astimezone(tz).strftime("%d.%m.%Y")
    lines = [t("staff-title", count=len(roster))]
    for line in roster:
        code = codes.get(line.person.id)
        link = f"{bot_link}?start={code}" if code else None
        lines.append(roster_line(t, line, tz, link=link, until=day, bot_link=bot_link))
    lines.append(t("staff-hint"))
    return "\n".join(lines)


def roster_line(t: Translator, line: RosterLine, tz: ZoneInfo, *, link: str | None, until: str,
                bot_link: str) -> str:
    person = line.person
    head = t("staff-line", mark=MARKS[line.state], name=person.name, role=t(f"staff-role-{person.role.value}"),
             id=person.id)
    details: list[str] = []
    if line.state is Reachability.NOT_JOINED:
        details.append(t("staff-state-not-joined"))
        if link:
            details.append(t("staff-link", link=link, until=until))
    else:
        details.append(t("staff-how-link") if line.by_link else t("staff-how-file"))
        if line.state is Reachability.NEVER_WROTE:
            details.append(t("staff-state-never-wrote"))
            details.append(t("staff-open-bot", link=bot_link))
        elif line.state is Reachability.REFUSED:
            details.append(t("staff-state-refused"))
        if line.last_seen is not None:
            details.append(t("staff-seen", at=local(line.last_seen, tz)))
        elif line.state is Reachability.OK:
            details.append(t("staff-seen-never"))
    return head + "\n    " + "; ".join(details)
