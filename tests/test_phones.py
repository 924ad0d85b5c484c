"""Phone numbers as a visitor sees and taps them, and the errors staff get."""

from __future__ import annotations

from typing import Annotated, NamedTuple

import pytest
import yaml
from pydantic import BaseModel, BeforeValidator, ValidationError

from plato_site.i18n import Catalog
from plato_site.phones import Phone, PhoneCategory, PhoneError, parse_phone, price_label
from plato_site.render.phones import category_css_class, phone_html

NBSP = "\u00a0"


class Case(NamedTuple):
    raw: str
    price: str | None
    display: str
    tel_uri: str
    category: PhoneCategory
    toll_free: bool
    label_fr: str | None
    label_en: str | None


CASES = {
    "geographic, seed spelling (Roannais)": Case(
        "04.77.44.54.64",
        None,
        "04 77 44 54 64",
        "tel:+33477445464",
        PhoneCategory.STANDARD,
        False,
        None,
        None,
    ),
    "geographic, international spelling": Case(
        "+33 4 77 44 54 64",
        None,
        "04 77 44 54 64",
        "tel:+33477445464",
        PhoneCategory.STANDARD,
        False,
        None,
        None,
    ),
    "mobile": Case(
        "06 12 34 56 78",
        None,
        "06 12 34 56 78",
        "tel:+33612345678",
        PhoneCategory.STANDARD,
        False,
        None,
        None,
    ),
    "0800 green number": Case(
        "0800 130 000",
        None,
        "08 00 13 00 00",
        "tel:+33800130000",
        PhoneCategory.FREE,
        True,
        "Service & appel gratuits",
        "Free service and call",
    ),
    "0805 still free": Case(
        "0805 123 456",
        None,
        "08 05 12 34 56",
        "tel:+33805123456",
        PhoneCategory.FREE,
        True,
        "Service & appel gratuits",
        "Free service and call",
    ),
    "0806 free service, paid call": Case(
        "0806 000 000",
        None,
        "08 06 00 00 00",
        "tel:+33806000000",
        PhoneCategory.FREE_SERVICE,
        False,
        "Service gratuit + prix appel",
        "Free service + call charges",
    ),
    "0809 free service, paid call": Case(
        "0809 100 100",
        None,
        "08 09 10 01 00",
        "tel:+33809100100",
        PhoneCategory.FREE_SERVICE,
        False,
        "Service gratuit + prix appel",
        "Free service + call charges",
    ),
    "0820 with price, seed spelling (Île-de-France)": Case(
        "0820 012 112",
        "0,12 €/min",
        "08 20 01 21 12",
        "tel:+33820012112",
        PhoneCategory.SURCHARGED,
        False,
        "Service 0,12 €/min + prix appel",
        "Service 0,12 €/min + call charges",
    ),
    "0810 with price": Case(
        "08 10 12 34 56",
        "0,06 €/min",
        "08 10 12 34 56",
        "tel:+33810123456",
        PhoneCategory.SURCHARGED,
        False,
        "Service 0,06 €/min + prix appel",
        "Service 0,06 €/min + call charges",
    ),
    "0899 with price": Case(
        "0899 123 456",
        "0,80 €/min",
        "08 99 12 34 56",
        "tel:+33899123456",
        PhoneCategory.SURCHARGED,
        False,
        "Service 0,80 €/min + prix appel",
        "Service 0,80 €/min + call charges",
    ),
    "short: Allô Service Public": Case(
        "3939", None, "3939", "tel:3939", PhoneCategory.SHORT, False, None, None
    ),
    "short: 3975": Case("3975", None, "3975", "tel:3975", PhoneCategory.SHORT, False, None, None),
    "short, with a price staff know": Case(
        "3949",
        "0,15 €/min",
        "3949",
        "tel:3949",
        PhoneCategory.SHORT,
        False,
        "Service 0,15 €/min + prix appel",
        "Service 0,15 €/min + call charges",
    ),
    "short: emergency number is free": Case(
        "112", None, "112", "tel:112", PhoneCategory.SHORT, True, None, None
    ),
    "Belgian number, international form": Case(
        "+32 2 555 12 12",
        None,
        "+32 2 555 12 12",
        "tel:+3225551212",
        PhoneCategory.STANDARD,
        False,
        None,
        None,
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_number_is_shown_linked_and_labelled(case: Case) -> None:
    phone = parse_phone(case.raw, price=case.price)

    # Spaces in the table are written as plain spaces; the page must never wrap a number.
    assert phone.display == case.display.replace(" ", NBSP)
    assert " " not in phone.display
    assert phone.tel_uri == case.tel_uri
    assert phone.category is case.category
    assert phone.is_toll_free is case.toll_free
    assert phone.raw == case.raw
    assert phone.price == case.price
    assert price_label(phone, Catalog("fr")) == case.label_fr
    assert price_label(phone, Catalog("en")) == case.label_en


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("04 77 44 54 64", "+33477445464"),
        ("0477445464", "+33477445464"),
        ("+33 (0)4 77 44 54 64", "+33477445464"),
        ("0820 012 112", "+33820012112"),
        ("+32 2 555 12 12", "+3225551212"),
        ("3939", "3939"),
    ],
)
def test_e164_form_for_structured_data(raw: str, e164: str) -> None:
    price = "0,12 €/min" if raw.startswith("0820") else None
    assert parse_phone(raw, price=price).e164 == e164


@pytest.mark.parametrize(
    "raw",
    [
        "04 77",
        "12345678901234",
        "",
        "Tél. standard",
        "0820 012 112 (0,12€/min)",  # the price belongs in its own field
        "+32 2",
        "1234",  # not an assigned short number
    ],
)
def test_invalid_number_is_refused_with_the_number_quoted(raw: str) -> None:
    with pytest.raises(PhoneError) as caught:
        parse_phone(raw)
    assert caught.value.key == "phones.invalid"
    assert caught.value.params == {"number": raw}
    assert f"«\u00a0{raw}\u00a0»" in caught.value.message(Catalog("fr"))


@pytest.mark.parametrize("raw", ["0820 012 112", "0810 12 34 56", "0899 123 456"])
@pytest.mark.parametrize("price", [None, "", "   "])
def test_surcharged_number_without_price_is_refused(raw: str, price: str | None) -> None:
    with pytest.raises(PhoneError) as caught:
        parse_phone(raw, price=price)
    assert caught.value.key == "phones.price_required"
    message = caught.value.message(Catalog("fr"))
    assert raw in message
    assert "surtaxé" in message


@pytest.mark.parametrize(
    "raw", ["04 77 44 54 64", "0800 130 000", "0809 100 100", "+32 2 555 12 12"]
)
def test_price_on_a_number_without_surcharge_is_refused(raw: str) -> None:
    # A price next to a geographic or green number would mislead callers: staff must look.
    with pytest.raises(PhoneError) as caught:
        parse_phone(raw, price="0,12 €/min")
    assert caught.value.key == "phones.price_not_allowed"
    assert "0,12 €/min" in caught.value.message(Catalog("en"))


def test_08_number_outside_arcep_ranges_is_refused() -> None:
    with pytest.raises(PhoneError) as caught:
        parse_phone("0836 12 34 56")
    assert caught.value.key == "phones.special_unsupported"


def test_phone_error_reaches_pydantic_validation_with_its_key() -> None:
    # The validate step turns it into a ContentError at the file:line of the number.
    class Contact(BaseModel):
        phone: Annotated[Phone, BeforeValidator(parse_phone)]

    assert Contact(phone="04 77 44 54 64").phone.tel_uri == "tel:+33477445464"  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        Contact(phone="04 77")  # type: ignore[arg-type]
    cause = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(cause, PhoneError)
    assert cause.key == "phones.invalid"


def test_phone_is_immutable_and_hashable() -> None:
    phone = parse_phone("04 77 44 54 64")
    assert {phone: 1}[parse_phone("04 77 44 54 64")] == 1
    with pytest.raises(AttributeError):
        phone.display = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("category", "css_class"),
    [
        (PhoneCategory.STANDARD, "plato-phone--standard"),
        (PhoneCategory.FREE, "plato-phone--free"),
        (PhoneCategory.FREE_SERVICE, "plato-phone--free-service"),
        (PhoneCategory.SURCHARGED, "plato-phone--surcharged"),
        (PhoneCategory.SHORT, "plato-phone--short"),
    ],
)
def test_css_class_per_category(category: PhoneCategory, css_class: str) -> None:
    assert category_css_class(category) == css_class


def test_html_of_a_surcharged_number_has_link_and_violet_cartouche() -> None:
    phone = parse_phone("0820 012 112", price="0,12 €/min")
    html = phone_html(phone, None, Catalog("fr"))
    assert html == (
        '<a class="plato-phone plato-phone--surcharged" href="tel:+33820012112">'
        "08\u00a020\u00a001\u00a021\u00a012</a>"
        ' <span class="plato-phone__price plato-phone--surcharged">'
        "Service 0,12 €/min + prix appel</span>"
    )


def test_html_of_a_green_number_escapes_the_label_and_caption() -> None:
    phone = parse_phone("0800 130 000")
    html = phone_html(phone, "<Accueil & info>", Catalog("fr"))
    assert '<span class="plato-phone__label">&lt;Accueil &amp; info&gt;</span>' in html
    assert '<span class="plato-phone__price plato-phone--free">Service &amp; appel gratuits' in html
    assert "<Accueil" not in html


def test_html_of_a_geographic_number_has_no_cartouche() -> None:
    html = phone_html(parse_phone("04.77.44.54.64"), None, Catalog("en"))
    assert html == (
        '<a class="plato-phone plato-phone--standard" href="tel:+33477445464">'
        "04\u00a077\u00a044\u00a054\u00a064</a>"
    )


def test_price_from_yaml_is_escaped_in_html() -> None:
    phone = parse_phone("0899 123 456", price="<b>2 €</b>")
    html = phone_html(phone, None, Catalog("fr"))
    assert "&lt;b&gt;2 €&lt;/b&gt;" in html
    assert "<b>" not in html


def test_seed_numbers_as_staff_write_them_in_yaml() -> None:
    entries = yaml.safe_load(
        """
        - {number: "04.77.44.54.64"}
        - {number: "0820 012 112", price: "0,12 €/min"}
        """
    )
    phones: list[Phone] = [parse_phone(e["number"], price=e.get("price")) for e in entries]
    assert [p.tel_uri for p in phones] == ["tel:+33477445464", "tel:+33820012112"]
    assert [price_label(p, Catalog("fr")) for p in phones] == [
        None,
        "Service 0,12 €/min + prix appel",
    ]


def test_fr_and_en_catalogs_have_the_same_phone_keys() -> None:
    def phone_keys(language: str) -> set[str]:
        return {key for key in Catalog(language).messages if key.startswith("phones.")}

    assert phone_keys("fr") == phone_keys("en")
    assert "phones.label.surcharged" in phone_keys("fr")
