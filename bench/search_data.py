"""The publications bench/search_latency.py searches: guides with French text drawn
from a fixed vocabulary (seed 1), one in ten behind a view restriction, inserted in bulk
and indexed with Wagtail's search backend."""

from __future__ import annotations

import random
import uuid

_VOCABULARY_TEXT = (
    "marché marchés public publics clause clauses sociale sociales insertion heures "
    "facilitateur facilitatrice acheteur acheteurs entreprise entreprises titulaire lot lots "
    "travaux nettoyage propreté espaces verts réhabilitation collège lycée piscine voirie "
    "bâtiment bénéficiaires demandeurs emploi jeunes qualification formation parcours "
    "accompagnement suivi bilan annuel convention partenariat comité pilotage territoire "
    "PLIE maison emploi SIAE entreprise insertion chantier réservé critère exécution "
    "commande publique prescripteur mission locale accord cadre programmation calcul taux "
    "main œuvre coût horaire chargé montant estimation retour expérience modèle guide"
)
VOCABULARY = _VOCABULARY_TEXT.split()
RESTRICTED_SHARE = 10  # one publication in ten is for signed-in members only
BATCH = 2000


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words)).capitalize() + "."


def build_site():
    from wagtail.models import Page, Site

    from home.models import HomePage
    from resources.models import ResourceIndexPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil-bench"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "127.0.0.1", "port": 80, "root_page": home}
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home.add_child(instance=ResourceIndexPage(title="Ressources", slug="ressources"))


def insert_publications(library, count: int, seed: int = 1) -> list[int]:
    """Guides under the library, inserted table by table (tree paths computed here, as
    treebeard would): Wagtail's page creation saves one page at a time."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, PageViewRestriction

    from resources.models import GuidePage, Publication

    rng = random.Random(seed)
    alphabet, steplen = Page.alphabet, Page.steplen
    content_type = ContentType.objects.get_for_model(GuidePage)
    locale = Locale.get_default()
    now = timezone.now()

    def step(n: int) -> str:
        digits = ""
        while n:
            n, rest = divmod(n, len(alphabet))
            digits = alphabet[rest] + digits
        return digits.rjust(steplen, "0")

    ids = []
    for start in range(0, count, BATCH):
        with transaction.atomic():
            guides = []
            for n in range(start, min(count, start + BATCH)):
                title = sentence(rng, rng.randint(3, 7))[:-1]
                # Two titles in a thousand: the first behind the view restriction (the
                # members find it, visitors do not), the second open to everyone.
                if n % 1000 in (0, 1):
                    title += " kiwano"
                slug = f"guide-{n}"
                guides.append(GuidePage(
                    title=title, draft_title=title, slug=slug, content_type=content_type,
                    path=library.path + step(n + 1), depth=library.depth + 1, numchild=0,
                    url_path=f"{library.url_path}{slug}/", live=True, locale=locale,
                    translation_key=uuid.UUID(int=rng.getrandbits(128)),
                    first_published_at=now, last_published_at=now,
                    kind="guide", summary=sentence(rng, 25), year=rng.randint(2008, 2025),
                    body=[{"type": "paragraph",
                           "value": f"<p>{sentence(rng, 120)}</p>"}],
                ))
            bases = Page.objects.bulk_create([
                Page(**{f.attname: getattr(g, f.attname)
                        for f in Page._meta.local_concrete_fields if f.attname != "id"})
                for g in guides
            ])
            for guide, base in zip(guides, bases, strict=True):
                guide.pk = guide.id = guide.page_ptr_id = guide.publication_ptr_id = base.pk
            for model in (Publication, GuidePage):
                model._base_manager._insert(
                    guides, fields=model._meta.local_concrete_fields, using="default"
                )
            PageViewRestriction.objects.bulk_create([
                PageViewRestriction(page_id=g.pk, restriction_type=PageViewRestriction.LOGIN)
                for i, g in enumerate(guides) if i % RESTRICTED_SHARE == 0
            ])
            ids += [g.pk for g in guides]
    Page.objects.filter(pk=library.pk).update(numchild=count)
    return ids


def index_publications(ids: list[int]) -> None:
    from wagtail.search.backends import get_search_backend

    from resources.models import GuidePage

    backend = get_search_backend()
    for start in range(0, len(ids), BATCH):
        chunk = GuidePage.objects.filter(pk__in=ids[start:start + BATCH]).prefetch_related(
            "themes"
        )
        backend.add_bulk(GuidePage, list(chunk))


