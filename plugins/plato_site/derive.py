"""The ``derive`` step: validated content + build date -> everything the pages show.

Facts are computed once here, never typed twice by staff: meetings expanded from the
schedule rule, group statuses, seats left, upcoming lists and the figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from plato_site.errors import ContentError
from plato_site.models import (
    ChangeRecord,
    EventKind,
    Figure,
    FigureMeasure,
    Group,
    GroupKind,
    GroupStatus,
    JoinInfo,
    Network,
    Partner,
    PublicEvent,
    RegionalPhone,
    ScheduleChange,
    Territory,
    Testimonial,
    Venue,
)
from plato_site.posts import SourcedPost
from plato_site.schedule import PARIS, build_date, build_time, schedule_dates
from plato_site.validate import Content, SourcedTerritory

Day = date  # alias: classes below have a field or property named ``date``


# --- meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Meeting:
    """One numbered meeting of a group; its identity is (group id, number), never its date."""

    group_id: str
    number: int
    date: date
    start: time
    end: time
    topic: str | None
    venue: Venue
    original_date: Day | None  # set when the meeting was moved
    original_start: time | None
    cancelled: bool
    cancel_reason: str | None
    change_reason: str | None
    sequence: int  # number of recorded changes (calendar SEQUENCE)
    last_modified: Day  # date of the last recorded change, else the group's publication

    @property
    def moved(self) -> bool:
        return self.original_date is not None or self.original_start is not None

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.date, self.end)


def _default_stamp(group_published: date | None, first: date) -> date:
    # A stable date the data gives: the publication date, else 90 days before the start.
    return group_published or first - timedelta(days=90)


def _changes_stamp(changes: Iterable[ChangeRecord], cancelled: date | None, base: date) -> date:
    stamps = [change.announced for change in changes]
    if cancelled is not None:
        stamps.append(cancelled)
    return max(stamps, default=base)


def expand_meetings(group: Group) -> list[Meeting]:
    count = group.meeting_count
    dates = schedule_dates(group.schedule, count)
    overrides = {override.number: override for override in group.meetings}
    base_stamp = _default_stamp(group.published, dates[0]) if dates else date(2000, 1, 1)
    meetings = []
    changes = sorted(group.schedule_changes, key=lambda change: change.from_meeting)
    for index, planned in enumerate(dates):
        number = index + 1
        override = overrides.get(number)
        topic = group.topics[index] if index < len(group.topics) else None
        start, end, venue = _rule_at(group, changes, number)
        if override is None:
            meetings.append(
                Meeting(
                    group.id, number, planned, start, end, topic, venue,
                    None, None, False, None, None, 0, base_stamp,
                )
            )  # fmt: skip
            continue
        day = override.date or planned
        new_start = override.start_time or start
        previous = override.changes[-1].previous_date if override.changes else None
        original_date = (previous or planned) if day != planned or previous else None
        original_start = start if new_start != start else None
        cancel = override.cancelled
        meetings.append(
            Meeting(
                group_id=group.id,
                number=number,
                date=day,
                start=new_start,
                end=override.end_time or end,
                topic=override.topic or topic,
                venue=override.venue or venue,
                original_date=original_date,
                original_start=original_start,
                cancelled=cancel is not None,
                cancel_reason=cancel.reason if cancel else None,
                change_reason=override.changes[-1].reason if override.changes else None,
                sequence=len(override.changes) + (1 if cancel else 0),
                last_modified=_changes_stamp(
                    override.changes, cancel.announced if cancel else None, base_stamp
                ),
            )
        )
    return meetings


def _rule_at(group: Group, changes: list[ScheduleChange], number: int) -> tuple[time, time, Venue]:
    """Time and venue of meeting ``number`` by the rule: the schedule, then each
    ``schedule_changes`` entry from its meeting on (``changes`` sorted by from_meeting)."""
    start, end, venue = group.schedule.start_time, group.schedule.end_time, group.venue
    for change in changes:
        if change.from_meeting > number:
            break
        start = change.start_time or start
        end = change.end_time or end
        venue = change.venue or venue
    return start, end, venue


# --- groups -----------------------------------------------------------------------------------


@dataclass
class GroupView:
    group: Group
    territory_slug: str
    territory_name: str
    meetings: list[Meeting]
    status: GroupStatus
    today: date

    @property
    def id(self) -> str:
        return self.group.id

    @property
    def first_date(self) -> date:
        return self.meetings[0].date

    @property
    def last_date(self) -> date:
        return max(meeting.date for meeting in self.meetings)

    @property
    def seats_left(self) -> int:
        return max(self.group.capacity.max - self.group.seats_taken, 0)

    @property
    def is_open(self) -> bool:
        """Still to start or running: shown in the "current groups" lists."""
        return self.status is not GroupStatus.FINISHED

    @property
    def accepts_members(self) -> bool:
        return self.status is GroupStatus.RECRUITING

    @cached_property
    def upcoming_meetings(self) -> list[Meeting]:
        return [m for m in self.meetings if m.date >= self.today]

    @cached_property
    def past_meetings(self) -> list[Meeting]:
        return [m for m in self.meetings if m.date < self.today]

    @property
    def next_meeting(self) -> Meeting | None:
        upcoming = [m for m in self.upcoming_meetings if not m.cancelled]
        return upcoming[0] if upcoming else None

    @property
    def held_meetings(self) -> int:
        return sum(1 for m in self.past_meetings if not m.cancelled)


def group_status(group: Group, meetings: list[Meeting], today: date) -> GroupStatus:
    if group.status is not None:
        return group.status
    held = [m.date for m in meetings if not m.cancelled] or [m.date for m in meetings]
    if today > max(held):
        return GroupStatus.FINISHED
    if today >= min(held):
        return GroupStatus.RUNNING
    if group.seats_taken >= group.capacity.max:
        return GroupStatus.FULL
    return GroupStatus.RECRUITING


# Groups a newcomer can join first (recruiting, then full: a wait-list), then running ones.
_OPEN_ORDER = {
    GroupStatus.RECRUITING: 0,
    GroupStatus.FULL: 1,
    GroupStatus.RUNNING: 2,
    GroupStatus.FINISHED: 3,
}


def _newcomers_first(group: GroupView) -> tuple[int, date, str, str]:
    return (_OPEN_ORDER[group.status], group.first_date, group.territory_name, group.id)


# --- public events -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventView:
    event: PublicEvent
    territory_slug: str
    territory_name: str

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def date(self) -> Day:
        return self.event.date

    @property
    def cancelled(self) -> bool:
        return self.event.cancelled is not None

    @property
    def previous_date(self) -> Day | None:
        changes = self.event.changes
        return changes[-1].previous_date if changes else None

    @property
    def sequence(self) -> int:
        return len(self.event.changes) + (1 if self.event.cancelled else 0)

    @property
    def last_modified(self) -> Day:
        base = self.event.published or self.event.date - timedelta(days=60)
        cancel = self.event.cancelled.announced if self.event.cancelled else None
        return _changes_stamp(self.event.changes, cancel, base)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.event.date, self.event.start_time)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.event.date, self.event.end_time)


# --- territories and the network ------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Computed from the data, shown beside the figures staff declare."""

    groups_run: int
    leaders_welcomed: int
    meetings_held: int


def merge_join_info(default: JoinInfo, override: JoinInfo | None) -> JoinInfo:
    if override is None:
        return default
    chosen = {
        name: getattr(override, name)
        if getattr(override, name) is not None
        else getattr(default, name)
        for name in JoinInfo.model_fields
    }
    return JoinInfo.model_construct(**chosen)


FEATURED_TESTIMONIALS = 3  # on the territory page; all of them on its "Témoignages" page
# On a network's home page, the soonest groups open for registration: a first screen, not
# a national list (the groups page has them all; at 100 territories, 1,400 elements).
HOME_OPEN_GROUPS = 6


@dataclass
class TerritoryView:
    territory: Territory
    slug: str
    groups: list[GroupView]
    events: list[EventView]
    how_to_join: JoinInfo
    today: date

    @property
    def name(self) -> str:
        return self.territory.name

    regional_phones: list[RegionalPhone] = field(default_factory=list)
    # Where it was written (None for a view built by hand): warnings found at build time
    # (render/publication.py) point at the YAML.
    source: SourcedTerritory | None = field(default=None, repr=False, compare=False)
    # Partners a coach may name: the territory's own, then the network's (validated).
    partner_index: dict[str, Partner] = field(default_factory=dict)

    @cached_property
    def partners(self) -> list[Partner]:
        """The territory's partners, then the network's whose managers coach its groups."""
        shown = {p.id: p for p in self.territory.partners}
        for group in self.groups:
            for partner in self.group_partners(group):
                shown.setdefault(partner.id, partner)
        return list(shown.values())

    def group_partners(self, group: GroupView) -> list[Partner]:
        """The partners named by the group's coaches, each once, in the coaches' order."""
        ids = dict.fromkeys(c.partner for c in group.group.coaches if c.partner)
        return [self.partner_index[i] for i in ids if i in self.partner_index]

    @property
    def testimonials(self) -> list[Testimonial]:
        return self.territory.testimonials

    @property
    def featured_testimonials(self) -> list[Testimonial]:
        """The territory page's: the first three of the file (staff put first those they
        want seen; every one has a recorded consent, validation refuses the others)."""
        return self.territory.testimonials[:FEATURED_TESTIMONIALS]

    @cached_property
    def open_groups(self) -> list[GroupView]:
        """Recruiting or full groups still to start, then running ones: soonest first."""
        return sorted((g for g in self.groups if g.is_open), key=_newcomers_first)

    @cached_property
    def finished_groups(self) -> list[GroupView]:
        done = [g for g in self.groups if not g.is_open]
        return sorted(done, key=lambda g: (g.first_date, g.id), reverse=True)

    @property
    def recruiting_groups(self) -> list[GroupView]:
        return [g for g in self.open_groups if g.accepts_members]

    @property
    def next_open_group(self) -> GroupView | None:
        recruiting = self.recruiting_groups
        return recruiting[0] if recruiting else None

    @cached_property
    def upcoming_events(self) -> list[EventView]:
        return [e for e in self.events if e.date >= self.today]

    @property
    def past_events(self) -> list[EventView]:
        return [e for e in self.events if e.date < self.today]

    @property
    def next_event(self) -> EventView | None:
        live = [e for e in self.upcoming_events if not e.cancelled]
        return live[0] if live else None

    @property
    def information_meetings(self) -> list[EventView]:
        return [e for e in self.upcoming_events if e.event.kind is EventKind.INFORMATION_MEETING]

    @cached_property
    def figures(self) -> Figures:
        return compute_figures(self.groups)

    @cached_property
    def shown_figures(self) -> list[ShownFigure]:
        return shown_figures(self.groups, self.territory.figures)

    def group(self, group_id: str) -> GroupView:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)


# --- which computed figures a page may show ---------------------------------------------------


@dataclass(frozen=True)
class ShownFigure:
    """A computed figure as a page shows it: ``measure`` names what it counts (its label in
    the catalog, ``proof.figures.<measure>``), ``basis`` how it was counted
    (``proof.figures.basis_<basis>``)."""

    measure: FigureMeasure
    value: int
    basis: str  # "published": every group since the first is on the site; "numbering"


def history_complete(groups: Sequence[GroupView]) -> bool:
    """Whether the site publishes every group ever run: of each kind, editions 1 to the last.
    "Plato Roannais 6" alone implies five groups before it, run but not published here."""
    for kind in GroupKind:
        editions = {g.group.edition for g in groups if g.group.kind is kind}
        if editions and editions != set(range(1, max(editions) + 1)):
            return False
    return True


def implied_plato_started(groups: Sequence[GroupView]) -> int:
    """Plato groups started, as their numbering tells: the highest edition, less the published
    groups still to start (the newest). Never fewer than the started groups published."""
    plato = [g for g in groups if g.group.kind is GroupKind.PLATO]
    if not plato:
        return 0
    started = [g for g in plato if g.status in _STARTED]
    to_start = [g for g in plato if g.status not in _STARTED]
    return max(max(g.group.edition for g in plato) - len(to_start), len(started))


def shown_figures(groups: Sequence[GroupView], declared: Sequence[Figure]) -> list[ShownFigure]:
    """The computed figures a page may show beside the declared ones, so that none contradicts
    the page: a count over the groups published here is shown only when they are the whole
    history (else it would read as a total below the one their numbering implies; then only
    the number of Plato groups the numbering implies is shown); a figure staff declare for
    the same measure (``counts:``) replaces the computed one, with its source."""
    if history_complete(groups):
        figures = compute_figures(groups)
        candidates = (
            [
                ShownFigure(FigureMeasure.GROUPS, figures.groups_run, "published"),
                ShownFigure(FigureMeasure.LEADERS, figures.leaders_welcomed, "published"),
                ShownFigure(FigureMeasure.MEETINGS, figures.meetings_held, "published"),
            ]
            if figures.groups_run
            else []
        )
    else:
        candidates = _numbered_groups(implied_plato_started(groups))
    return _undeclared(candidates, declared)


def _numbered_groups(implied: int) -> list[ShownFigure]:
    """The Plato groups their numbering implies, when it implies any."""
    return [ShownFigure(FigureMeasure.GROUPS, implied, "numbering")] if implied else []


def _undeclared(candidates: list[ShownFigure], declared: Sequence[Figure]) -> list[ShownFigure]:
    """A figure staff declare for a measure (``counts:``) replaces the computed one."""
    measures = {f.counts for f in declared if f.counts is not None}
    return [f for f in candidates if f.measure not in measures]


_STARTED = (GroupStatus.RUNNING, GroupStatus.FINISHED)


def compute_figures(groups: Iterable[GroupView]) -> Figures:
    started = [g for g in groups if g.status in _STARTED]
    return Figures(
        groups_run=len(started),
        # Expert groups gather former Plato members: counted once, in their Plato group.
        leaders_welcomed=sum(
            g.group.seats_taken for g in started if g.group.kind is GroupKind.PLATO
        ),
        meetings_held=sum(g.held_meetings for g in started),
    )


@dataclass(frozen=True)
class AgendaItem:
    """A line of an agenda: a group meeting or a public event, with the territory."""

    day: date
    start: time
    end: time
    territory: TerritoryView
    meeting: Meeting | None = None
    group: GroupView | None = None
    event: EventView | None = None

    @property
    def cancelled(self) -> bool:
        if self.meeting is not None:
            return self.meeting.cancelled
        return self.event is not None and self.event.cancelled


@dataclass
class Site:
    network: Network
    territories: list[TerritoryView]
    today: date
    # False when the content has a single territory: a CCI's own site, with no network level
    # (network pages, their menu entries, the network feed). Kept by restricted_to: the
    # one-territory preview of a network still shows the network's layout.
    is_network: bool = True
    # Problems that do not stop the build, for the CLI and the host to show (errors.py).
    warnings: tuple[ContentError, ...] = ()
    # News posts, newest first (plato_site.posts): the blog plugin publishes them.
    posts: tuple[SourcedPost, ...] = ()
    _by_slug: dict[str, TerritoryView] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_slug = {t.slug: t for t in self.territories}

    def territory(self, slug: str) -> TerritoryView:
        return self._by_slug[slug]

    def restricted_to(self, slug: str) -> Site:
        """The network as if it had only this territory: the one-territory preview."""
        posts = tuple(p for p in self.posts if p.post.territory in {slug, None})
        return Site(
            self.network, [self.territory(slug)], self.today, self.is_network, self.warnings, posts
        )

    def territory_posts(self, slug: str) -> list[SourcedPost]:
        """A territory's news, newest first."""
        return [item for item in self.posts if item.post.territory == slug]

    @cached_property
    def regions(self) -> list[tuple[str, list[TerritoryView]]]:
        by_region: dict[str, list[TerritoryView]] = defaultdict(list)
        for territory in self.territories:
            by_region[territory.territory.region].append(territory)
        return [
            (region, sorted(ts, key=lambda t: t.name)) for region, ts in sorted(by_region.items())
        ]

    @cached_property
    def open_groups(self) -> list[GroupView]:
        """Every territory's, in the same order: a newcomer sees first what he can join."""
        groups = [g for t in self.territories for g in t.open_groups]
        return sorted(groups, key=_newcomers_first)

    @cached_property
    def recruiting_groups(self) -> list[GroupView]:
        """The groups a newcomer can apply to, soonest first."""
        return [g for g in self.open_groups if g.accepts_members]

    @property
    def home_open_groups(self) -> list[GroupView]:
        return self.recruiting_groups[:HOME_OPEN_GROUPS]

    @cached_property
    def figures(self) -> Figures:
        return compute_figures(g for t in self.territories for g in t.groups)

    @cached_property
    def shown_figures(self) -> list[ShownFigure]:
        """The network's: totals only when every territory publishes its whole history,
        else the Plato groups the numbering implies, summed over the territories."""
        if all(history_complete(t.groups) for t in self.territories):
            groups = [g for t in self.territories for g in t.groups]
            return shown_figures(groups, self.network.figures)
        implied = sum(implied_plato_started(t.groups) for t in self.territories)
        return _undeclared(_numbered_groups(implied), self.network.figures)

    def agenda(self, territories: Iterable[TerritoryView] | None = None) -> list[AgendaItem]:
        """Meetings and public events of the given territories (default: all), by date."""
        chosen = self.territories if territories is None else list(territories)
        items: list[AgendaItem] = []
        for territory in chosen:
            items += territory_agenda(territory)
        return sorted(items, key=_agenda_order)


def territory_agenda(territory: TerritoryView) -> list[AgendaItem]:
    items = [
        AgendaItem(m.date, m.start, m.end, territory, meeting=m, group=g)
        for g in territory.groups
        for m in g.meetings
    ]
    items += [
        AgendaItem(e.date, e.event.start_time, e.event.end_time, territory, event=e)
        for e in territory.events
    ]
    return sorted(items, key=_agenda_order)


def _agenda_order(item: AgendaItem) -> tuple[date, time, str, str, int]:
    ident = item.event.id if item.event else (item.group.id if item.group else "")
    number = item.meeting.number if item.meeting else 0
    return (item.day, item.start, item.territory.slug, ident, number)


def derive_site(content: Content, today: date) -> Site:
    """The site as its pages and feeds show it, from validated content (no YAML positions:
    every error staff can make was reported by validation)."""
    territories = []
    for sourced in content.territories:
        territory = sourced.territory
        groups = []
        for group in territory.groups:
            meetings = expand_meetings(group)  # validation checked every schedule gives them all
            groups.append(
                GroupView(
                    group=group,
                    territory_slug=sourced.slug,
                    territory_name=territory.name,
                    meetings=meetings,
                    status=group_status(group, meetings, today),
                    today=today,
                )
            )
        events = sorted(
            (EventView(e, sourced.slug, territory.name) for e in territory.events),
            key=lambda e: (e.date, e.event.start_time, e.id),
        )
        territories.append(
            TerritoryView(
                territory=territory,
                slug=sourced.slug,
                groups=groups,
                events=events,
                how_to_join=merge_join_info(content.network.how_to_join, territory.how_to_join),
                today=today,
                regional_phones=[
                    phone
                    for phone in content.network.phones
                    if not phone.regions or territory.region in phone.regions
                ],
                source=sourced,
                partner_index={
                    p.id: p for p in [*territory.partners, *content.network.partners][::-1]
                },
            )
        )
    return Site(
        content.network,
        territories,
        today,
        is_network=len(territories) != 1,
        warnings=content.warnings,
        posts=content.posts,
    )


__all__ = [
    "PARIS",
    "AgendaItem",
    "EventView",
    "Figures",
    "GroupKind",
    "GroupView",
    "Meeting",
    "ShownFigure",
    "Site",
    "TerritoryView",
    "build_date",
    "build_time",
    "derive_site",
    "expand_meetings",
    "schedule_dates",
]
