"""The real initiatives in fixtures/ load cleanly and honestly."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from initiatives.editorial.fixture_loading import FixtureError, initiatives_load
from initiatives.editorial.history import RELATED
from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import ContactPoint, Initiative, Organisation, ServiceArea, Source
from initiatives.vocabulary import Audience, State

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "initiatives"
RESEARCH = Path(settings.BASE_DIR).parent / "shared" / "data" / "initiatives-research.yaml"


def fixture_files():
    return sorted(FIXTURES.glob("*.yaml"))


def test_every_research_entry_has_exactly_one_fixture():
    # The first-line services (listening lines, general welfare…) were researched
    # separately (docs/research-safety-net.md) and have no research_id.
    ids = [yaml.safe_load(p.read_text())["research_id"] for p in fixture_files()]
    researched = [i for i in ids if i]
    assert len(set(researched)) == len(researched)
    if RESEARCH.exists():  # shared/ sits beside the project in development and CI
        research = yaml.safe_load(RESEARCH.read_text())["initiatives"]
        assert set(researched) == {entry["id"] for entry in research}


def test_fixtures_load_twice_without_duplicates():
    first = initiatives_load()
    assert first["created"] == len(fixture_files())
    counts = (
        Initiative.objects.count(),
        Organisation.objects.count(),
        Source.objects.count(),
        ContactPoint.objects.count(),
    )
    second = initiatives_load()
    assert second["created"] == 0
    assert (
        Initiative.objects.count(),
        Organisation.objects.count(),
        Source.objects.count(),
        ContactPoint.objects.count(),
    ) == counts
    assert Initiative.objects.count() == len(fixture_files())


def test_the_37_fiches_of_the_2018_mapping_are_marked():
    initiatives_load()
    in_mapping = Initiative.objects.exclude(mapping_listed=Initiative.MappingListed.NO)
    # 37 fiches: 31 listed, 5 probable and 1 possible matches (see the research file).
    assert in_mapping.count() == 37


def test_every_published_fiche_is_sourced_dated_and_in_dutch_and_french():
    initiatives_load()
    published = Initiative.objects.published()
    assert published.exists()
    for initiative in published:
        assert initiative.sources.exists(), initiative.slug
        assert initiative.source_date is not None, initiative.slug
        assert initiative.summary_nl and initiative.summary_fr, initiative.slug
        assert initiative.organisation_id, initiative.slug
        assert initiative.service_areas.exists(), initiative.slug


def test_fiches_without_carrier_load_as_drafts():
    initiatives_load()
    assert Initiative.objects.filter(organisation__isnull=True).exists()
    assert not Initiative.objects.filter(organisation__isnull=True, state=State.PUBLISHED).exists()


def test_de_cocon_and_cocon_vilvoorde_are_not_merged():
    initiatives_load()
    keys = set(Organisation.objects.values_list("key", flat=True))
    assert not any(key == "de-cocon" for key in keys)
    project_r = Initiative.objects.get(slug="project-r-cocon-vilvoorde")
    assert "vilvoorde" in project_r.organisation.key


def test_source_date_is_the_source_date_not_the_import_date():
    initiatives_load()
    wegweiser = Initiative.objects.get(slug="wegweiser-ostbelgien")
    assert wegweiser.source_date.isoformat() == "2025-06-19"
    caprev = Initiative.objects.get(slug="caprev")
    assert caprev.source_date.year == 2022
    assert caprev.source_date_display == "2022"


def test_public_contacts_of_published_fiches_are_valid():
    initiatives_load()
    contacts = ContactPoint.objects.filter(
        initiative__state=State.PUBLISHED, audience=Audience.PUBLIC
    )

    assert contacts.count() > 20
    for contact in contacts:
        contact.full_clean()


def _write(directory: Path, slug: str, **extra) -> Path:
    record = {"slug": slug, "research_id": slug, "name": {"nl": "Test initiative 9001"}, **extra}
    path = directory / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(record), encoding="utf-8")
    return path


def test_an_unknown_vocabulary_code_fails_loudly_naming_file_and_record(tmp_path):
    _write(tmp_path, "test-initiative-9001", forms=["group"])
    _write(tmp_path, "test-initiative-9002", forms=["yoga-class"])
    with pytest.raises(FixtureError) as error:
        initiatives_load(directory=tmp_path)
    message = str(error.value)
    assert "test-initiative-9002.yaml" in message
    assert "'test-initiative-9002'" in message
    assert "yoga-class" in message
    # All or nothing: the valid record was not written either.
    assert not Initiative.objects.filter(slug="test-initiative-9001").exists()


def test_an_unknown_municipality_code_is_refused(tmp_path):
    _write(tmp_path, "test-initiative-9003", service_area={"municipalities": ["99999"]})
    with pytest.raises(FixtureError, match="99999"):
        initiatives_load(directory=tmp_path)


def test_a_bad_phone_in_a_fixture_is_refused(tmp_path):
    _write(
        tmp_path,
        "test-initiative-9004",
        contacts=[{"kind": "phone", "value": "call the office", "audience": "public"}],
    )
    with pytest.raises(FixtureError, match="contacts\\[0\\].value"):
        initiatives_load(directory=tmp_path)


def test_existing_fiches_are_not_overwritten_without_update(tmp_path):
    _write(tmp_path, "test-initiative-9005", summary={"nl": "Eerste.", "fr": "Premier."})
    initiatives_load(directory=tmp_path)
    Initiative.objects.filter(slug="test-initiative-9005").update(summary_nl="Door coördinator.")
    initiatives_load(directory=tmp_path)
    assert Initiative.objects.get(slug="test-initiative-9005").summary_nl == "Door coördinator."
    initiatives_load(directory=tmp_path, update=True)
    assert Initiative.objects.get(slug="test-initiative-9005").summary_nl == "Eerste."


def test_imported_fiches_start_their_history_with_the_import():
    from reversion.models import Version

    initiatives_load()
    caprev = Initiative.objects.get(slug="caprev")
    versions = Version.objects.get_for_object(caprev)
    assert versions.count() == 1
    version = versions.first()
    assert version.revision.comment == "Imported from the fixture file"
    assert version.field_dict["name_fr"] == caprev.name_fr
    # The fiche as it was at the end of the import, with every row it follows.
    for field in TERM_FIELDS:
        stored = sorted(version.field_dict[field])
        assert stored == sorted(getattr(caprev, field).values_list("pk", flat=True)), field
    followed = {(type(row), str(row.pk)) for name in RELATED for row in getattr(caprev, name).all()}
    assert {(Initiative, str(caprev.pk))} | followed == {
        (kept.content_type.model_class(), kept.object_id)
        for kept in version.revision.version_set.all()
    }
    assert {ContactPoint, ServiceArea, Source} <= {model for model, _pk in followed}
