"""The content model: what staff may write in the YAML files, as pydantic models.

Keys are English; titles, descriptions and examples shown to staff (JSON Schema, editor
hints) come from the message catalog (``locales/<lang>/schema.yml``), never from here.
Every model forbids unknown keys so that a typo is an error with a did-you-mean, not a
silently ignored field.
"""

from __future__ import annotations

import difflib
import functools
import re
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from babel.dates import get_day_names
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from plato_site.communes import CommuneError, parse_commune
from plato_site.load import lookalike_problem
from plato_site.phones import Phone, PhoneError, parse_phone

# Our own error type: the context carries a catalog key and its parameters, so the
# validator can print the French message of the catalog (see validate.py).
PLATO_ERROR = "plato"

MAX_MEETINGS = 60  # five years of monthly meetings: more is surely a typo
# Years staff may write; also keeps every computed date (schedules, feeds) inside date's range.
MIN_YEAR, MAX_YEAR = 1900, 2100


def plato_error(key: str, at: tuple[str | int, ...] = (), **params: Any) -> PydanticCustomError:
    """A catalog error; ``at`` points below the failing model, at the field to fix."""
    return PydanticCustomError(PLATO_ERROR, key, {"key": key, "params": params, "at": at})


# --- scalar types --------------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 80:
        raise plato_error("validate.slug", value=value)
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]

# ASCII digits ([0-9], not \d): "０8:30" is a look-alike, reported as such.
_TIME = re.compile(r"(?P<h>[0-9]{1,2})\s*(?:[:hH]\s*(?P<m>[0-9]{2})?)?")


def _parse_wall_time(value: Any) -> Any:
    """Accept "08:30", "8:30", "8h30", "8 h 30", "8h" — the ways French staff write times."""
    if isinstance(value, time):
        return value
    if value is None:  # "start_time:" left empty
        raise plato_error("validate.empty_value")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise plato_error("validate.time", value=str(value))
    match = _TIME.fullmatch(value.strip())
    if not match:
        raise plato_error("validate.time", value=value)
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour > 23 or minute > 59:
        raise plato_error("validate.time_impossible", value=value)
    return time(hour, minute)


WallTime = Annotated[time, BeforeValidator(_parse_wall_time)]

_YEAR_MONTH = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})")


def _parse_year_month(value: Any) -> Any:
    if value is None:  # "start_month:" left empty
        raise plato_error("validate.empty_value")
    text = str(value).strip()
    match = _YEAR_MONTH.fullmatch(text)
    if not match or not 1 <= int(match["m"]) <= 12:
        raise plato_error("validate.year_month", value=text)
    if not MIN_YEAR <= int(match["y"]) <= MAX_YEAR:
        raise plato_error("validate.year_range", value=text, min=MIN_YEAR, max=MAX_YEAR)
    return f"{int(match['y']):04d}-{int(match['m']):02d}"


YearMonth = Annotated[str, BeforeValidator(_parse_year_month)]


def _check_web_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise plato_error("validate.web_url", value=value)
    return value


WebUrl = Annotated[str, AfterValidator(_check_web_url)]

# A file of the site, by its path from content/: never another site's address (nothing is
# fetched from a third party), never above content/, no character that has no place in a path.
_PATH_REFUSED = frozenset("<>\"'\\\n\r\t")


def _check_content_path(value: str) -> str:
    parts = value.split("/")
    if (
        "://" in value
        or value.startswith("/")
        or ".." in parts
        or "" in parts
        or _PATH_REFUSED.intersection(value)
    ):
        raise plato_error("validate.content_path", value=value)
    return value


ContentPath = Annotated[str, Field(min_length=1), AfterValidator(_check_content_path)]


def _plain_characters(value: str, spaces_allowed: bool = False) -> str:
    """Structured values refuse typographic look-alikes: « 42300 » would reach the JSON-LD."""
    problem = lookalike_problem(value, spaces_allowed)
    if problem is not None:
        raise plato_error(problem[0], **problem[1])
    return value


def _phone_characters(value: str) -> str:
    return _plain_characters(value, spaces_allowed=True)


_NUMBER_TEXT = re.compile(r"\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)\s*")
_DECIMAL_COMMA = re.compile(r"\s*[-+]?\d+,\d+\s*")


def _number_not_text(value: Any) -> Any:
    """A number written in quotes ("2") is text for the JSON Schema editors check against:
    refused here too, so that the editor and the build agree (and the message says why)."""
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        raise plato_error("validate.number_quoted", value=value.strip())
    if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value):  # "46,03", as in French
        raise plato_error(
            "validate.decimal_comma",
            value=value.strip(),
            value_with_point=value.strip().replace(",", "."),
        )
    return value


_ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def _date_not_number(value: Any) -> Any:
    """A date is written AAAA-MM-JJ: pydantic would read a number, or digits ("0",
    "20270408"), as a timestamp; the JSON Schema's ``format: date`` refuses them too."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise plato_error("validate.expected_date", value=str(value))
    if isinstance(value, str) and value.strip() and not _ISO_DATE.fullmatch(value):
        raise plato_error("validate.expected_date", value=value)
    return value


def _postal_code(value: Any) -> Any:
    """``postal_code: 42300`` as well as ``"42300"``: editors read ``05000`` as the number 5000,
    so a number is taken as the code it was (five digits, the leading zero put back)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 99999:
        return f"{value:05d}"
    return value


# Bounds go before NOT_TEXT (Annotated[int, Field(ge=1), NOT_TEXT]) so that they stay on the
# number and reach the JSON Schema as minimum/maximum.
NOT_TEXT = BeforeValidator(_number_not_text)
Int = Annotated[int, NOT_TEXT]
Day = Annotated[date, BeforeValidator(_date_not_number)]  # a type named as no field is
Text = Annotated[str, Field(min_length=1)]
# A postal code, a registration number: text made of the characters a keyboard types.
PlainText = Annotated[str, Field(min_length=1), AfterValidator(_plain_characters)]
PhoneNumber = Annotated[str, Field(min_length=1), AfterValidator(_phone_characters)]
Markdown = Annotated[str, Field(min_length=1)]  # rendered with raw HTML disabled
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR), NOT_TEXT]
PostalCode = Annotated[PlainText, BeforeValidator(_postal_code)]


def _commune_line(value: Any) -> Any:
    """``- 42300 Roanne``: one commune a territory serves, code first (see communes.py)."""
    if value is None:  # "- " left empty
        raise plato_error("validate.empty_value")
    if isinstance(value, int) and not isinstance(value, bool):  # "- 42300", the name left out
        raise plato_error("communes.name_missing", value=str(value))
    if not isinstance(value, str):
        raise plato_error("communes.format", value=str(value))
    try:
        code, name = parse_commune(value)
    except CommuneError as error:
        raise plato_error(error.key, (), **error.params) from None
    return f"{code} {name}"


Commune = Annotated[str, BeforeValidator(_commune_line)]


class StrictModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, validate_default=False
    )


# --- shared building blocks ------------------------------------------------------------


class Address(StrictModel):
    street: Text
    postal_code: PostalCode
    city: Text


class Coordinates(StrictModel):
    lat: Annotated[float, Field(ge=-90, le=90), NOT_TEXT]
    lon: Annotated[float, Field(ge=-180, le=180), NOT_TEXT]


class Venue(StrictModel):
    name: Text
    address: Address
    coordinates: Coordinates | None = None
    access: Text | None = None


_PHONE_CHARACTERS = re.compile(r"[\s.\-()]*\+?[\d\s.\-()]+")


class PhoneEntry(StrictModel):
    # ``price`` is declared before ``number`` so that the number's validator sees it and
    # its errors point at the line of the number (pydantic validates in field order).
    label: Text | None = None
    price: Text | None = None
    number: PhoneNumber
    _phone: Phone | None = PrivateAttr(default=None)

    @field_validator("number")
    @classmethod
    def _valid_number(cls, number: str, info: ValidationInfo) -> str:
        # Digits and the separators people type, a "+" in front: phonenumbers would also
        # skip letters and stray signs ("1000+"), which editors' JSON Schema cannot follow.
        if not _PHONE_CHARACTERS.fullmatch(number):
            raise plato_error("phones.invalid", number=number)
        try:
            parse_phone(number, info.data.get("price"))
        except PhoneError as error:
            raise plato_error(error.key, (), **error.params) from None
        return number

    def model_post_init(self, context: Any, /) -> None:
        self._phone = parse_phone(self.number, self.price)  # valid: checked above

    @property
    def phone(self) -> Phone:
        assert self._phone is not None  # set after validation
        return self._phone


class RegionalPhone(PhoneEntry):
    """A network number, shown on the territories of the listed regions (all when empty)."""

    regions: list[Text] = []


class Person(StrictModel):
    name: Text
    role: Text | None = None
    phones: list[PhoneEntry] = []
    email: EmailStr | None = None


class Chamber(StrictModel):
    name: Text
    address: Address
    website: WebUrl | None = None
    email: EmailStr | None = None
    coordinates: Coordinates | None = None


class FigureMeasure(StrEnum):
    """What a figure counts, when it is one the site also computes from the groups."""

    GROUPS = "groups"  # groups started
    LEADERS = "leaders"  # heads of companies welcomed (Expert members counted once)
    MEETINGS = "meetings"  # meetings held


class Figure(StrictModel):
    label: Text
    value: Text
    year: Year | None = None
    source: Text | None = None
    # Set when the figure is the total of a computed one: it is shown instead (derive.py).
    counts: FigureMeasure | None = None


class Range(StrictModel):
    min: Annotated[int, Field(ge=0), NOT_TEXT]
    max: Annotated[int, Field(ge=0), NOT_TEXT]

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise plato_error("validate.range_order", min=self.min, max=self.max)
        return self


class Fee(StrictModel):
    amount: Text
    covers: list[Text] = []
    note: Text | None = None


class Question(StrictModel):
    question: Text
    answer: Markdown


class JoinInfo(StrictModel):
    """How to join; on a territory every field is optional and overrides the network's."""

    audience: Markdown | None = None
    company_size: Range | None = None
    commitment: Markdown | None = None
    fee: Fee | None = None
    steps: list[Text] | None = None
    faq: list[Question] | None = None


class ChangeRecord(StrictModel):
    """A recorded change: each one raises the calendar SEQUENCE by one."""

    announced: Day
    reason: Text | None = None
    previous_date: Day | None = None


class Cancellation(StrictModel):
    announced: Day
    reason: Text | None = None


# --- groups and meetings ----------------------------------------------------------------


class GroupKind(StrEnum):
    PLATO = "plato"
    EXPERT = "expert"


class GroupStatus(StrEnum):
    RECRUITING = "recruiting"
    FULL = "full"
    RUNNING = "running"
    FINISHED = "finished"


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        return list(Weekday).index(self)


def _weekday_alias(value: Any) -> Any:
    """Accept the day in French too ("jeudi", "Jeudi"): staff naturally write it so.

    The names come from CLDR (Babel), so no word list lives in the code.
    """
    if value is None:  # "weekday:" left empty
        raise plato_error("validate.empty_value")
    if not isinstance(value, str):
        raise plato_error("validate.weekday", value=str(value))
    names = _weekday_names()
    typed = value.strip().lower()
    if typed in names:
        return names[typed]
    # Not a day: say so in French terms (the enum's own message lists the English values).
    close = difflib.get_close_matches(typed, list(names), n=1, cutoff=0.6)
    if close:
        raise plato_error("validate.weekday_close", value=value, suggestion=close[0])
    raise plato_error("validate.weekday", value=value)


def weekday_spellings() -> list[str]:
    """Every spelling of a day the build accepts, for the JSON Schema (which cannot ignore
    case): the English values first, then the French names, lower-case and capitalized."""
    french = [
        name for name, value in _weekday_names().items() if name not in Weekday._value2member_map_
    ]
    return [*Weekday, *french, *(name.capitalize() for name in french)]


@functools.cache  # CLDR lookups cost more than the rest of a schedule's validation
def _weekday_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in ("en", "fr"):  # French last: it wins, as it did when tried first
        days = get_day_names("wide", locale=language)  # 0 = Monday, as in datetime
        names.update({name.lower(): list(Weekday)[number].value for number, name in days.items()})
    return names


DEFAULT_MEETING_COUNT = {GroupKind.PLATO: 24, GroupKind.EXPERT: 12}


class Schedule(StrictModel):
    """A monthly rule: "the 2nd Thursday of the month, 8:30-12:00, from April 2027"."""

    start_month: YearMonth
    weekday: Annotated[Weekday, BeforeValidator(_weekday_alias)]
    # 0 is refused in _coherent (its own message); the schema says it too.
    week: Annotated[int, Field(ge=-1, le=5, json_schema_extra={"not": {"const": 0}}), NOT_TEXT]
    start_time: WallTime
    end_time: WallTime
    # Default by kind: 24 (plato), 12 (expert); the range is checked in _coherent.
    count: Annotated[
        Int | None, Field(json_schema_extra={"minimum": 1, "maximum": MAX_MEETINGS})
    ] = None
    skip_months: list[Annotated[int, Field(ge=1, le=12), NOT_TEXT]] = []

    @model_validator(mode="after")
    def _coherent(self) -> Schedule:
        if self.week == 0:
            raise plato_error("validate.week_zero", at=("week",))
        if self.week == 5:
            # Most months have no 5th Thursday: the group would meet four times a year.
            raise plato_error("validate.week_five", at=("week",))
        if self.end_time <= self.start_time:
            raise plato_error(
                "validate.end_before_start",
                at=("end_time",),
                start=_hhmm(self.start_time),
                end=_hhmm(self.end_time),
            )
        if self.count is not None and not 1 <= self.count <= MAX_MEETINGS:
            raise plato_error(
                "validate.meeting_count", at=("count",), count=self.count, max=MAX_MEETINGS
            )
        if len(set(self.skip_months)) == 12:
            raise plato_error("validate.all_months_skipped", at=("skip_months",))
        return self


class MeetingOverride(StrictModel):
    number: Annotated[int, Field(ge=1), NOT_TEXT]
    date: Day | None = None
    start_time: WallTime | None = None
    end_time: WallTime | None = None
    topic: Text | None = None
    venue: Venue | None = None
    changes: list[ChangeRecord] = []
    cancelled: Cancellation | None = None


class ScheduleChange(StrictModel):
    """From one meeting on, another time or venue; the meetings before keep theirs
    (calendar subscribers must not see meetings already held move)."""

    from_meeting: Annotated[int, Field(ge=1)]
    start_time: WallTime | None = None
    end_time: WallTime | None = None
    venue: Venue | None = None


class Partner(StrictModel):
    """A company whose managers coach Plato groups: shown with its logo on the pages."""

    id: Slug  # what a coach's "partner:" names
    name: Text
    website: WebUrl | None = None
    logo: ContentPath | None = None  # checked to exist by validation
    logo_alt: Text | None = None

    @model_validator(mode="after")
    def _alt_with_logo(self) -> Partner:
        # A logo without its text alternative is an accessibility failure (RGAA 1.1).
        if self.logo is not None and self.logo_alt is None:
            raise plato_error("validate.partner_logo_alt", at=("logo",))
        return self


class Coach(StrictModel):
    company: Text
    name: Text | None = None
    role: Text | None = None
    partner: Slug | None = None  # id of a partner of the territory or the network


class Group(StrictModel):
    id: Slug
    name: Text
    kind: GroupKind = GroupKind.PLATO
    edition: Annotated[int, Field(ge=1), NOT_TEXT]
    description: Markdown | None = None
    capacity: Range
    seats_taken: Annotated[int, Field(ge=0), NOT_TEXT] = 0
    coaches: list[Coach] = []
    venue: Venue
    schedule: Schedule
    topics: list[Text] = []
    meetings: list[MeetingOverride] = []
    schedule_changes: list[ScheduleChange] = []
    status: GroupStatus | None = None
    published: Day | None = None
    former_ids: list[Slug] = []  # oldest first: the first keeps the calendar identity
    apply_url: WebUrl | None = None  # staff's own form (CRM, form tool); else an e-mail

    @property
    def calendar_id(self) -> str:
        """The id in its meetings' calendar UIDs: the first ever published."""
        return self.former_ids[0] if self.former_ids else self.id

    @property
    def meeting_count(self) -> int:
        return self.schedule.count or DEFAULT_MEETING_COUNT[self.kind]

    @model_validator(mode="after")
    def _coherent(self) -> Group:
        if self.seats_taken > self.capacity.max:
            raise plato_error(
                "validate.seats_over_capacity",
                at=("seats_taken",),
                taken=self.seats_taken,
                max=self.capacity.max,
            )
        if len(self.topics) > self.meeting_count:
            raise plato_error(
                "validate.too_many_topics",
                at=("topics",),
                topics=len(self.topics),
                count=self.meeting_count,
            )
        seen: set[int] = set()
        for index, override in enumerate(self.meetings):
            at = ("meetings", index, "number")
            if override.number > self.meeting_count:
                raise plato_error(
                    "validate.unknown_meeting",
                    at=at,
                    number=override.number,
                    count=self.meeting_count,
                )
            if override.number in seen:
                raise plato_error("validate.duplicate_meeting", at=at, number=override.number)
            seen.add(override.number)
            # A new start alone ("14h" on a 8:30-12:00 group) keeps the group's end time.
            start = override.start_time or self.schedule.start_time
            end = override.end_time or self.schedule.end_time
            if end <= start:
                changed = "end_time" if override.end_time is not None else "start_time"
                raise plato_error(
                    "validate.meeting_end_before_start"
                    if override.end_time is not None
                    else "validate.meeting_start_after_end",
                    at=("meetings", index, changed),
                    number=override.number,
                    start=_hhmm(start),
                    end=_hhmm(end),
                )
        for index, change in enumerate(self.schedule_changes):
            if change.from_meeting > self.meeting_count:
                raise plato_error(
                    "validate.unknown_meeting",
                    at=("schedule_changes", index, "from_meeting"),
                    number=change.from_meeting,
                    count=self.meeting_count,
                )
        return self


# --- public events and testimonials -------------------------------------------------------


class EventKind(StrEnum):
    INFORMATION_MEETING = "information_meeting"
    KICKOFF = "kickoff"
    PLENARY = "plenary"
    OTHER = "other"


class Registration(StrictModel):
    url: WebUrl | None = None
    email: EmailStr | None = None
    phone: PhoneEntry | None = None
    deadline: Day | None = None
    details: Text | None = None


class PublicEvent(StrictModel):
    id: Slug
    kind: EventKind
    title: Text | None = None
    date: Day
    start_time: WallTime
    end_time: WallTime
    venue: Venue
    description: Markdown | None = None
    registration: Registration | None = None
    changes: list[ChangeRecord] = []
    cancelled: Cancellation | None = None
    published: Day | None = None

    @model_validator(mode="after")
    def _coherent(self) -> PublicEvent:
        if self.end_time <= self.start_time:
            raise plato_error(
                "validate.end_before_start",
                at=("end_time",),
                start=_hhmm(self.start_time),
                end=_hhmm(self.end_time),
            )
        return self


class Testimonial(StrictModel):
    quote: Text
    author: Text
    role: Text | None = None
    company: Text
    sector: Text | None = None  # "Industrie": a reader looks for a company like theirs
    company_size: Annotated[int, Field(ge=1), NOT_TEXT] | None = None  # employees
    group: Slug | None = None
    year: Year
    consent_date: Day
    photo: ContentPath | None = None  # a file under content/, checked to exist by validation
    photo_alt: Text | None = None
    photo_consent: bool | None = None  # the written consent names the photo too

    @model_validator(mode="after")
    def _photo_with_alt_and_consent(self) -> Testimonial:
        if self.photo is None:
            return self
        # A portrait without its text alternative fails RGAA 1.1; one published without the
        # person's agreement to it fails the RGPD (a consent to quote is not one to show a face).
        if self.photo_alt is None:
            raise plato_error("proof.photo_alt", at=("photo",))
        if self.photo_consent is not True:
            raise plato_error("proof.photo_consent", at=("photo",))
        return self


# --- files ----------------------------------------------------------------------------------


class Territory(StrictModel):
    """One file ``content/territoires/<slug>.yml``."""

    slug: Slug | None = None  # default: the file name
    former_slugs: list[Slug] = []  # oldest first: the first keeps the calendar identity
    name: Text
    region: Text
    chamber: Chamber
    since: Year
    description: Markdown
    contacts: list[Person] = []
    phones: list[PhoneEntry] = []
    how_to_join: JoinInfo | None = None
    figures: list[Figure] = []
    groups: list[Group] = []
    events: list[PublicEvent] = []
    testimonials: list[Testimonial] = []
    apply_url: WebUrl | None = None
    next_group_expected: Text | None = None  # "printemps 2027", shown without an open group
    partners: list[Partner] = []
    # The home page's finder and map: the communes served ("42300 Roanne"), and the
    # territory's point on the map (default: its CCI's coordinates).
    communes: list[Commune] = []
    coordinates: Coordinates | None = None


class AccessibilityStatus(StrEnum):
    NON_COMPLIANT = "non_compliant"
    PARTIALLY_COMPLIANT = "partially_compliant"
    FULLY_COMPLIANT = "fully_compliant"


class Accessibility(StrictModel):
    """The RGAA statement; until an audit is recorded the law says "non conforme"."""

    status: AccessibilityStatus = AccessibilityStatus.NON_COMPLIANT
    audit_date: Day | None = None
    auditor: Text | None = None
    rgaa_version: Text | None = None
    rate: Annotated[float, Field(ge=0, le=100), NOT_TEXT] | None = None
    non_conformities: list[Text] = []
    derogations: list[Text] = []
    plan_url: WebUrl | None = None
    contact_email: EmailStr | None = None
    contact_url: WebUrl | None = None

    @model_validator(mode="after")
    def _audit_backs_status(self) -> Accessibility:
        if self.status is not AccessibilityStatus.NON_COMPLIANT and self.audit_date is None:
            raise plato_error("validate.audit_required", at=("audit_date",))
        if self.rate is not None and self.status is not _status_for_rate(self.rate):
            raise plato_error(
                "validate.rate_contradicts_status",
                at=("status",),
                rate=f"{self.rate:g}",
                status=self.status.value,
                expected=_status_for_rate(self.rate).value,
            )
        return self


def _status_for_rate(rate: float) -> AccessibilityStatus:
    """The RGAA's rule: 100 % of criteria met is "totalement", 50 % or more "partiellement"."""
    if rate >= 100:
        return AccessibilityStatus.FULLY_COMPLIANT
    if rate >= 50:
        return AccessibilityStatus.PARTIALLY_COMPLIANT
    return AccessibilityStatus.NON_COMPLIANT


class Publisher(StrictModel):
    name: Text
    address: Address
    director: Text  # directeur de la publication
    email: EmailStr
    phone: PhoneEntry | None = None
    website: WebUrl | None = None
    registration: Text | None = None  # SIRET or legal status line


class Host(StrictModel):
    name: Text
    address: Address
    website: WebUrl | None = None
    phone: PhoneEntry | None = None


class Network(StrictModel):
    """The file ``content/reseau.yml``: the network, its publisher and shared defaults."""

    name: Text
    description: Markdown
    founded: Year | None = None
    publisher: Publisher
    host: Host
    how_to_join: JoinInfo
    phones: list[RegionalPhone] = []
    figures: list[Figure] = []
    accessibility: Accessibility = Accessibility()
    apply_url: WebUrl | None = None
    partners: list[Partner] = []


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


# --- news posts (content/actualites/posts/*.md, front matter) --------------------------------


class PressSource(StrictModel):
    """The article a post reports on: who published it and where (credited and linked)."""

    publisher: Text | None = None
    url: WebUrl | None = None
    date: Day | None = None  # the article's date; default: the post's

    @model_validator(mode="after")
    def _credited_and_linked(self) -> PressSource:
        # Press coverage is credited and linked, never copied: both are needed.
        if self.publisher is None:
            raise plato_error("news.source_publisher", at=("publisher",))
        if self.url is None:
            raise plato_error("news.source_url", at=("url",))
        return self


class Post(StrictModel):
    """The front matter of a news post; the Markdown below it is the post itself."""

    title: Text
    date: Day
    description: Text  # the summary under the title, in lists, feeds and sharing previews
    territory: Slug | None = None  # None: news of the whole network
    image: ContentPath | None = None  # checked to exist by validation
    image_alt: Text | None = None
    source: PressSource | None = None
    updated: Day | None = None  # last correction, for feed readers

    @model_validator(mode="after")
    def _alt_with_image(self) -> Post:
        # An image without its text alternative is an accessibility failure (RGAA 1.1).
        if self.image is not None and self.image_alt is None:
            raise plato_error("news.image_alt", at=("image",))
        if self.updated is not None and self.updated < self.date:
            raise plato_error("news.updated_before_date", at=("updated",))
        return self
