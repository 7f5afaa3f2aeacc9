"""Factories of the clauses app. Users, territories and organisations come from
tests/network/factories.py."""

import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from clauses import pipeline
from clauses.enums import (
    ClauseHoursMode,
    ContractType,
    DceVerdict,
    EligibilityCriterion,
    ExchangedDocumentKind,
    ExchangeDirection,
    FollowUpContactKind,
    MarketStatus,
    Modality,
    OutcomeCategory,
    OutcomeMoment,
)
from clauses.models import (
    Beneficiary,
    BeneficiaryCriterion,
    Clause,
    DceDocument,
    DceReview,
    DceVersion,
    ExchangedDocument,
    FollowUpMeeting,
    GlobalisationAgreement,
    HoursDeclaration,
    Lot,
    Market,
    Outcome,
    Placement,
)
from clauses.rules.eligibility import validity_end
from network.enums import OrganisationKind
from portal.core.vocabulary import LegalBasis, MarketCategory
from tests.network.factories import BuyerFactory, OrganisationFactory, TerritoryFactory


class MarketFactory(DjangoModelFactory):
    reference = factory.Sequence(lambda n: f"2025-M{n:04d}")
    title = factory.Sequence(lambda n: f"Réhabilitation du bâtiment {n}")
    buyer = factory.SubFactory(BuyerFactory)
    lead_territory = factory.SubFactory(TerritoryFactory)
    programme_year = 2025
    category = MarketCategory.WORKS
    estimated_amount = Decimal("1000000")
    status = MarketStatus.FORECAST
    forecast_received_on = datetime.date(2025, 1, 15)

    class Meta:
        model = Market
        skip_postgeneration_save = True

    @factory.post_generation
    def territories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.territories.set(extracted)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            pipeline.start_history(obj, on=obj.forecast_received_on)


class ContractorFactory(OrganisationFactory):
    kind = OrganisationKind.COMPANY


class LotFactory(DjangoModelFactory):
    market = factory.SubFactory(MarketFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Gros œuvre"
    amount = Decimal("500000")
    contractor = factory.SubFactory(ContractorFactory)

    class Meta:
        model = Lot


class ClauseFactory(DjangoModelFactory):
    market = factory.SubFactory(MarketFactory)
    lot = factory.LazyAttribute(lambda c: LotFactory(market=c.market))
    legal_basis = LegalBasis.EXECUTION_CONDITION
    hours_mode = ClauseHoursMode.FIXED
    required_hours = Decimal("1000")

    class Meta:
        model = Clause


class BeneficiaryFactory(DjangoModelFactory):
    territory = factory.SubFactory(TerritoryFactory)
    last_name = factory.Sequence(lambda n: f"Fictif{n}")
    first_name = "Camille"
    birth_date = datetime.date(1990, 5, 17)
    postal_code = "21000"
    commune = "Dijon"
    # Placeable by default; `BeneficiaryFactory(unvalidated=True)` for a record whose
    # eligibility the facilitator has still to validate.
    eligibility_validated_at = factory.LazyFunction(timezone.now)
    eligibility_valid_until = factory.LazyAttribute(
        lambda b: validity_end(timezone.localdate(b.eligibility_validated_at), 24)
        if b.eligibility_validated_at else None
    )

    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    class Params:
        unvalidated = factory.Trait(eligibility_validated_at=None)

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if not create:
            return
        for criterion in extracted if extracted is not None else [EligibilityCriterion.RSA]:
            BeneficiaryCriterion.objects.create(beneficiary=obj, criterion=criterion)


class PlacementFactory(DjangoModelFactory):
    beneficiary = factory.SubFactory(
        BeneficiaryFactory, territory=factory.SelfAttribute("..clause.market.lead_territory")
    )
    clause = factory.SubFactory(ClauseFactory)
    employer = factory.SubFactory(ContractorFactory)
    modality = Modality.DIRECT_HIRE
    contract_type = ContractType.CDD
    rome_code = "F1703"
    job_label = "Maçon"
    starts_on = datetime.date(2025, 1, 6)
    ends_on = None

    class Meta:
        model = Placement


class HoursDeclarationFactory(DjangoModelFactory):
    placement = factory.SubFactory(PlacementFactory)
    month = datetime.date(2025, 2, 1)
    hours_worked = Decimal("120")
    training_hours = Decimal("0")
    credited_clause = factory.SelfAttribute("placement.clause")

    class Meta:
        model = HoursDeclaration


class OutcomeFactory(DjangoModelFactory):
    placement = factory.SubFactory(PlacementFactory)
    moment = OutcomeMoment.END
    category = OutcomeCategory.CDI
    observed_on = datetime.date(2025, 6, 30)

    class Meta:
        model = Outcome


class GlobalisationAgreementFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Accord de globalisation {n}")
    contractor = factory.SubFactory(ContractorFactory)

    class Meta:
        model = GlobalisationAgreement
        skip_postgeneration_save = True

    @factory.post_generation
    def clauses(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.clauses.set(extracted)


# --- The DCE exchanged before publication ---------------------------------------------------

# The smallest file that the upload check (portal.core.uploads) takes for a PDF.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf_file(name: str = "ccap.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class DceDocumentFactory(DjangoModelFactory):
    market = factory.SubFactory(MarketFactory)
    title = "CCAP"

    class Meta:
        model = DceDocument


class DceVersionFactory(DjangoModelFactory):
    document = factory.SubFactory(DceDocumentFactory)
    number = 1
    file = factory.django.FileField(data=PDF, filename="ccap.pdf")
    filename = "ccap.pdf"
    size = len(PDF)

    class Meta:
        model = DceVersion


class DceReviewFactory(DjangoModelFactory):
    market = factory.SubFactory(MarketFactory)
    verdict = DceVerdict.TO_CORRECT
    comment = "Le volume d'heures est à préciser."

    class Meta:
        model = DceReview


# --- A company's follow-up ----------------------------------------------------------------


class ExchangedDocumentFactory(DjangoModelFactory):
    company = factory.SubFactory(ContractorFactory)
    title = "Planning d'embauche"
    kind = ExchangedDocumentKind.HIRING_PLAN
    direction = ExchangeDirection.RECEIVED
    exchanged_on = datetime.date(2025, 3, 10)
    file = factory.django.FileField(data=PDF, filename="planning.pdf")
    filename = "planning.pdf"
    size = len(PDF)

    class Meta:
        model = ExchangedDocument


class FollowUpMeetingFactory(DjangoModelFactory):
    company = factory.SubFactory(ContractorFactory)
    kind = FollowUpContactKind.MEETING
    held_on = datetime.date(2025, 3, 12)
    summary = "Point sur les embauches du trimestre."

    class Meta:
        model = FollowUpMeeting
