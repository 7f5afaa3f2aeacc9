"""python manage.py bilan --annee 2024 [--territoire SLUG | --acheteur ID | --reseau SLUG |
--convention SLUG | --marche ID] --format json|csv|xlsx [--sortie FICHIER]"""

import json

from django.core.management.base import BaseCommand, CommandError

from clauses.bilans import exports
from clauses.bilans.enums import ScopeKind
from clauses.bilans.scopes import Period, ScopeError, convention_period, find_scope, parse_year
from clauses.bilans.secrecy import full_bilan_logged

SCOPE_OPTIONS = {
    "territoire": ScopeKind.TERRITORY,
    "acheteur": ScopeKind.BUYER,
    "reseau": ScopeKind.NETWORK,
    "convention": ScopeKind.CONVENTION,
    "marche": ScopeKind.MARKET,
}


class Command(BaseCommand):
    help = (
        "Le bilan annuel (les sept indicateurs) d'une année, pour l'ensemble des territoires "
        "ou un périmètre : JSON ou CSV sur la sortie standard, XLSX dans un fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--annee", required=True, help="Année du bilan, par exemple 2024.")
        for option, kind in SCOPE_OPTIONS.items():
            parser.add_argument(
                f"--{option}", metavar="ID" if kind in (ScopeKind.BUYER, ScopeKind.MARKET)
                else "SLUG", help=f"Bilan d'un {kind.label.lower()} seulement."
                if kind != ScopeKind.CONVENTION else
                "Bilan d'une convention, sur toute sa validité (l'année est alors sans effet).",
            )
        parser.add_argument("--format", choices=("json", "csv", "xlsx"), default="json",
                            help="json (par défaut), csv ou xlsx.")
        parser.add_argument(
            "--sortie", metavar="FICHIER",
            help="Écrire dans ce fichier plutôt que sur la sortie standard (obligatoire "
            "pour xlsx).",
        )

    def handle(self, *args, **options):
        asked = {name: options[name] for name in SCOPE_OPTIONS if options.get(name)}
        if len(asked) > 1:
            raise CommandError(
                "Un seul périmètre à la fois : --territoire, --acheteur, --reseau, "
                "--convention ou --marche."
            )
        try:
            period = Period.year(parse_year(options["annee"]))
            if asked:
                (name, ident), = asked.items()
                scope = find_scope(SCOPE_OPTIONS[name], ident, period)
            else:
                scope = find_scope(ScopeKind.NATIONAL, None, period)
            if scope.kind == ScopeKind.CONVENTION:
                scope = scope.with_period(convention_period(scope.obj))
        except ScopeError as error:
            raise CommandError(error.message) from None

        # The operator's command shows every breakdown; those of fewer than five people
        # are logged as a reading of personal data.
        bilan = full_bilan_logged(scope, "Commande bilan")
        fmt = options["format"]
        if fmt == "xlsx":
            content = exports.to_xlsx(bilan, scope.label, scope.period.label)
            if not options["sortie"]:
                raise CommandError(
                    "Le format xlsx s'écrit dans un fichier : ajoutez --sortie bilan.xlsx."
                )
        elif fmt == "csv":
            content = exports.to_csv(bilan, scope.label, scope.period.label)
        else:
            content = json.dumps(exports.to_json(bilan), ensure_ascii=False, indent=2) + "\n"

        if options["sortie"]:
            mode = "wb" if isinstance(content, bytes) else "w"
            encoding = None if mode == "wb" else "utf-8"
            # newline="" keeps the CSV's own CRLF line ends as they are.
            newline = None if mode == "wb" else ""
            with open(options["sortie"], mode, encoding=encoding, newline=newline) as output:
                output.write(content)
            self.stderr.write(f"Bilan écrit dans {options['sortie']} ({scope.label}, "
                              f"{scope.period.label.lower()}).")
        else:
            self.stdout.write(content, ending="")
