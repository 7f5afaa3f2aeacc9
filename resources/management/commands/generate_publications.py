"""python manage.py generate_publications --count N [--seed S]

Load data for the library: N live practical guides under the first library page, written
straight into the page tree (treebeard paths computed here, rows inserted by batches)
instead of one add_child() and one revision per page, so that 10,000 publications take
seconds. The pages have no revision: they are for measuring, not for editing."""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from network.models import Network, Territory
from portal.core.vocabulary import LegalBasis
from resources.enums import PublicationKind
from resources.models import GuidePage, Publication, ResourceIndexPage, Theme

BATCH = 2000
WORDS = ["clause", "heures", "insertion", "marché", "travaux", "facilitateur", "acheteur",
         "entreprise", "bénéficiaire", "calcul", "suivi", "bilan", "territoire", "réseau"]


class Command(BaseCommand):
    help = "Crée N guides pratiques publiés dans la bibliothèque (données de charge)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Nombre de publications.")
        parser.add_argument("--seed", type=int, default=1, help="Graine (1 par défaut).")

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("Le nombre de publications doit être positif.")
        library = ResourceIndexPage.objects.order_by("path").first()
        if library is None:
            raise CommandError("Aucune page « Ressources » : lancez d'abord seed_demo.")
        rng = random.Random(seed)  # noqa: S311 - reproducible test data, no secret
        with transaction.atomic():
            created = self._create(library, count, seed, rng)
        self.stdout.write(f"{created} publications créées sous {library.url_path}.")

    def _create(self, library, count, seed, rng) -> int:
        library = Page.objects.select_for_update().get(pk=library.pk)
        content_type = ContentType.objects.get_for_model(GuidePage)
        locale = Locale.get_default()
        themes = list(Theme.objects.values_list("pk", flat=True))
        networks = list(Network.objects.values_list("pk", flat=True)[:50])
        territories = list(Territory.objects.values_list("pk", flat=True)[:200])
        now = timezone.now()
        first_child = library.numchild + 1
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            pages = []
            for offset in range(size):
                number = done + offset
                words = rng.sample(WORDS, 4)
                slug = f"charge-{seed}-{number}"
                pages.append(Page(
                    title=f"Guide {' '.join(words)} {number}",
                    draft_title=f"Guide {number}", slug=slug,
                    path=Page._get_path(library.path, library.depth + 1,
                                        first_child + number),
                    depth=library.depth + 1, numchild=0,
                    url_path=f"{library.url_path}{slug}/", content_type=content_type,
                    live=True, has_unpublished_changes=False, first_published_at=now,
                    last_published_at=now, locale=locale, translation_key=uuid.uuid4(),
                    show_in_menus=False, seo_title="", search_description="",
                ))
            Page.objects.bulk_create(pages)
            ids = list(Page.objects.filter(path__in=[p.path for p in pages])
                       .order_by("path").values_list("pk", flat=True))
            publications, guides = [], []
            for page_id, page in zip(ids, pages, strict=True):
                summary = f"Fiche pratique sur {page.title.lower()}."
                publications.append(Publication(
                    page_ptr_id=page_id, kind=PublicationKind.GUIDE, summary=summary,
                    year=rng.randint(2015, 2025),
                    legal_basis=rng.choice([*LegalBasis.values, ""]),
                ))
                guides.append(GuidePage(
                    publication_ptr_id=page_id,
                    body=[("paragraph", f"<p>{summary} {' '.join(rng.sample(WORDS, 8))}</p>")],
                ))
            # Multi-table rows: bulk_create refuses them, the manager's insert does not.
            Publication._base_manager._insert(
                publications, fields=Publication._meta.local_concrete_fields)
            GuidePage._base_manager._insert(
                guides, fields=GuidePage._meta.local_concrete_fields)
            self._tag(Publication.themes.through, "theme_id", ids, themes, rng)
            self._tag(Publication.networks.through, "network_id", ids, networks, rng)
            self._tag(Publication.territories.through, "territory_id", ids, territories, rng)
            done += size
        Page.objects.filter(pk=library.pk).update(numchild=library.numchild + count)
        return done

    @staticmethod
    def _tag(through, column, ids, choices, rng) -> None:
        if not choices:
            return
        through.objects.bulk_create(
            [through(publication_id=pk, **{column: rng.choice(choices)}) for pk in ids],
            ignore_conflicts=True,
        )
