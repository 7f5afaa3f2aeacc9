"""What an import tells the person who ran it: the rows it refused and why, or what it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field

from clauses.imports.limits import french_number

# Errors listed to the person (screen and command): the first ones, then how many more.
# A file wrong on every line of 50,000 would otherwise make a page of 100,000 rows.
SHOWN_ERRORS = 200


@dataclass(frozen=True)
class RowError:
    """One reason to refuse a file. `line` is the line (CSV) or row (XLSX) number as the
    person sees it in their spreadsheet, 0 for the file as a whole."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Ligne {self.line}" if self.line else "Fichier"
        if self.column:
            where += f", colonne « {self.column} »"
        return f"{where} : {self.message}"


@dataclass
class ImportReport:
    """The outcome of an import. With any error, nothing was written."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_lines(self) -> int:
        return len({error.line for error in self.errors if error.line})

    @classmethod
    def refused(cls, message: str) -> ImportReport:
        """The file refused as a whole (too large, too long to check…)."""
        return cls(errors=[RowError(0, "", message)])

    def add(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line, column, message))

    @property
    def shown_errors(self) -> list[RowError]:
        return self.errors[:SHOWN_ERRORS]

    @property
    def more_errors(self) -> str:
        """The line after the errors shown: « … et 49 800 autres erreurs » (empty if none)."""
        rest = len(self.errors) - SHOWN_ERRORS
        if rest <= 0:
            return ""
        noun = "autre erreur" if rest == 1 else "autres erreurs"
        return f"… et {french_number(rest)} {noun}"

    def summary(self) -> str:
        if self.errors:
            lines = self.error_lines
            return (
                f"Import refusé : {french_number(len(self.errors))} erreur(s)"
                + (f" sur {french_number(lines)} ligne(s)" if lines else "")
                + ". Rien n'a été enregistré ; corrigez le fichier puis importez-le de nouveau."
            )
        return (
            f"Import terminé : {self.rows} ligne(s) lue(s), {self.created} créée(s), "
            f"{self.updated} modifiée(s), {self.unchanged} inchangée(s)."
        )
