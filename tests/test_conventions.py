"""Project-wide conventions, checked on every run so that they do not drift."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "network", "resources", "clauses", "home", "search", "bench", "tests"]
MAX_LINES = 400
# Demo data is long lists of records; migrations are generated.
EXEMPT = re.compile(r"(/migrations/|/demo[^/]*\.py$|/demo_data[^/]*\.py$)")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not EXEMPT.search("/" + relative):
                yield relative, path


MODULES = list(_modules())


def test_modules_stay_small():
    too_long = {
        name: count
        for name, path in MODULES
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"Modules over {MAX_LINES} lines (split them): {too_long}"


ISSUE_REFERENCE = re.compile(r"#.*\b(issue|ticket|task)\s*#?\d+|#\s*#\d+\b", re.IGNORECASE)


def test_comments_cite_no_issue_number():
    cited = []
    for name, path in MODULES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ISSUE_REFERENCE.search(line):
                cited.append(f"{name}:{number}")
    assert not cited, f"Comments citing an issue (say why instead): {cited}"


def _choice_classes(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {getattr(base, "attr", getattr(base, "id", "")) for base in node.bases}
            if bases & {"TextChoices", "IntegerChoices"}:
                yield node.name


@pytest.mark.parametrize("app", ["network", "resources", "clauses", "search"])
def test_choices_live_in_enums_modules(app):
    """Enumerations are TextChoices in an `enums.py` (or the shared vocabulary), so that
    screens, the API and imports offer the same labels."""
    misplaced = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts or path.name == "enums.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        misplaced += [f"{path.relative_to(ROOT)}:{name}" for name in _choice_classes(tree)]
    assert not misplaced, f"Choices outside an enums.py: {misplaced}"


def test_browser_tests_restore_the_migrated_data():
    """A live-server test flushes the database; without serialized_rollback the next one
    finds the migrations' rows (groups, collections, the anonymous user) gone or doubled."""
    bare = [
        path.name for path in sorted((ROOT / "tests" / "e2e").glob("test_*.py"))
        if "transaction=True" in (text := path.read_text(encoding="utf-8"))
        and "serialized_rollback=True" not in text
    ]
    assert not bare, f"Browser tests without serialized_rollback=True: {bare}"
