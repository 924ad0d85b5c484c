"""Phone numbers a visitor can tap: parsed by phonenumbers, labelled the ARCEP way.

Parsing, validation and formatting belong to ``phonenumbers``. The ARCEP tariff
category is decided here from the prefix, because phonenumbers' number types do not
follow ARCEP's colours (it calls 0820 "shared cost" and 0812 "premium rate" alike,
while both need the violet price cartouche).
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

import phonenumbers
from phonenumbers import NumberFormat, PhoneNumber, PhoneNumberFormat, shortnumberinfo

from plato_site.i18n import Catalog

NO_BREAK_SPACE = "\u00a0"


class PhoneCategory(enum.Enum):
    STANDARD = "standard"
    FREE = "free"  # 0800–0805: service and call free (green)
    FREE_SERVICE = "free_service"  # 0806–0809: free service, call at normal price (grey)
    SURCHARGED = "surcharged"  # 081, 082, 089: service price on top of the call (violet)
    SHORT = "short"  # 3939, 3975, 15…: dialled as is, within France only


class PhoneError(ValueError):
    """A phone entry staff must fix; ``key`` is a message catalog key, ``params`` its values."""

    def __init__(self, key: str, params: dict[str, Any]) -> None:
        self.key = key
        self.params = params
        super().__init__(key, params)

    def message(self, catalog: Catalog) -> str:
        return catalog(self.key, **self.params)


@dataclass(frozen=True)
class Phone:
    raw: str  # as written in the YAML
    e164: str  # "+33477445464"; a short number keeps its digits ("3939"): it has no E.164 form
    display: str  # "04 77 44 54 64" with no-break spaces, so a number never wraps
    tel_uri: str  # "tel:+33477445464", "tel:3939"
    category: PhoneCategory
    price: str | None  # service price as staff wrote it, e.g. "0,12 €/min"
    is_toll_free: bool  # free for the caller (schema.org contactOption TollFree)


# Prefixes of the national significant number (without the trunk 0), per ARCEP's plan.
_FREE_PREFIXES = ("800", "801", "802", "803", "804", "805")
_FREE_SERVICE_PREFIXES = ("806", "807", "808", "809")
_SURCHARGED_PREFIXES = ("81", "82", "89")
_SPECIAL_PREFIX = "8"  # any other 08 number: not a service number a site should publish

_FRANCE = 33

# French numbers are read in pairs, 08 numbers included ("08 20 01 21 12"), while
# phonenumbers' metadata writes those "0 820 01 21 12"; $NP$FG puts the trunk 0 in
# front of the first digit. The pattern must match the whole national number.
_FRENCH_PAIRS = NumberFormat(
    pattern=r"(\d)(\d{2})(\d{2})(\d{2})(\d{2})",
    format=r"\1 \2 \3 \4 \5",
    national_prefix_formatting_rule="$NP$FG",
)


# A number is checked when validated, then parsed for the pages; networks repeat numbers.
@functools.lru_cache(maxsize=4096)  # Phone is immutable; errors are raised, never cached
def parse_phone(raw: str, price: str | None = None, default_region: str = "FR") -> Phone:
    """Parse a number as staff write it ("04.77.44.54.64", "0820 012 112", "+32 2 …", "3939").

    ``price`` is the service price of a surcharged number (required for 081, 082, 089,
    refused on numbers whose call costs nothing more, optional on short numbers whose
    tariff phonenumbers does not know reliably).
    """
    price = price.strip() if price and price.strip() else None
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        raise PhoneError("phones.invalid", {"number": raw}) from None

    home_code = phonenumbers.country_code_for_region(default_region)
    if phonenumbers.is_valid_number(number):
        return _full_number(raw, number, price, home_code)
    if number.country_code == home_code and shortnumberinfo.is_valid_short_number_for_region(
        number, default_region
    ):
        return _short_number(raw, number, price, default_region)
    raise PhoneError("phones.invalid", {"number": raw})


def _full_number(raw: str, number: PhoneNumber, price: str | None, home_code: int) -> Phone:
    category = _arcep_category(raw, number)
    if category is PhoneCategory.SURCHARGED and price is None:
        raise PhoneError("phones.price_required", {"number": raw})
    if category is not PhoneCategory.SURCHARGED and price is not None:
        raise PhoneError("phones.price_not_allowed", {"number": raw, "price": price})
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(
        raw=raw,
        e164=e164,
        display=_unbreakable(_display(number, home_code)),
        tel_uri=f"tel:{e164}",
        category=category,
        price=price,
        is_toll_free=category is PhoneCategory.FREE,
    )


def _display(number: PhoneNumber, home_code: int) -> str:
    """National form for numbers of the home country, international for the others."""
    if number.country_code != home_code:
        return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    if number.country_code == _FRANCE:
        paired = phonenumbers.format_by_pattern(number, PhoneNumberFormat.NATIONAL, [_FRENCH_PAIRS])
        if " " in paired:  # the pattern matched (every metropolitan and 0x number does)
            return str(paired)
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def _arcep_category(raw: str, number: PhoneNumber) -> PhoneCategory:
    if number.country_code != _FRANCE:
        return PhoneCategory.STANDARD
    significant = phonenumbers.national_significant_number(number)
    if significant.startswith(_FREE_PREFIXES):
        return PhoneCategory.FREE
    if significant.startswith(_FREE_SERVICE_PREFIXES):
        return PhoneCategory.FREE_SERVICE
    if significant.startswith(_SURCHARGED_PREFIXES):
        return PhoneCategory.SURCHARGED
    if significant.startswith(_SPECIAL_PREFIX):
        # 083x–088x: closed or reserved ranges with no ARCEP cartouche to show.
        raise PhoneError("phones.special_unsupported", {"number": raw})
    return PhoneCategory.STANDARD


def _short_number(raw: str, number: PhoneNumber, price: str | None, region: str) -> Phone:
    digits = phonenumbers.national_significant_number(number)
    cost = shortnumberinfo.expected_cost_for_region(number, region)
    return Phone(
        raw=raw,
        e164=digits,
        display=digits,
        tel_uri=f"tel:{digits}",
        category=PhoneCategory.SHORT,
        price=price,
        # Only free ones (15, 112, 116 000, 30xx…) are trusted; the rest vary by operator.
        is_toll_free=price is None and cost == shortnumberinfo.ShortNumberCost.TOLL_FREE,
    )


def _unbreakable(text: str) -> str:
    return text.replace(" ", NO_BREAK_SPACE)


def tariff(phone: Phone) -> PhoneCategory | None:
    """The ARCEP cartouche a number needs, None when it shows no price."""
    if phone.category in (PhoneCategory.FREE, PhoneCategory.FREE_SERVICE):
        return phone.category
    if phone.price is not None:  # surcharged, or a short number staff gave a price for
        return PhoneCategory.SURCHARGED
    return None


def price_label(phone: Phone, catalog: Catalog) -> str | None:
    """ARCEP wording: "Service & appel gratuits", "Service 0,12 €/min + prix appel"…"""
    cartouche = tariff(phone)
    if cartouche is None:
        return None
    return catalog(f"phones.label.{cartouche.value}", price=phone.price)
