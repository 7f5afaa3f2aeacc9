"""ASCII slugs from now on (WAGTAIL_ALLOW_UNICODE_SLUGS = False): the pages whose slug has
accents get its ASCII writing (« réseau-œuvre » → « reseau-oeuvre »), their addresses and
their descendants' follow, and a permanent redirect (wagtail.contrib.redirects) leads from
each old address to the page, so that links and bookmarks keep working.

Historical models have no treebeard methods: the tree is read from `path` and `depth`,
and each page's `url_path` is rebuilt from its parent's. The drafts' revisions take the
new slug too, so that publishing one does not bring the old address back.
"""

import unicodedata

from django.db import migrations
from django.utils.text import slugify

STEPLEN = 4  # treebeard's path step
# Letters that Unicode does not decompose into ASCII, written as French writes them.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss",
                           "’": "-", "'": "-"})


def ascii_slug(slug: str) -> str:
    text = unicodedata.normalize("NFKC", slug).translate(LIGATURES)
    return slugify(text, allow_unicode=False)[:255].strip("-")


def _unique(slug: str, taken: set[str], pk: int) -> str:
    slug = slug or f"page-{pk}"
    candidate, number = slug, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = slug[: 255 - len(suffix)] + suffix
        number += 1
    return candidate


def ascii_slugs(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Revision = apps.get_model("wagtailcore", "Revision")
    Redirect = apps.get_model("wagtailredirects", "Redirect")

    pages = list(Page.objects.order_by("path").values("pk", "path", "depth", "slug", "url_path"))
    if all(page["slug"].isascii() for page in pages):
        return
    by_path = {page["path"]: page for page in pages}
    siblings: dict[str, set[str]] = {}
    for page in pages:
        siblings.setdefault(page["path"][:-STEPLEN], set()).add(page["slug"])

    changed = []
    for page in pages:  # parents before their children (path order)
        parent = by_path.get(page["path"][:-STEPLEN])
        slug = page["slug"]
        if not slug.isascii():
            taken = siblings[page["path"][:-STEPLEN]]
            taken.discard(slug)
            slug = _unique(ascii_slug(slug), taken, page["pk"])
            taken.add(slug)
        url_path = page["url_path"] if parent is None else f"{parent['new_url_path']}{slug}/"
        page["new_url_path"] = url_path
        if slug != page["slug"] or url_path != page["url_path"]:
            changed.append((page, slug))

    sites = list(Site.objects.select_related("root_page"))
    for page, slug in changed:
        Page.objects.filter(pk=page["pk"]).update(slug=slug, url_path=page["new_url_path"])
        for revision in Revision.objects.filter(object_id=str(page["pk"]),
                                                base_content_type__app_label="wagtailcore",
                                                base_content_type__model="page"):
            content = dict(revision.content or {})
            draft_slug = content.get("slug") or ""
            content["slug"] = slug if draft_slug == page["slug"] else (
                draft_slug if draft_slug.isascii() else ascii_slug(draft_slug) or slug
            )
            content["url_path"] = page["new_url_path"]
            Revision.objects.filter(pk=revision.pk).update(content=content)
        for site in sites:
            root = site.root_page.url_path
            if not page["url_path"].startswith(root) or page["url_path"] == root:
                continue
            old_path = "/" + page["url_path"][len(root):].rstrip("/")
            if len(old_path) > 255 or Redirect.objects.filter(old_path=old_path,
                                                              site=site).exists():
                continue
            Redirect.objects.create(old_path=old_path, site=site, is_permanent=True,
                                    redirect_page_id=page["pk"], automatically_created=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("resources", "0003_newest_first_index"),
    ]

    operations = [migrations.RunPython(ascii_slugs, migrations.RunPython.noop)]
