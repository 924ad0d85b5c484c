"""The home page's map of the territories: an inline SVG laid out at build time from their
coordinates (no tile server, nothing from a third party), a supplement to the list.

Each territory is a point and its name, a link to its page. The projection is
equirectangular with the cosine of the mean latitude (true shapes at the scale of a
country), fitted to the territories with margins. Names are placed where they hide
neither another name nor another point (right, left, above, below, then further out with
a leader line); long names wrap on two lines. A name with no free place (a crowded
national network) shows while its point is hovered or focused: the list of territories
below the map names them all. The same territories give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from plato_site.derive import TerritoryView
from plato_site.render import urls
from plato_site.render.france_outline import MAINLAND_FRANCE, Ring

WIDTH = 340.0  # viewBox units: a phone shows the map at about this size, names at 14 px
MIN_HEIGHT, MAX_HEIGHT = 160.0, 380.0
MARGIN = 28.0  # around the points, inside the viewBox
MIN_SPAN = 0.6  # degrees: one territory, or territories close together, are not blown up
FONT_SIZE = 14.0
LINE_HEIGHT = FONT_SIZE * 1.2
CHAR_WIDTH = FONT_SIZE * 0.56  # a generous average for the sans-serif of the theme
POINT_RADIUS = 6.0
WRAP_AFTER = 16  # characters: longer names go on two lines
GAPS = (9.0, 24.0, 42.0, 62.0)  # from the point to its name, nearest first


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Box) -> float:
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0

    def inside(self, width: float, height: float) -> bool:
        return (
            self.left >= 2
            and self.top >= 2
            and self.right <= width - 2
            and self.bottom <= height - 2
        )


@dataclass(frozen=True)
class MapLabel:
    lines: tuple[str, ...]
    x: float  # the text's anchor point
    y: float  # baseline of the first line
    anchor: str  # SVG text-anchor: "start", "end" or "middle"
    box: Box
    leader: bool  # drawn away from its point: a line joins them
    # No free place (a crowded network): shown only while its link is hovered or focused.
    crowded: bool = False


@dataclass(frozen=True)
class MapPoint:
    name: str
    url: str  # site-relative
    region: str
    x: float
    y: float
    label: MapLabel

    @property
    def leader_end(self) -> tuple[float, float]:
        """Where a leader line meets the name: the nearest point of its box, not through it."""
        box = self.label.box
        return (
            round(min(max(self.x, box.left), box.right), 1),
            round(min(max(self.y, box.top), box.bottom), 1),
        )


@dataclass(frozen=True)
class TerritoryMap:
    width: float
    height: float
    points: tuple[MapPoint, ...]
    # Territories without coordinates (neither theirs nor their CCI's): only in the list.
    missing: tuple[str, ...] = ()
    # Where the overseas strip begins (None: no overseas territory beside mainland ones).
    overseas_top: float | None = None
    # SVG path data of mainland France and Corsica, where they cross the map (render/
    # france_outline.py): under the points, for bearings; nothing when no point is there.
    land: tuple[str, ...] = ()


# Mainland France and Corsica: overseas territories beside them go in a strip below the
# map, as on French maps, instead of stretching it across oceans.
MAINLAND = ((41.0, 51.6), (-5.8, 10.0))  # (south, north), (west, east)
OVERSEAS_STRIP = 64.0


def _on_mainland(lat: float, lon: float) -> bool:
    (south, north), (west, east) = MAINLAND
    return south <= lat <= north and west <= lon <= east


def territory_map(territories: Iterable[TerritoryView]) -> TerritoryMap:
    located: list[tuple[TerritoryView, float, float]] = []
    missing: list[str] = []
    for tv in sorted(territories, key=lambda tv: (tv.name, tv.slug)):
        where = tv.territory.coordinates or tv.territory.chamber.coordinates
        if where is None:
            missing.append(tv.name)
        else:
            located.append((tv, where.lat, where.lon))
    if not located:
        return TerritoryMap(WIDTH, MIN_HEIGHT, (), tuple(missing))
    mainland = [item for item in located if _on_mainland(item[1], item[2])]
    overseas = [item for item in located if not _on_mainland(item[1], item[2])]
    draw_land = bool(mainland)  # the outline only under points that stand on it
    if not mainland or not overseas:
        mainland, overseas = located, []
    width, height, project = _projection([(lat, lon) for _, lat, lon in mainland])
    spots = _apart([(tv, *project(lat, lon)) for tv, lat, lon in mainland])
    strip_top = None
    if overseas:
        # West to east, evenly spaced on one line (the Antilles, then Réunion, Mayotte…).
        overseas.sort(key=lambda item: (item[2], item[0].name))
        strip_top = height
        step = width / len(overseas)
        spots += [
            (tv, round(step * (index + 0.5), 1), round(height + 18, 1))
            for index, (tv, _, _) in enumerate(overseas)
        ]
        height += OVERSEAS_STRIP
    points = _place_labels(spots, width, height)
    land: tuple[str, ...] = ()
    if draw_land:
        outlines = [_path(ring, project, width, strip_top or height) for ring in MAINLAND_FRANCE]
        land = tuple(path for path in outlines if path)
    return TerritoryMap(width, height, tuple(points), tuple(missing), strip_top, land)


def _path(ring: Ring, project: _Projector, width: float, height: float) -> str:
    """SVG path data of ``ring``, or "" when it lies wholly outside the map."""
    spots = [project(lat, lon) for lon, lat in ring]
    xs, ys = [x for x, _ in spots], [y for _, y in spots]
    if max(xs) < 0 or min(xs) > width or max(ys) < 0 or min(ys) > height:
        return ""
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in spots) + "Z"


def _projection(
    coordinates: Sequence[tuple[float, float]],
) -> tuple[float, float, _Projector]:
    lats = [lat for lat, _ in coordinates]
    lons = [lon for _, lon in coordinates]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    west, east = min(lons) * squeeze, max(lons) * squeeze
    south, north = min(lats), max(lats)
    # Widen a narrow box around its centre, so that close points keep room between them.
    if east - west < MIN_SPAN:
        middle = (east + west) / 2
        west, east = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    if north - south < MIN_SPAN:
        middle = (north + south) / 2
        south, north = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    inner = WIDTH - 2 * MARGIN
    scale = min(inner / (east - west), (MAX_HEIGHT - 2 * MARGIN) / (north - south))
    height = max(MIN_HEIGHT, (north - south) * scale + 2 * MARGIN)
    left = (WIDTH - (east - west) * scale) / 2
    top = (height - (north - south) * scale) / 2
    return WIDTH, height, _Projector(squeeze, west, north, scale, left, top)


@dataclass(frozen=True)
class _Projector:
    squeeze: float
    west: float
    north: float
    scale: float
    left: float
    top: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = self.left + (lon * self.squeeze - self.west) * self.scale
        y = self.top + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


Spot = tuple[TerritoryView, float, float]


def _apart(spots: list[Spot]) -> list[Spot]:
    """Territories at one place (two sharing their CCI's coordinates) on a small circle
    around it, so that each point shows and can be told apart."""
    at: dict[tuple[float, float], list[int]] = {}
    for index, (_, x, y) in enumerate(spots):
        at.setdefault((x, y), []).append(index)
    moved = list(spots)
    for (x, y), indexes in at.items():
        if len(indexes) < 2:
            continue
        for turn, index in enumerate(indexes):
            angle = 2 * math.pi * turn / len(indexes)
            dx, dy = 2.5 * POINT_RADIUS * math.cos(angle), 2.5 * POINT_RADIUS * math.sin(angle)
            moved[index] = (spots[index][0], round(x + dx, 1), round(y + dy, 1))
    return moved


def wrap(name: str) -> tuple[str, ...]:
    """A long name on two lines, cut at the space nearest its middle."""
    if len(name) <= WRAP_AFTER or " " not in name:
        return (name,)
    spaces = [i for i, c in enumerate(name) if c == " "]
    cut = min(spaces, key=lambda i: (abs(len(name) / 2 - i), i))
    return (name[:cut], name[cut + 1 :])


def _candidates(x: float, y: float, lines: tuple[str, ...]) -> list[MapLabel]:
    text_width = max(len(line) for line in lines) * CHAR_WIDTH
    text_height = len(lines) * LINE_HEIGHT
    ascent = FONT_SIZE * 0.8
    found = []
    for gap in GAPS:
        leader = gap > GAPS[0]
        # (anchor, text x, top of the text box)
        places = [
            ("start", x + gap, y - text_height / 2),  # right
            ("end", x - gap, y - text_height / 2),  # left
            ("middle", x, y - gap - text_height),  # above
            ("middle", x, y + gap),  # below
            ("start", x + gap * 0.7, y - gap * 0.7 - text_height),  # above right
            ("end", x - gap * 0.7, y - gap * 0.7 - text_height),  # above left
            ("start", x + gap * 0.7, y + gap * 0.7),  # below right
            ("end", x - gap * 0.7, y + gap * 0.7),  # below left
        ]
        for anchor, text_x, top in places:
            left = {"start": text_x, "end": text_x - text_width}.get(
                anchor, text_x - text_width / 2
            )
            box = Box(left - 2, top - 1, left + text_width + 2, top + text_height + 1)
            found.append(
                MapLabel(lines, round(text_x, 1), round(top + ascent, 1), anchor, box, leader)
            )
    return found


def _place_labels(spots: Sequence[Spot], width: float, height: float) -> list[MapPoint]:
    dots = [
        Box(x - POINT_RADIUS, y - POINT_RADIUS, x + POINT_RADIUS, y + POINT_RADIUS)
        for _, x, y in spots
    ]
    placed: list[Box] = []
    points = []

    # Points with fewest neighbours first: on a crowded map, the most names find a place.
    def crowd(index: int) -> tuple[int, str]:
        _, x, y = spots[index]
        near = sum(1 for _, ox, oy in spots if abs(ox - x) < 80 and abs(oy - y) < 40)
        return (near, spots[index][0].slug)

    labels: dict[int, MapLabel] = {}
    for index in sorted(range(len(spots)), key=crowd):
        tv, x, y = spots[index]
        options = [c for c in _candidates(x, y, wrap(tv.name)) if c.box.inside(width, height)]
        options = options or _candidates(x, y, wrap(tv.name))

        def clash(label: MapLabel) -> float:
            return sum(label.box.overlap(other) for other in [*placed, *dots])

        label = next((c for c in options if clash(c) == 0), None)
        if label is None:  # no free place: beside its point, shown on focus only
            labels[index] = replace(options[0], crowded=True, leader=False)
            continue
        labels[index] = label
        placed.append(label.box)
    for index, (tv, x, y) in enumerate(spots):
        points.append(
            MapPoint(tv.name, urls.territory(tv.slug), tv.territory.region, x, y, labels[index])
        )
    return points
