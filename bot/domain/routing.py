"""Where a request goes (R2.3): a fitting specialist on duty now, or the next fitting slot."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.timetable import SlotOccurrence, Timetable


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    specialist_id: str  # who serves (the substitute when substituted)
    slot: SlotOccurrence
    immediate: bool  # on duty now; otherwise queued until slot.start


def route_request(
    area: str,
    now: datetime,
    timetable: Timetable,
    open_counts: Mapping[str, int],
    *,
    exclude: Collection[str] = (),
) -> RoutingDecision | None:
    """On duty now: the fewest open requests, then the slot ending latest, then config order.
    Nobody on duty: the earliest next slot (ties: fewest open, then config order)."""
    order = {spec.id: n for n, spec in enumerate(timetable.school.specialists)}
    on_duty = [o for o in timetable.on_duty(now, area=area) if o.specialist_id not in exclude]
    if on_duty:
        best = min(on_duty, key=lambda o: (open_counts.get(o.specialist_id, 0), -o.end.timestamp(), order[o.scheduled_id]))
        return RoutingDecision(best.specialist_id, best, immediate=True)
    moment = now
    for _ in range(60):  # skip slots of excluded people, week by week
        upcoming = timetable.occurrences(moment, moment + timedelta(days=14), area=area)
        upcoming = [o for o in upcoming if o.start > now and o.specialist_id not in exclude]
        if upcoming:
            first_start = upcoming[0].start
            same_time = [o for o in upcoming if o.start == first_start]
            best = min(same_time, key=lambda o: (open_counts.get(o.specialist_id, 0), order[o.scheduled_id]))
            return RoutingDecision(best.specialist_id, best, immediate=False)
        moment += timedelta(days=14)
    return None


def escalation_targets(
    area: str, now: datetime, timetable: Timetable, open_counts: Mapping[str, int], tried: Collection[str]
) -> RoutingDecision | None:
    """The next fitting specialist on duty now who has not had it yet; None → the administrators."""
    order = {spec.id: n for n, spec in enumerate(timetable.school.specialists)}
    candidates = [o for o in timetable.on_duty(now, area=area) if o.specialist_id not in tried]
    if not candidates:
        return None
    best = min(candidates, key=lambda o: (open_counts.get(o.specialist_id, 0), order[o.scheduled_id]))
    return RoutingDecision(best.specialist_id, best, immediate=True)


def next_holder(
    current: str,
    area: str,
    now: datetime,
    timetable: Timetable,
    open_counts: Mapping[str, int],
    tried: Collection[str],
    *,
    skip: Collection[str] = (),
    is_specialist: bool,
    admins: str | None,
    head: str | None,
) -> str | None:
    """Who gets a request that `current` cannot see (Telegram refused their card): along the
    chain specialist → another fitting specialist on duty → the administrators → the head.
    `skip`: specialists known to be unreachable (never tried again); `admins` / `head`: their
    ids when they can be reached, else None. None: nobody further along can be reached."""
    if is_specialist:
        decision = escalation_targets(area, now, timetable, open_counts, {*tried, *skip, current})
        if decision is not None:
            return decision.specialist_id
        if admins is not None and admins != current:
            return admins
    if head is not None and head != current:
        return head
    return None
