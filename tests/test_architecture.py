"""The parts of `initiatives/` import only downwards (docs/architecture.md): the
contracts in pyproject.toml hold for the code, and an import in the wrong
direction breaks them."""

from pathlib import Path

import grimp
import pytest
from importlinter import cli
from importlinter.application.app_config import settings
from importlinter.configuration import configure

CONFIG = str(Path(__file__).resolve().parent.parent / "pyproject.toml")

configure()


class GraphWith:
    """The real import graph, plus the imports a test adds to it."""

    def __init__(self, builder, extra):
        self.builder, self.extra = builder, extra

    def build(self, *args, **kwargs):
        graph = self.builder.build(*args, **kwargs)
        for importer, imported in self.extra:
            graph.add_import(
                importer=importer, imported=imported, line_number=1, line_contents="test"
            )
        return graph


def lint(extra=()) -> int:
    builder = settings.GRAPH_BUILDER
    settings.configure(GRAPH_BUILDER=GraphWith(builder, extra))
    try:
        return cli.lint_imports(config_filename=CONFIG, cache_dir=None, no_logo=True)
    finally:
        settings.configure(GRAPH_BUILDER=builder)


def test_the_code_keeps_the_contracts(capsys):
    assert lint() == cli.EXIT_STATUS_SUCCESS, capsys.readouterr().out
    assert "0 broken" in capsys.readouterr().out


@pytest.mark.parametrize(
    "importer, imported",
    [
        ("initiatives.models.initiative", "initiatives.search.places"),
        ("initiatives.models.matching", "initiatives.search.family_ranking"),
        ("initiatives.vocabulary", "initiatives.models"),
        ("initiatives.search.family", "initiatives.views.public"),
        ("initiatives.search.practitioner", "initiatives.editorial.interchange"),
        ("initiatives.editorial.services", "initiatives.search.places"),
        ("initiatives.editorial.services", "initiatives.admin.model_admins"),
        ("initiatives.api.documents", "initiatives.views.pro"),
        ("initiatives.caching.versioned", "initiatives.search.places"),
    ],
)
def test_an_import_in_the_wrong_direction_breaks_a_contract(capsys, importer, imported):
    modules = grimp.build_graph("initiatives").modules
    assert {importer, imported} <= modules
    assert lint([(importer, imported)]) == cli.EXIT_STATUS_ERROR
    assert f"{importer} -> {imported}" in capsys.readouterr().out
