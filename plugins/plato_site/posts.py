"""News posts ("Actualités"): Markdown files whose front matter staff write like the YAML.

A post is ``content/actualites/posts/<name>.md``; Material's blog plugin publishes it at
``/actualites/<name>/`` (``post_url_format: "{file}"``), so its address and its identity in
the Atom feeds come from the file name alone. Its front matter is read with positions by
the loader and validated by :class:`plato_site.models.Post`, with the same French
``file:line:col`` messages as the YAML; then checked against the rest of the content (its
territory exists, its image is a file under content/, no date after the build date).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from plato_site.content_files import display
from plato_site.errors import ContentError, ContentErrors, Location
from plato_site.load import LoadedDocument, format_path, load_front_matter
from plato_site.models import Post
from plato_site.validate import missing_files, validate_document

NEWS_DIR = "actualites"  # the blog plugin's blog_dir: the list of all posts
POSTS_DIR = f"{NEWS_DIR}/posts"  # its post_dir
POST_URL_FORMAT = "{file}"  # the blog plugin's post_url_format: the file name is the address
EXCERPT_SEPARATOR = "<!-- more -->"  # its default; partials/post_lead.html writes it
MAX_POSTS = 10_000  # far beyond a network's news; bounds the work on a hostile folder
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class SourcedPost:
    post: Post
    name: str  # the file name without .md: the post's address and identity
    document: LoadedDocument  # its front matter, with positions
    source: str  # its path under content/, as the host names it ("actualites/posts/x.md")

    @property
    def sort_key(self) -> tuple[date, str]:
        """Newest first when sorted in reverse; same day: by name, never by file order."""
        return (self.post.date, self.name)


def post_files(content_dir: Path) -> list[Path]:
    """Every post file, in a fixed order (the blog plugin reads subfolders too)."""
    folder = content_dir / POSTS_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*.md") if path.is_file())[:MAX_POSTS]


def post_errors(
    content_dir: Path, root: Path, territories: Mapping[str, str] | None, today: date
) -> list[ContentError]:
    """The problems of the posts, none if they are all valid (see load_posts)."""
    try:
        load_posts(content_dir, root, territories, today)
    except ContentErrors as problems:
        return problems.errors
    return []


def load_posts(
    content_dir: Path, root: Path, territories: Mapping[str, str] | None, today: date
) -> list[SourcedPost]:
    """Every post, valid, newest first; raises ContentErrors listing every problem.
    ``territories`` maps each territory's slug, and each of its former slugs, to its slug:
    a post written before a territory was renamed keeps its place. None: the territories
    are not known (a territory file is wrong), the posts' are not checked."""
    errors: list[ContentError] = []
    posts: list[SourcedPost] = []
    seen: dict[str, str] = {}
    for path in post_files(content_dir):
        shown = display(path, root)
        name = path.stem
        if not _NAME.fullmatch(name):
            errors.append(ContentError(Location(shown), "", "news.file_name", {"name": name}))
        elif name in seen:
            params = {"name": name, "other": seen[name]}
            errors.append(ContentError(Location(shown), "", "news.same_name", params))
        seen.setdefault(name, shown)
        try:
            document = load_front_matter(path, shown).document
        except ContentErrors as problem:
            errors += problem.errors
            continue
        post, found = validate_document(Post, document)
        errors += found
        if post is None:
            continue
        errors += _post_errors(post, document, content_dir, root, territories, today)
        current = territories.get(post.territory or "") if territories is not None else None
        if current is not None and current != post.territory:  # named by a former slug
            post = post.model_copy(update={"territory": current})
        source = path.relative_to(content_dir).as_posix()
        posts.append(SourcedPost(post, name, document, source))
    if errors:
        raise ContentErrors(errors)
    return sorted(posts, key=lambda item: item.sort_key, reverse=True)


def _post_errors(
    post: Post,
    document: LoadedDocument,
    content_dir: Path,
    root: Path,
    territories: Mapping[str, str] | None,
    today: date,
) -> list[ContentError]:
    errors: list[ContentError] = []

    def error(path: tuple[str, ...], key: str, **params: object) -> None:
        errors.append(ContentError(document.locate(path), format_path(path), key, dict(params)))

    if territories is not None and post.territory is not None and post.territory not in territories:
        current = sorted(set(territories.values()))  # former slugs are not suggested
        close = difflib.get_close_matches(post.territory, current, n=1)
        choices = ", ".join(current)
        if close:
            key, params = "news.unknown_territory_suggest", {"suggestion": close[0]}
        else:
            key, params = "news.unknown_territory", {}
        error(("territory",), key, value=post.territory, choices=choices, **params)
    if post.image is not None:
        image = [(("image",), post.image)]
        errors += missing_files(image, "news.image_missing", document, content_dir, root)
    # A post is published by the build that sees it: a date after the build date would
    # show a post "from the future" (the blog plugin has no scheduled publication).
    for field, day in (("date", post.date), ("updated", post.updated)):
        if day is not None and day > today:
            error((field,), "news.future_date", value=day.isoformat())
    return errors
