"""The links into calendar services, in the exact formats the services read."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup

from plato_site.render import calendar_links as links

FEED = "https://plato.example.org/territoires/roannais/calendrier.ics"
START, END = datetime(2027, 1, 28, 18, 0), datetime(2027, 1, 28, 19, 30)
SUMMER = datetime(2027, 6, 3, 8, 30), datetime(2027, 6, 3, 12, 0)


def test_subscribe_links() -> None:
    assert links.webcal(FEED) == "webcal://plato.example.org/territoires/roannais/calendrier.ics"
    assert links.google_subscribe(FEED) == (
        "https://calendar.google.com/calendar/render?cid="
        "webcal%3A%2F%2Fplato.example.org%2Fterritoires%2Froannais%2Fcalendrier.ics"
    )
    name = "Plato Roannais — calendrier"
    personal = links.outlook_subscribe(links.OUTLOOK_COM, FEED, name)
    work = links.outlook_subscribe(links.MICROSOFT_365, FEED, name)
    query = "url=https%3A%2F%2Fplato.example.org%2Fterritoires%2Froannais%2Fcalendrier.ics"
    query += "&name=Plato%20Roannais%20%E2%80%94%20calendrier"
    assert personal == f"https://outlook.live.com/calendar/0/addfromweb?{query}"
    assert work == f"https://outlook.office.com/calendar/0/addfromweb?{query}"


def test_google_template_in_paris_time() -> None:
    url = links.google_add(
        "Réunion d'information", START, END, "Détails\n\nhttps://x.y/", "CCI, Roanne"
    )
    assert url == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
        "&text=R%C3%A9union%20d%27information&dates=20270128T180000%2F20270128T193000"
        "&ctz=Europe%2FParis&details=D%C3%A9tails%0A%0Ahttps%3A%2F%2Fx.y%2F"
        "&location=CCI%2C%20Roanne"
    )


def test_outlook_compose_with_the_paris_offset_of_the_day() -> None:
    winter = links.outlook_add(links.OUTLOOK_COM, "Rencontre", START, END, "", "Roanne")
    assert winter == (
        "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose"
        "&rru=addevent&subject=Rencontre&startdt=2027-01-28T18%3A00%3A00%2B01%3A00"
        "&enddt=2027-01-28T19%3A30%3A00%2B01%3A00&body=&location=Roanne"
    )
    summer = parse_qs(urlsplit(links.outlook_add(links.MICROSOFT_365, "R", *SUMMER, "", "")).query)
    assert (summer["startdt"], summer["enddt"]) == (
        ["2027-06-03T08:30:00+02:00"],
        ["2027-06-03T12:00:00+02:00"],
    )
    assert links.outlook_add(links.MICROSOFT_365, "R", *SUMMER, "", "").startswith(
        "https://outlook.office.com/calendar/0/deeplink/compose?"
    )


def test_every_public_event_to_come_offers_the_four_ways_to_add_it(example_site: Path) -> None:
    page = example_site / "territoires/roannais/calendrier/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    blocks = soup.select("p.plato-add")
    assert blocks  # the information meeting and the launch of Roannais 6
    for block in blocks:
        hrefs = [a["href"] for a in block.find_all("a")]
        assert [urlsplit(h).netloc for h in hrefs[:3]] == [
            "calendar.google.com",
            "outlook.live.com",
            "outlook.office.com",
        ]
        assert str(hrefs[3]).endswith(".ics")
        google = parse_qs(urlsplit(str(hrefs[0])).query)
        assert google["action"] == ["TEMPLATE"] and google["ctz"] == ["Europe/Paris"]


def test_a_finished_group_offers_no_subscription(example_site: Path) -> None:
    finished = example_site / "territoires/roannais/groupes/roannais-4/index.html"
    running = example_site / "territoires/roannais/groupes/roannais-5/index.html"
    finished_soup = BeautifulSoup(finished.read_text(encoding="utf-8"), "html.parser")
    assert finished_soup.select("table.plato-meetings")  # the meetings are still listed
    assert not finished_soup.select(".plato-subscribe")
    running_soup = BeautifulSoup(running.read_text(encoding="utf-8"), "html.parser")
    hrefs = {urlsplit(str(a["href"])).netloc for a in running_soup.select(".plato-subscribe a")}
    assert {"calendar.google.com", "outlook.live.com", "outlook.office.com"} <= hrefs
