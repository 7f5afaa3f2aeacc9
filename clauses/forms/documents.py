from django import forms

from clauses.rules.markets import BILAN_COMMENT_MAX_LENGTH


class BilanCommentForm(forms.Form):
    """The facilitator's comment on a market's bilan; clauses.operations.markets.comment_bilan
    checks and writes it."""

    bilan_comment = forms.CharField(
        label="Commentaire pour l'acheteur", required=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": BILAN_COMMENT_MAX_LENGTH}),
        help_text=(
            "Il clôt le bilan du marché remis à l'acheteur (PDF et DOCX) : déroulement de "
            "la clause, difficultés, suites proposées. Ne nommez personne : le bilan ne "
            "contient aucune donnée personnelle. Laissez vide pour le retirer."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, market, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bilan_comment"].initial = market.bilan_comment
        self.fields["version"].initial = market.version
