"""Demo data of the resources app (seed_demo). Idempotent.

A publication found by its slug is left as editors made it: a second run adds what
is missing and changes nothing else. The collections and the "Relecture" workflow
come from the data migration 0002; this only makes sure the library uses them.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction, Site

from network.models import Committee, Network, Territory
from resources import demo_content as content
from resources.editorial import PUBLIC_COLLECTION, attach_library_workflow
from resources.models import (
    ClauseTemplatePage,
    ExperiencePage,
    GuidePage,
    MarketCategoryOption,
    MinutesPage,
    ResourceIndexPage,
    Theme,
    ToolPage,
)

COPIL_SLUG = "copil-cub-urpa"


@transaction.atomic
def seed() -> None:
    # The library hangs from the site's home page, whatever its type.
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    home = site.root_page
    index = seed_index(home)
    attach_library_workflow(index)
    themes = seed_themes()
    seed_guide(index, themes)
    for item in content.CLAUSE_TEMPLATES:
        seed_clause_template(index, themes, item)
    seed_tool(index, themes)
    for item in content.EXPERIENCES:
        seed_experience(index, themes, item)
    for item in content.MINUTES:
        seed_minutes(index, themes, item)


def seed_index(home) -> ResourceIndexPage:
    index = ResourceIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=ResourceIndexPage(
            title="Ressources", slug="ressources", intro=content.INDEX_INTRO,
        ))
        index.save_revision().publish()
    return index


def seed_themes() -> dict[str, Theme]:
    themes = {}
    for slug, name, description in content.THEMES:
        themes[slug], _ = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    return themes


def _classify(page, item: dict, themes: dict[str, Theme]) -> None:
    """Set the shared taxonomy of a new page from its demo item; what the network
    demo did not create (a network, a territory) is simply left out."""
    page.themes.set([themes[slug] for slug in item.get("themes", [])])
    page.networks.set(Network.objects.filter(slug__in=item.get("networks", [])))
    page.territories.set(Territory.objects.filter(slug__in=item.get("territories", [])))
    page.market_categories.set(
        MarketCategoryOption.objects.filter(code__in=item.get("market_categories", []))
    )


def _publish(index, page, item: dict, themes: dict[str, Theme]):
    _classify(page, item, themes)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _exists(index, slug: str) -> bool:
    return index.get_children().filter(slug=slug).exists()


def seed_guide(index, themes) -> None:
    item = content.HOURS_GUIDE
    if _exists(index, item["slug"]):
        return
    _publish(index, GuidePage(
        title=item["title"], slug=item["slug"], summary=item["summary"], year=item["year"],
        legal_basis=item["legal_basis"], body=item["body"],
    ), item, themes)


def seed_clause_template(index, themes, item: dict) -> None:
    if _exists(index, item["slug"]):
        return
    _publish(index, ClauseTemplatePage(
        title=item["title"], slug=item["slug"], summary=item["summary"], year=item["year"],
        legal_basis=item["legal_basis"], cites_former_code=item["cites_former_code"],
        when_to_use=item["when_to_use"], clause_text=item["clause_text"],
        variants=[{"type": "variant", "value": variant} for variant in item["variants"]],
    ), item, themes)


def reporting_spreadsheet() -> bytes:
    """The facilitators' reporting spreadsheet offered by the demo tool page."""
    # openpyxl is loaded when the demo is seeded, not when the portal starts.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Suivi des heures"
    sheet.append(content.TOOL_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJK", (30, 8, 25, 12, 28, 24, 14, 14, 14, 24, 24),
                             strict=True):
        sheet.column_dimensions[column].width = width
    for row in range(2, 201):
        sheet[f"I{row}"] = f'=IF(D{row}="","",SUMIFS(H:H,D:D,D{row},A:A,A{row}))'
    modalities = DataValidation(
        type="list",
        formula1='"Embauche directe,ETTI,Association intermédiaire,GEIQ,'
                 'Sous-traitance SIAE,Cotraitance SIAE,Formation"',
        allow_blank=True,
    )
    sheet.add_data_validation(modalities)
    modalities.add("F2:F200")

    guide = workbook.create_sheet("Mode d'emploi")
    for line in (
        "Tableau de suivi des heures d'insertion — modèle des facilitateurs",
        "Une ligne par personne, par marché et par mois.",
        "Personne : initiales seulement ; les données personnelles restent dans le portail.",
        "Critère d'éligibilité : celui validé par le facilitateur (ou la dérogation motivée).",
        "Heures cumulées : calculées automatiquement par personne et par marché.",
        "Sorties : CDI ; CDD ou intérim de 6 mois ou plus ; CDD de moins de 6 mois ; "
        "formation qualifiante ; création d'entreprise ; demandeur d'emploi ; inactif ; "
        "inconnu.",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed_tool(index, themes) -> None:
    item = content.TOOL
    if _exists(index, item["slug"]):
        return
    Document = get_document_model()
    collection = Collection.objects.filter(name=PUBLIC_COLLECTION, depth=2).first()
    document = Document.objects.filter(title=item["document_title"]).first()
    if document is None:
        document = Document(
            title=item["document_title"],
            collection=collection or Collection.get_first_root_node(),
        )
        document.file.save(item["filename"], ContentFile(reporting_spreadsheet()), save=False)
        document.save()
    _publish(index, ToolPage(
        title=item["title"], slug=item["slug"], summary=item["summary"], year=item["year"],
        tool_file=document, instructions=item["instructions"],
    ), item, themes)


def seed_experience(index, themes, item: dict) -> None:
    if _exists(index, item["slug"]):
        return
    _publish(index, ExperiencePage(
        title=item["title"], slug=item["slug"], summary=item["summary"], year=item["year"],
        legal_basis=item["legal_basis"], is_example=True, buyer_name=item["buyer_name"],
        hours_planned=item["hours_planned"], hours_done=item["hours_done"],
        people_employed=item["people_employed"], context=item["context"],
        outcomes=item["outcomes"], lessons=item["lessons"],
    ), item, themes)


def seed_minutes(index, themes, item: dict) -> None:
    committee = Committee.objects.filter(slug=COPIL_SLUG).first()
    if committee is None or _exists(index, item["slug"]):
        return
    meetings = list(committee.meetings.order_by("starts_at"))
    meeting = meetings[item["meeting_index"]] if len(meetings) > item["meeting_index"] else None
    page = _publish(index, MinutesPage(
        title=item["title"], slug=item["slug"], summary=item["summary"],
        year=meeting.starts_at.year if meeting else item["year"],
        committee=committee, meeting=meeting, body=item["body"],
        decisions=item["decisions"],
        action_items=[{"type": "action", "value": action} for action in item["action_items"]],
    ), item, themes)
    if item["public"]:
        # New minutes are restricted to the committee; these ones were made public,
        # as an editor does from the page's privacy setting.
        PageViewRestriction.objects.filter(page=page).delete()
