"""A synthetic national Plato network, deterministic from a seed, for tests and benchmarks.

``generate_network(root, territories=N, seed=S)`` writes a complete MkDocs project into
``root``: ``content/reseau.yml``, one ``content/territoires/<slug>.yml`` per territory,
``content/index.md`` and a ``mkdocs.yml`` that inherits the repository's own mkdocs.yml
(same theme, plugins and Markdown extensions), so the synthetic site is built exactly like
the real one. The same arguments always give the same bytes.

The content looks like what CCI staff write (see ``content/``): Plato and Expert groups
that are finished, running or still to start, schedules with moved and cancelled meetings
(with change records), public events (one moved, one cancelled now and then),
testimonials with a consent date, French phone numbers (08 numbers with their price),
contacts and declared figures. A territory has 7 groups on average (5 Plato of 24
meetings, 2 Expert of 12), so 100 territories give about 1,300 pages and 14,000 meetings.

Run ``python -m tests.synthetic DIR --territories 100`` to write one by hand.
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml

from plato_site.checks import holiday_name
from plato_site.derive import schedule_dates
from plato_site.models import Address, Schedule

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TODAY = date(2026, 6, 15)

# --- vocabulary ----------------------------------------------------------------------------

# (name, region, department number, telephone area prefix): real places, invented content.
PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("Roannais", "Auvergne-Rhône-Alpes", "42", "0477"),
    ("Beaujolais", "Auvergne-Rhône-Alpes", "69", "0474"),
    ("Forez", "Auvergne-Rhône-Alpes", "42", "0477"),
    ("Bugey", "Auvergne-Rhône-Alpes", "01", "0474"),
    ("Genevois", "Auvergne-Rhône-Alpes", "74", "0450"),
    ("Drôme provençale", "Auvergne-Rhône-Alpes", "26", "0475"),
    ("Livradois", "Auvergne-Rhône-Alpes", "63", "0473"),
    ("Bourbonnais", "Auvergne-Rhône-Alpes", "03", "0470"),
    ("Morvan", "Bourgogne-Franche-Comté", "58", "0386"),
    ("Auxois", "Bourgogne-Franche-Comté", "21", "0380"),
    ("Jura", "Bourgogne-Franche-Comté", "39", "0384"),
    ("Pays de Montbéliard", "Bourgogne-Franche-Comté", "25", "0381"),
    ("Trégor", "Bretagne", "22", "0296"),
    ("Pays de Morlaix", "Bretagne", "29", "0298"),
    ("Pays de Vannes", "Bretagne", "56", "0297"),
    ("Pays de Fougères", "Bretagne", "35", "0299"),
    ("Berry", "Centre-Val de Loire", "18", "0248"),
    ("Touraine", "Centre-Val de Loire", "37", "0247"),
    ("Sologne", "Centre-Val de Loire", "41", "0254"),
    ("Perche", "Centre-Val de Loire", "28", "0237"),
    ("Ajaccio", "Corse", "2A", "0495"),
    ("Bastia", "Corse", "2B", "0495"),
    ("Ardennes", "Grand Est", "08", "0324"),
    ("Vosges", "Grand Est", "88", "0329"),
    ("Alsace du Nord", "Grand Est", "67", "0388"),
    ("Pays messin", "Grand Est", "57", "0387"),
    ("Champagne", "Grand Est", "51", "0326"),
    ("Boulonnais", "Hauts-de-France", "62", "0321"),
    ("Cambrésis", "Hauts-de-France", "59", "0327"),
    ("Flandre intérieure", "Hauts-de-France", "59", "0328"),
    ("Oise", "Hauts-de-France", "60", "0344"),
    ("Somme", "Hauts-de-France", "80", "0322"),
    ("Essonne", "Île-de-France", "91", "0160"),
    ("Seine-et-Marne", "Île-de-France", "77", "0164"),
    ("Val-d'Oise", "Île-de-France", "95", "0134"),
    ("Yvelines", "Île-de-France", "78", "0139"),
    ("Hauts-de-Seine", "Île-de-France", "92", "0146"),
    ("Seine-Saint-Denis", "Île-de-France", "93", "0148"),
    ("Val-de-Marne", "Île-de-France", "94", "0145"),
    ("Pays de Caux", "Normandie", "76", "0235"),
    ("Cotentin", "Normandie", "50", "0233"),
    ("Pays d'Auge", "Normandie", "14", "0231"),
    ("Pays d'Evreux", "Normandie", "27", "0232"),
    ("Périgord", "Nouvelle-Aquitaine", "24", "0553"),
    ("Pays basque", "Nouvelle-Aquitaine", "64", "0559"),
    ("Limousin", "Nouvelle-Aquitaine", "87", "0555"),
    ("Charente", "Nouvelle-Aquitaine", "16", "0545"),
    ("Landes", "Nouvelle-Aquitaine", "40", "0558"),
    ("Médoc", "Nouvelle-Aquitaine", "33", "0556"),
    ("Rouergue", "Occitanie", "12", "0565"),
    ("Albigeois", "Occitanie", "81", "0563"),
    ("Biterrois", "Occitanie", "34", "0467"),
    ("Gers", "Occitanie", "32", "0562"),
    ("Pays catalan", "Occitanie", "66", "0468"),
    ("Gard rhodanien", "Occitanie", "30", "0466"),
    ("Mayenne", "Pays de la Loire", "53", "0243"),
    ("Vendée", "Pays de la Loire", "85", "0251"),
    ("Anjou", "Pays de la Loire", "49", "0241"),
    ("Sarthe", "Pays de la Loire", "72", "0243"),
    ("Pays nantais", "Pays de la Loire", "44", "0240"),
    ("Pays d'Arles", "Provence-Alpes-Côte d'Azur", "13", "0490"),
    ("Var", "Provence-Alpes-Côte d'Azur", "83", "0494"),
    ("Vaucluse", "Provence-Alpes-Côte d'Azur", "84", "0490"),
    ("Pays de Grasse", "Provence-Alpes-Côte d'Azur", "06", "0493"),
    ("Hautes-Alpes", "Provence-Alpes-Côte d'Azur", "05", "0492"),
)
# Beyond the places above, territories are their subdivisions ("Beaujolais nord").
QUALIFIERS = ("nord", "sud", "est", "ouest", "centre")

FIRST_NAMES = (
    "Sophie", "Franck", "Claire", "Nicolas", "Isabelle", "Thomas", "Nathalie", "Julien",
    "Céline", "Laurent", "Émilie", "Stéphane", "Aurélie", "Mathieu", "Hélène", "Olivier",
    "Camille", "Sébastien", "Julie", "François", "Anne", "Hervé", "Élodie", "Yannick",
)  # fmt: skip
LAST_NAMES = (
    "Bernard", "Tournery", "Dumas", "Martin", "Petit", "Durand", "Leroy", "Moreau",
    "Girard", "Fontaine", "Rousseau", "Lambert", "Bonnet", "Mercier", "Chevalier", "Garnier",
    "Faure", "Perrin", "Morel", "Lefèvre", "Gauthier", "Roussel", "Blanc", "Guérin",
)  # fmt: skip
LARGE_COMPANIES = (
    "Engie", "Michelin", "Orange", "SNCF", "EDF", "Airbus", "Safran", "La Poste",
    "Thales", "Schneider Electric", "Saint-Gobain", "Veolia", "Crédit Agricole", "Renault",
    "TotalEnergies", "Bouygues", "Vinci", "Legrand", "Enedis", "GRDF",
)  # fmt: skip
COACH_ROLES = (
    "Responsable achats", "Directeur d'usine", "Responsable des ressources humaines",
    "Directrice financière", "Responsable qualité", "Directeur commercial",
)  # fmt: skip
SMALL_COMPANY_WORDS = (
    "Usinage", "Menuiserie", "Transports", "Imprimerie", "Plasturgie", "Informatique",
    "Bâtiment", "Chaudronnerie", "Conseil", "Textile", "Électricité", "Emballages",
)  # fmt: skip
MANAGER_ROLES = ("Gérante", "Gérant", "Président", "Présidente", "Directeur général")
TOPICS = (
    "Lancement et attentes du groupe", "Communication interne", "Le business plan",
    "Financement de la stratégie commerciale", "Entretien annuel d'évaluation",
    "La motivation des salariés", "Développement commercial", "La gestion du stress",
    "Recrutement", "Gestion de crise", "L'optimisation des ressources",
    "La communication externe", "Le management intergénérationnel",
    "La transmission d'entreprise", "Les relations avec les banques",
    "La prévention des risques", "L'export", "Le numérique dans l'entreprise",
    "La marque employeur", "La cybersécurité", "La transition énergétique",
    "Négocier avec les grands comptes", "Fixer ses prix", "La relation client",
)  # fmt: skip
STREETS = (
    "rue Aristide Briand", "avenue de la République", "place de la Mairie", "rue Victor Hugo",
    "boulevard Gambetta", "rue du Commerce", "quai de la Gare", "rue Pasteur",
)  # fmt: skip
MOVE_REASONS = (
    "salle indisponible", "à la demande du groupe", "jour férié", "grève des transports",
)  # fmt: skip
CANCEL_REASONS = (
    "remplacée par la séance plénière", "trop peu de participants disponibles",
    "intempéries",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
SLOTS = (("8:30", "12:00"), ("9h", "12h30"), ("14:00", "17:30"), ("8 h 30", "11 h 30"))


# --- the generator ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticNetwork:
    """What was written, so tests and the benchmark can check the built site against it."""

    root: Path  # the MkDocs project (holds mkdocs.yml)
    config_file: Path
    content_dir: Path
    today: date  # the build date the content was written for (SOURCE_DATE_EPOCH)
    territories: tuple[str, ...]  # slugs, sorted
    groups: int
    meetings: int
    events: int
    testimonials: int

    @property
    def source_date_epoch(self) -> str:
        """Value of SOURCE_DATE_EPOCH that makes a build see ``today``: noon in Paris."""
        noon = datetime.combine(self.today, time(12), tzinfo=UTC)
        return str(int(noon.timestamp()))

    def territory_file(self, slug: str) -> Path:
        return self.content_dir / "territoires" / f"{slug}.yml"


def generate_network(
    root: Path,
    territories: int,
    seed: int = 0,
    today: date = DEFAULT_TODAY,
    parent_config: Path = REPO_ROOT / "mkdocs.yml",
) -> SyntheticNetwork:
    """Write a network of ``territories`` territories into ``root`` (created if missing)."""
    if territories < 1:
        raise ValueError("a network needs at least one territory")
    rng = random.Random(seed)
    content_dir = root / "content"
    territory_dir = content_dir / "territoires"
    territory_dir.mkdir(parents=True, exist_ok=True)

    _write_yaml(content_dir / "reseau.yml", _network(), "Réseau Plato (synthétique)")
    (content_dir / "index.md").write_text(_INDEX, encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(_mkdocs_config(parent_config), encoding="utf-8")

    slugs: list[str] = []
    totals = {"groups": 0, "meetings": 0, "events": 0, "testimonials": 0}
    for name, region, department, prefix in _places(territories):
        slug = slugify(name)
        territory, counts = _territory(rng, name, region, department, prefix, slug, today)
        _write_yaml(territory_dir / f"{slug}.yml", territory, f"Territoire {name}")
        slugs.append(slug)
        for key, value in counts.items():
            totals[key] += value
    return SyntheticNetwork(
        root=root,
        config_file=config_file,
        content_dir=content_dir,
        today=today,
        territories=tuple(sorted(slugs)),
        **totals,
    )


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_name.lower()).split()
    return "-".join(words)


def _places(count: int) -> list[tuple[str, str, str, str]]:
    """``count`` distinct places: the list above, then its subdivisions."""
    places = list(PLACES)
    for qualifier in QUALIFIERS:
        places += [(f"{n} {qualifier}", r, d, p) for n, r, d, p in PLACES]
    if count > len(places):
        raise ValueError(f"at most {len(places)} territories")
    return places[:count]


_INDEX = """\
# Réseau Plato

Un réseau national synthétique, écrit par `tests/synthetic.py` pour les tests et les
mesures de performance : chaque territoire a ses groupes Plato et Expert, ses rencontres,
ses événements et ses témoignages.
"""


def _mkdocs_config(parent: Path) -> str:
    """Inherit the project's config; only the folders differ (they are relative to root)."""
    config = {
        "INHERIT": str(parent.resolve()),
        "docs_dir": "content",
        "site_dir": "site",
        "theme": {"custom_dir": str((parent.parent / "site_config" / "overrides").resolve())},
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, the way staff write descriptions."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _write_yaml(path: Path, data: dict[str, Any], heading: str) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88)
    path.write_text(f"# {heading} : fichier généré, ne pas modifier.\n{text}", encoding="utf-8")


def _network() -> dict[str, Any]:
    return {
        "name": "Réseau Plato",
        "founded": 1988,
        "description": (
            "Plato réunit, sur un même territoire, **10 à 18 dirigeants de TPE-PME** et "
            "**3 cadres de grandes entreprises**, une fois par mois pendant **deux ans**.\n"
        ),
        "publisher": {
            "name": "CCI France",
            "address": _address("8 rue Aristide Briand", "75008", "Paris"),
            "director": "Le président de CCI France",
            "email": "plato@example.org",
            "phone": {"number": "0820 012 112", "price": "0,12 €/min"},
            "website": "https://www.example.org/",
        },
        "host": {
            "name": "Hébergeur Exemple SAS",
            "address": _address("2 rue Kellermann", "59100", "Roubaix"),
            "website": "https://hebergeur.example.net/",
        },
        "phones": [
            {"number": "0820 012 112", "label": "Numéro national Plato", "price": "0,12 €/min"},
            {"number": "0800 100 200", "label": "Numéro vert des entreprises"},
        ],
        "figures": [{"label": "Territoires animés par les CCI", "value": "plus de 60"}],
        "how_to_join": {
            "audience": "Vous dirigez une entreprise de 10 à 100 salariés.\n",
            "company_size": {"min": 10, "max": 100},
            "commitment": "Une demi-journée par mois pendant deux ans.\n",
            "fee": {
                "amount": "1 800 € HT pour les deux ans",
                "covers": ["les 24 rencontres mensuelles", "la cérémonie de lancement"],
            },
            "steps": [
                "Venez à une réunion d'information.",
                "Un entretien vérifie que le programme répond à vos attentes.",
                "Le groupe démarre avec la cérémonie de lancement.",
            ],
            "faq": [
                {
                    "question": "Combien de temps dure un groupe Plato ?",
                    "answer": "Deux ans ; un groupe *Expert* ajoute une année.",
                },
                {
                    "question": "Faut-il être membre de la CCI ?",
                    "answer": "Non, le programme est ouvert à toutes les entreprises.",
                },
            ],
        },
        "accessibility": {"status": "non_compliant", "contact_email": "accessibilite@example.org"},
    }


def _address(street: str, postal_code: str, city: str) -> dict[str, str]:
    return {"street": street, "postal_code": postal_code, "city": city}


def _territory(
    rng: random.Random,
    name: str,
    region: str,
    department: str,
    prefix: str,
    slug: str,
    today: date,
) -> tuple[dict[str, Any], dict[str, int]]:
    city = name.split(" ")[-1].capitalize() if " " in name else name
    postal = f"{department.replace('A', '0').replace('B', '0')}{rng.randrange(0, 999):03d}"
    address = _address(f"{rng.randrange(1, 120)} {rng.choice(STREETS)}", postal, city)
    coordinates = {"lat": round(rng.uniform(42.5, 50.5), 4), "lon": round(rng.uniform(-4, 7.5), 4)}
    chamber_venue = {"name": f"CCI {name}", "address": address, "coordinates": coordinates}
    email = f"plato-{slug}@example.org"
    standard = _geographic(rng, prefix)

    groups, meetings = _groups(rng, slug, name, chamber_venue, today)
    events = _events(rng, slug, name, chamber_venue, email, standard, groups, today)
    _off_public_holidays(groups, events, today)
    testimonials = _testimonials(rng, groups, today)

    territory: dict[str, Any] = {
        "name": name,
        "region": region,
        "since": rng.randrange(1995, 2012),
        "chamber": {
            "name": f"CCI {name}",
            "address": address,
            "website": f"https://www.example.org/{slug}/",
            "email": email,
            "coordinates": coordinates,
        },
        "description": (
            f"Plato {name} met en réseau des TPE-PME du territoire avec des cadres de grandes "
            "entreprises, au rythme d'une rencontre par mois pendant deux ans. Trois mots "
            "clés : **réseau**, **échanges**, **affaires**.\n"
        ),
        "contacts": [
            {
                "name": _person(rng),
                "role": f"Chef de projet Plato, CCI {name}",
                "phones": [{"number": standard}, {"number": _mobile(rng), "label": "Portable"}],
                "email": email,
            }
        ],
        "phones": [{"number": standard, "label": f"Standard Plato {name}"}],
        "figures": [
            {
                "label": "Dirigeants accueillis depuis le premier programme",
                "value": f"plus de {rng.randrange(4, 20) * 10}",
                "year": today.year - 1,
                "source": f"CCI {name}",
            }
        ],
        "groups": groups,
        "events": events,
        "testimonials": testimonials,
    }
    if rng.random() < 0.1:  # a few chambers publish their surcharged switchboard
        territory["phones"].append(
            {"number": f"0825 {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
             "label": "Accueil des entreprises", "price": "0,15 €/min"}
        )  # fmt: skip
    if rng.random() < 0.3:
        territory["how_to_join"] = {
            "commitment": f"Un groupe Plato {name} réunit **10 à 12 dirigeants**, une matinée "
            "par mois pendant deux ans.\n"
        }
    territory["communes"] = _communes(slug, department, city)
    counts = {
        "groups": len(groups),
        "meetings": meetings,
        "events": len(events),
        "testimonials": len(testimonials),
    }
    return territory, counts


COMMUNE_STEMS = (
    "Saint-Martin",
    "Villeneuve",
    "Montigny",
    "Beaumont",
    "Châteauneuf",
    "Fontaine",
    "Sainte-Marie",
    "Bourg",
    "La Chapelle",
    "Le Mesnil",
    "Neuville",
    "Champagne",
)
COMMUNE_TAILS = ("sur-Loire", "les-Bains", "en-Forez", "la-Forêt", "du-Lac", "le-Château",
                 "d'Aval", "des-Prés", "sous-Bois", "la-Rivière")  # fmt: skip


def _communes(slug: str, department: str, city: str) -> list[str]:
    """20 to 40 communes ("42300 Roanne"), from their own random source: the rest of the
    network stays the bytes it was before territories listed their communes."""
    rng = random.Random(f"communes-{slug}")
    prefix = "20" if department in ("2A", "2B") else department
    lines = {f"{prefix}000 {city}"}
    while len(lines) < rng.randrange(20, 41):
        name = f"{rng.choice(COMMUNE_STEMS)}-{rng.choice(COMMUNE_TAILS)}"
        lines.add(f"{prefix}{rng.randrange(10, 999):03d} {name}")
    return sorted(lines)


def _off_public_holidays(
    groups: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]], today: date
) -> None:
    """Move what the random rules put on a public holiday, as staff do when validate warns
    (no random draw: the rest of the network stays the same for a given seed)."""
    for group in groups:
        schedule = Schedule.model_validate(group["schedule"])
        count = group["schedule"].get("count") or (24 if group["kind"] == "plato" else 12)
        overrides = {int(item["number"]): item for item in group.get("meetings", [])}
        address = Address.model_validate(group["venue"]["address"])
        for number, planned in enumerate(schedule_dates(schedule, count), 1):
            override = overrides.get(number, {})
            day = date.fromisoformat(override.get("date", planned.isoformat()))
            if "cancelled" in override or day < today or not holiday_name(day, address):
                continue
            while holiday_name(day, address):
                day += timedelta(days=7)
            if not override:
                announced = group["published"]
                override = {
                    "number": number,
                    "changes": [{"announced": announced, "reason": "jour férié"}],
                }
                overrides[number] = override
            override["date"] = day.isoformat()
        if overrides:
            group["meetings"] = [overrides[number] for number in sorted(overrides)]
    for event in events:
        day = date.fromisoformat(event["date"])
        address = Address.model_validate(event["venue"]["address"])
        while day >= today and holiday_name(day, address):
            day += timedelta(days=1)
        event["date"] = day.isoformat()


def _geographic(rng: random.Random, prefix: str) -> str:
    digits = f"{prefix}{rng.randrange(0, 1_000_000):06d}"
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


def _mobile(rng: random.Random) -> str:
    # 06 39 and 06 90-97 belong to overseas departments, not to metropolitan France.
    pairs = [f"{rng.randrange(10, 39)}", *(f"{rng.randrange(10, 100)}" for _ in range(3))]
    return ".".join(["06", *pairs])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _groups(
    rng: random.Random, slug: str, name: str, venue: dict[str, Any], today: date
) -> tuple[list[dict[str, Any]], int]:
    """Plato editions every ~2 years up to one still to start, Expert groups in between."""
    plato_count = rng.choice((4, 5, 5, 6))
    # The last edition starts 2 to 9 months from now, the one before runs, older ones ended.
    first_offset = rng.randrange(2, 10)
    starts = [first_offset - 26 * (plato_count - 1 - i) for i in range(plato_count)]
    groups: list[dict[str, Any]] = []
    meetings = 0
    for edition, offset in enumerate(starts, start=1):
        group = _group(rng, slug, name, venue, today, "plato", edition, offset)
        groups.append(group)
        meetings += _meeting_count(group)
    # Two Expert groups for the alumni: one finished, one running or about to start.
    for number, offset in enumerate((starts[-3] + 25, starts[-2] + 24), start=1):
        group = _group(rng, slug, name, venue, today, "expert", number, offset)
        groups.append(group)
        meetings += _meeting_count(group)
    return groups, meetings


def _meeting_count(group: dict[str, Any]) -> int:
    count = group["schedule"].get("count")
    return int(count) if count else (24 if group["kind"] == "plato" else 12)


def _group(
    rng: random.Random,
    slug: str,
    name: str,
    venue: dict[str, Any],
    today: date,
    kind: str,
    edition: int,
    start_offset: int,
) -> dict[str, Any]:
    year, month = _add_months(today.year, today.month, start_offset)
    start_time, end_time = rng.choice(SLOTS)
    schedule: dict[str, Any] = {
        "start_month": f"{year}-{month:02d}",
        "weekday": rng.choice(WEEKDAYS),
        "week": rng.choice((1, 2, 2, 3, -1)),
        "start_time": start_time,
        "end_time": end_time,
    }
    count = 24 if kind == "plato" else 12
    if rng.random() < 0.3:
        schedule["count"] = count
    if rng.random() < 0.8:
        schedule["skip_months"] = [8]
    label = "Plato" if kind == "plato" else "Plato Expert"
    group_id = f"{slug}-{edition}" if kind == "plato" else f"{slug}-expert-{edition}"
    capacity_max = rng.choice((12, 14, 16, 18))
    dates = schedule_dates(Schedule.model_validate(schedule), count)
    started = dates[0] <= today
    seats = rng.randrange(10, capacity_max + 1) if started else rng.randrange(3, capacity_max + 1)
    group: dict[str, Any] = {
        "id": group_id,
        "name": f"{label} {name} {edition}",
        "kind": kind,
        "edition": edition,
        "capacity": {"min": 10, "max": capacity_max},
        "seats_taken": seats,
        "coaches": _coaches(rng),
        "venue": venue,
        "schedule": schedule,
        "topics": rng.sample(TOPICS, rng.randrange(1, min(count, len(TOPICS)) + 1)),
        "published": (dates[0] - timedelta(days=rng.randrange(60, 180))).isoformat(),
    }
    if rng.random() < 0.4:
        group["description"] = (
            f"Le groupe {label} {name} {edition} réunit des dirigeants de l'industrie et des "
            "services autour de thèmes qu'ils choisissent eux-mêmes.\n"
        )
    overrides = _overrides(rng, dates, venue["address"])
    if overrides:
        group["meetings"] = overrides
    return group


def _coaches(rng: random.Random) -> list[dict[str, str]]:
    coaches: list[dict[str, str]] = []
    for company in rng.sample(LARGE_COMPANIES, 3):
        coach = {"company": company}
        if rng.random() < 0.4:
            coach["name"] = _person(rng)
            coach["role"] = rng.choice(COACH_ROLES)
        coaches.append(coach)
    return coaches


def _overrides(
    rng: random.Random, dates: Sequence[date], address: dict[str, str]
) -> list[dict[str, Any]]:
    """A moved meeting (with its change record), a cancelled one, a change of venue."""
    numbers = rng.sample(range(2, len(dates) + 1), 3)
    moved, cancelled, elsewhere = numbers
    overrides: list[dict[str, Any]] = []
    if rng.random() < 0.7:
        planned = dates[moved - 1]
        overrides.append(
            {
                "number": moved,
                "date": (planned + timedelta(days=7)).isoformat(),
                "topic": rng.choice(TOPICS),
                "changes": [
                    {
                        "announced": (planned - timedelta(days=rng.randrange(10, 40))).isoformat(),
                        "reason": rng.choice(MOVE_REASONS),
                    }
                ],
            }
        )
    if rng.random() < 0.4:
        planned = dates[cancelled - 1]
        overrides.append(
            {
                "number": cancelled,
                "cancelled": {
                    "announced": (planned - timedelta(days=rng.randrange(5, 30))).isoformat(),
                    "reason": rng.choice(CANCEL_REASONS),
                },
            }
        )
    if rng.random() < 0.3:
        overrides.append(
            {
                "number": elsewhere,
                "start_time": "9:00",
                "venue": {
                    "name": "Technopôle",
                    "address": _address("1 rue Diderot", address["postal_code"], address["city"]),
                },
            }
        )
    return sorted(overrides, key=lambda item: int(item["number"]))


def _events(
    rng: random.Random,
    slug: str,
    name: str,
    venue: dict[str, Any],
    email: str,
    phone: str,
    groups: Sequence[dict[str, Any]],
    today: date,
) -> list[dict[str, Any]]:
    """Information meetings and kickoffs of the next group, and a plenary session."""
    upcoming = next(g for g in reversed(groups) if g["kind"] == "plato")
    year, month = (int(part) for part in upcoming["schedule"]["start_month"].split("-"))
    kickoff_day = date(year, month, 1) - timedelta(days=rng.randrange(5, 15))
    events: list[dict[str, Any]] = []
    for index in range(2):
        day = kickoff_day - timedelta(days=30 + 21 * index)
        event: dict[str, Any] = {
            "id": f"information-{day.isoformat()}",
            "kind": "information_meeting",
            "title": f"Réunion d'information {upcoming['name']}",
            "date": day.isoformat(),
            "start_time": "18:00",
            "end_time": "19:30",
            "venue": venue,
            "description": "Découvrez le programme avec des anciens participants.\n",
            "registration": {
                "email": email,
                "phone": {"number": phone},
                "deadline": (day - timedelta(days=3)).isoformat(),
            },
            "published": (day - timedelta(days=60)).isoformat(),
        }
        if index == 1 and rng.random() < 0.3:
            previous = day - timedelta(days=7)
            event["changes"] = [
                {
                    "announced": (previous - timedelta(days=14)).isoformat(),
                    "reason": rng.choice(MOVE_REASONS),
                    "previous_date": previous.isoformat(),
                }
            ]
        events.append(event)
    events.append(
        {
            "id": f"lancement-{upcoming['id']}",
            "kind": "kickoff",
            "title": f"Cérémonie d'ouverture du groupe {upcoming['name']}",
            "date": kickoff_day.isoformat(),
            "start_time": "18:00",
            "end_time": "20:30",
            "venue": venue,
            "registration": {"url": f"https://www.example.org/{slug}/inscription"},
            "published": (kickoff_day - timedelta(days=90)).isoformat(),
        }
    )
    plenary_day = today - timedelta(days=rng.randrange(20, 200))
    plenary: dict[str, Any] = {
        "id": f"pleniere-{plenary_day.year}",
        "kind": "plenary",
        "date": plenary_day.isoformat(),
        "start_time": "17:30",
        "end_time": "20:00",
        "venue": venue,
        "description": f"Séance plénière annuelle des groupes Plato {name}.\n",
    }
    if rng.random() < 0.2:
        plenary["cancelled"] = {
            "announced": (plenary_day - timedelta(days=10)).isoformat(),
            "reason": rng.choice(CANCEL_REASONS),
        }
    events.append(plenary)
    return events


def _testimonials(
    rng: random.Random, groups: Sequence[dict[str, Any]], today: date
) -> list[dict[str, Any]]:
    finished = [g for g in groups if g["kind"] == "plato"][:-2]
    testimonials: list[dict[str, Any]] = []
    for group in rng.sample(finished, min(len(finished), rng.randrange(0, 4))):
        year = int(group["schedule"]["start_month"][:4]) + 2
        year = min(year, today.year)
        consent = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
        testimonials.append(
            {
                "quote": "Au terme du parcours, on a le réflexe de s'appeler entre dirigeants, "
                "et même de se recommander auprès de nos clients.",
                "author": _person(rng),
                "role": rng.choice(MANAGER_ROLES),
                "company": f"{rng.choice(LAST_NAMES)} {rng.choice(SMALL_COMPANY_WORDS)}",
                "group": group["id"],
                "year": year,
                "consent_date": min(consent, today).isoformat(),
            }
        )
    return testimonials


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic Plato network.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--territories", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    network = generate_network(args.root, args.territories, args.seed)
    print(
        f"{len(network.territories)} territories, {network.groups} groups, "
        f"{network.meetings} meetings, {network.events} events in {network.root}; "
        f"build with SOURCE_DATE_EPOCH={network.source_date_epoch}"
    )


if __name__ == "__main__":
    main()
