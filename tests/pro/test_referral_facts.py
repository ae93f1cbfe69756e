"""The facts that decide a referral: each goes through the admin, the fixture loader,
the interchange files, the practitioner exports and the API unchanged, and a fact no
source gives stays not known (null), never "no"."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from initiatives.editorial import import_export
from initiatives.editorial.fixture_loading import FixtureError, initiatives_load
from initiatives.models import Initiative, Partner, ReferralLink, Term
from tests.admin.helpers import change_url
from tests.factories import make_initiative, terms

UNKNOWN_BOOLEANS = (
    "referral_needed",
    "professional_secrecy",
    "asks_consent",
    "evaluated",
    "intercultural_mediation",
)


class _FormInputs(HTMLParser):
    """The name/value pairs a browser sends for the form with id `form_id`."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self.pairs.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.pairs.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.pairs.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def rendered_form(response) -> dict:
    """The admin change form as a browser would post it back (lists for repeated names)."""
    parser = _FormInputs("initiative_form")
    parser.feed(response.content.decode())
    data: dict = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    return data


def _set(data: dict, name: str, value) -> None:
    data[name] = value if isinstance(value, list) else [value]


def test_referral_facts_round_trip_through_the_admin_form(staff_client, db):
    fiche = make_initiative(name="Test initiative 0401")
    other = make_initiative(name="Test initiative 0402")
    page = staff_client.get(change_url(fiche))
    data = rendered_form(page)
    jihadist = Term.objects.get(dimension="extremism", code="jihadist")
    far_right = Term.objects.get(dimension="extremism", code="far-right")

    assert page.status_code == 200
    assert data["referral_needed"] == ["unknown"]
    assert data["shares_with_security_cell"] == [""]
    _set(data, "extremism_kinds", [str(jihadist.pk), str(far_right.pk)])
    _set(data, "referral_needed", "true")
    _set(data, "professional_secrecy", "true")
    _set(data, "asks_consent", "false")
    _set(data, "shares_with_security_cell", "when")
    _set(data, "shares_with_police", "no")
    _set(data, "waiting_time_nl", "Test: twee weken (0401).")
    _set(data, "capacity_note_fr", "Test : dix familles par an (0401).")
    _set(data, "information_sharing_fr", "Test : avec l'accord de la famille (0401).")
    _set(data, "evaluated", "true")
    _set(data, "evaluated_by", "Test evaluator 0401")
    _set(data, "evaluation_year", "2019")
    _set(data, "evaluation_report", "https://report-0401.example.org/")
    _set(data, "training_audience_nl", "Test: leerkrachten (0401).")
    _set(data, "training_dates_fr", "Test : le 3 mars (0401).")
    _set(data, "partners-TOTAL_FORMS", "1")
    _set(data, "partners-0-name", "Test partner organisation 0401")
    _set(data, "partners-0-role_en", "co-runs the groups")
    _set(data, "referral_links-TOTAL_FORMS", "1")
    _set(data, "referral_links-0-direction", "refers-to")
    _set(data, "referral_links-0-other", other.slug)
    response = staff_client.post(change_url(fiche), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    fiche.refresh_from_db()
    assert sorted(t.code for t in fiche.extremism_kinds.all()) == ["far-right", "jihadist"]
    assert fiche.referral_needed is True
    assert fiche.professional_secrecy is True
    assert fiche.asks_consent is False
    assert fiche.shares_with_security_cell == "when"
    assert fiche.shares_with_police == "no"
    assert fiche.waiting_time_nl == "Test: twee weken (0401)."
    assert fiche.capacity_note_fr == "Test : dix familles par an (0401)."
    assert fiche.information_sharing_fr == "Test : avec l'accord de la famille (0401)."
    assert (fiche.evaluated, fiche.evaluated_by, fiche.evaluation_year) == (
        True,
        "Test evaluator 0401",
        2019,
    )
    assert fiche.evaluation_report == "https://report-0401.example.org/"
    assert fiche.training_audience_nl == "Test: leerkrachten (0401)."
    assert fiche.training_dates_fr == "Test : le 3 mars (0401)."
    assert fiche.training_format_nl == ""
    assert fiche.intercultural_mediation is None
    assert [(p.name, p.role_en) for p in fiche.partners.all()] == [
        ("Test partner organisation 0401", "co-runs the groups")
    ]
    assert [(link.direction, link.other_id) for link in fiche.referral_links.all()] == [
        ("refers-to", other.slug)
    ]

    # Saved again as rendered, nothing changes, and "unknown" stays unknown.
    again = staff_client.post(change_url(fiche), rendered_form(staff_client.get(change_url(fiche))))
    assert again.status_code == 302
    fiche.refresh_from_db()
    assert fiche.intercultural_mediation is None
    assert fiche.shares_with_police == "no"
    assert fiche.referral_links.count() == 1


def test_admin_refuses_a_referral_link_to_the_fiche_itself(staff_client, db):
    fiche = make_initiative(name="Test initiative 0403")
    data = rendered_form(staff_client.get(change_url(fiche)))
    _set(data, "referral_links-TOTAL_FORMS", "1")
    _set(data, "referral_links-0-direction", "refers-to")
    _set(data, "referral_links-0-other", fiche.slug)

    response = staff_client.post(change_url(fiche), data)

    assert response.status_code == 200
    assert "Choose another fiche than this one." in response.content.decode()
    assert not ReferralLink.objects.exists()


def _fixture(tmp_path: Path, slug: str, **extra) -> None:
    record = {
        "slug": slug,
        "name": {"nl": f"Test initiative {slug}"},
        "organisation": {"key": f"org-{slug}", "name": {"nl": "Test organisation"}},
        "summary": {"nl": "Test.", "fr": "Test."},
        "service_area": {"country": True},
        "contacts": [{"kind": "website", "value": "https://www.example.org/"}],
        **extra,
        "sources": [{"url": "https://source.example.org/"}],
        "source_date": "2020",
    }
    (tmp_path / f"{slug}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True))


def test_fixture_loader_reads_every_referral_fact_and_leaves_missing_ones_unknown(tmp_path, db):
    _fixture(
        tmp_path,
        "test-initiative-0411",
        extremism_kinds=["far-left", "other"],
        partners=[{"name": "Test partner 0411", "role": {"fr": "co-anime"}}],
        referral_links=[{"direction": "receives-from", "fiche": "test-initiative-0412"}],
        access={"referral_needed": True, "waiting_time": {"nl": "Test: geen wachttijd."}},
        # YAML reads an unquoted yes/no as a boolean: both spellings give the code.
        information_sharing={"security_cell": False, "police": "when", "asks_consent": True},
        evaluation={"evaluated": False},
        intercultural_mediation=True,
        training={"format": {"nl": "Test: één dag."}},
    )
    _fixture(tmp_path, "test-initiative-0412")

    initiatives_load(directory=tmp_path)

    full = Initiative.objects.get(slug="test-initiative-0411")
    bare = Initiative.objects.get(slug="test-initiative-0412")
    assert sorted(t.code for t in full.extremism_kinds.all()) == ["far-left", "other"]
    assert [(p.name, p.role_fr) for p in full.partners.all()] == [("Test partner 0411", "co-anime")]
    assert [(x.direction, x.other_id) for x in full.referral_links.all()] == [
        ("receives-from", "test-initiative-0412")
    ]
    assert full.referral_needed is True
    assert full.waiting_time_nl == "Test: geen wachttijd."
    assert (full.shares_with_security_cell, full.shares_with_police) == ("no", "when")
    assert full.asks_consent is True
    assert full.evaluated is False
    assert full.intercultural_mediation is True
    assert full.professional_secrecy is None
    assert (full.training_format_nl, full.training_audience_nl) == ("Test: één dag.", "")
    for name in UNKNOWN_BOOLEANS:
        assert getattr(bare, name) is None, name
    assert bare.shares_with_security_cell == bare.shares_with_police == ""
    assert not bare.extremism_kinds.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"extremism_kinds": ["islamist"]}, "unknown extremism code 'islamist'"),
        ({"access": {"referral_needed": "maybe"}}, "must be true, false or null"),
        ({"information_sharing": {"police": "sometimes"}}, "unknown sharing code"),
        (
            {"referral_links": [{"direction": "refers-to", "fiche": "test-initiative-9999"}]},
            "no fiche 'test-initiative-9999'",
        ),
        ({"evaluation": {"year": "last year"}}, "must be a year like 2019"),
    ],
)
def test_fixture_loader_names_a_wrong_referral_fact(tmp_path, db, extra, message):
    _fixture(tmp_path, "test-initiative-0413", **extra)

    with pytest.raises(FixtureError, match=message):
        initiatives_load(directory=tmp_path)
    assert not Initiative.objects.filter(slug="test-initiative-0413").exists()


def _full_fiche():
    # Both serve an area: a published fiche without one is incomplete, and an import
    # marking it published is refused (services.publication_blockers).
    other = make_initiative(name="Test initiative 0422", country=True)
    fiche = make_initiative(
        name="Test initiative 0421",
        country=True,
        referral_needed=False,
        professional_secrecy=True,
        shares_with_security_cell="when",
        asks_consent=True,
        evaluated=True,
        evaluated_by="Test evaluator 0421",
        evaluation_year=2017,
        evaluation_report="https://report-0421.example.org/",
        waiting_time_fr="Test : deux semaines.",
        information_sharing_nl="Test: enkel met toestemming.",
        training_dates_nl="Test: 1 en 8 oktober.",
    )
    fiche.extremism_kinds.set(terms("extremism", ["jihadist"]))
    Partner.objects.create(initiative=fiche, name="Test partner 0421", role_nl="Test rol")
    ReferralLink.objects.create(initiative=fiche, direction="refers-to", other=other)
    return fiche, other


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_interchange_export_and_import_keep_every_referral_fact(db, fmt):
    fiche, other = _full_fiche()
    text = import_export.fiches_export(fmt=fmt)
    before = import_export.fiches_export(fmt="json")
    ReferralLink.objects.all().delete()
    Partner.objects.all().delete()
    Initiative.objects.filter(pk=fiche.pk).update(
        referral_needed=None, shares_with_security_cell="", evaluation_year=None
    )
    fiche.extremism_kinds.clear()

    result = import_export.fiches_import(text=text, fmt=fmt)

    assert result.ok, [str(p) for p in result.problems]
    after = json.loads(import_export.fiches_export(fmt="json"))
    assert [_facts(r) for r in after["fiches"]] == [_facts(r) for r in json.loads(before)["fiches"]]
    fiche.refresh_from_db()
    assert fiche.referral_needed is False
    assert fiche.intercultural_mediation is None
    assert fiche.shares_with_security_cell == "when"
    assert [link.other_id for link in fiche.referral_links.all()] == [other.slug]


def _facts(record: dict) -> dict:
    keys = [
        "extremism_kinds",
        "partners",
        "referral_links",
        *UNKNOWN_BOOLEANS,
        "shares_with_security_cell",
        "shares_with_police",
        "evaluated_by",
        "evaluation_year",
        "evaluation_report",
        "waiting_time_fr",
        "information_sharing_nl",
        "training_dates_nl",
    ]
    return {key: record[key] for key in keys}


def test_interchange_import_refuses_a_link_to_a_fiche_that_does_not_exist(db):
    fiche, _other = _full_fiche()
    document = json.loads(import_export.fiches_export(fmt="json"))
    record = next(r for r in document["fiches"] if r["slug"] == fiche.slug)
    record["referral_links"][0]["other"] = "test-initiative-9999"

    result = import_export.fiches_import(text=json.dumps(document), fmt="json")

    assert not result.ok
    assert any("no fiche 'test-initiative-9999'" in str(p) for p in result.problems)


def test_practitioner_fiche_shows_the_facts_and_not_known_for_the_rest(practitioner_client, db):
    fiche, other = _full_fiche()

    page = practitioner_client.get(f"/en/pro/initiatives/{fiche.slug}/").content.decode()
    back = practitioner_client.get(f"/en/pro/initiatives/{other.slug}/").content.decode()

    assert "jihadist extremism" in page
    assert "Test partner 0421 (Test rol)" in page
    assert "Test initiative 0422" in page
    assert "only in some cases (for instance a serious danger)" in page
    assert "https://report-0421.example.org/" in page
    # Unknown facts read "Not known", not "no".
    section = back.split('id="before-referral"')[1].split('id="information-sharing"')[0]
    assert "Not known" in section
    assert ">no<" not in section
    assert "Test initiative 0421" in back  # the link read the other way: receives from


def test_compare_page_shows_not_known_instead_of_no(practitioner_client, db):
    fiche, other = _full_fiche()

    page = practitioner_client.get(f"/en/pro/compare/?ids={fiche.slug},{other.slug}")
    html = page.content.decode()
    row = html.split("Intercultural mediation")[1].split("</tr>")[0]
    referral = html.split("Referral by a professional needed")[1].split("</tr>")[0]

    assert page.status_code == 200
    assert row.count("Not known") == 2
    assert ">no<" in referral and "Not known" in referral


def test_pro_exports_carry_the_facts_with_unknown_as_empty_and_null(practitioner_client, db):
    fiche, other = _full_fiche()

    csv_text = b"".join(practitioner_client.get("/en/pro/export.csv").streaming_content)
    document = json.loads(
        b"".join(practitioner_client.get("/en/pro/export.json").streaming_content)
    )

    import csv
    import io

    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(csv_text.decode("utf-8-sig")))}
    assert rows[fiche.slug]["referral_needed"] == "no"
    assert rows[other.slug]["referral_needed"] == ""
    assert rows[fiche.slug]["security_cell"] == "only in some cases (for instance a serious danger)"
    assert rows[fiche.slug]["refers_to"] == "Test initiative 0422"
    assert rows[other.slug]["receives_from"] == "Test initiative 0421"
    by_slug = {i["slug"]: i["referral"] for i in document["initiatives"]}
    assert by_slug[fiche.slug]["referral_needed"] is False
    assert by_slug[other.slug]["referral_needed"] is None
    assert by_slug[fiche.slug]["shares_with_security_cell"] == "when"
    assert by_slug[other.slug]["shares_with_security_cell"] is None
    assert by_slug[fiche.slug]["evaluation"] == {
        "evaluated": True,
        "by": "Test evaluator 0421",
        "year": 2017,
        "report": "https://report-0421.example.org/",
    }
    assert by_slug[other.slug]["receives_from"] == [fiche.slug]


def test_api_carries_the_facts_and_null_for_unknown(db):
    from django.test import Client

    fiche, other = _full_fiche()
    api = Client(HTTP_HOST="127.0.0.1")

    mine = api.get(f"/api/v1/initiatives/{fiche.slug}/").json()["referral"]
    theirs = api.get(f"/api/v1/initiatives/{other.slug}/").json()["referral"]

    assert mine["extremism_kinds"] == ["jihadist"]
    assert mine["partners"][0]["name"] == "Test partner 0421"
    assert mine["refers_to"] == [other.slug]
    assert mine["referral_needed"] is False
    assert mine["waiting_time"]["fr"] == "Test : deux semaines."
    assert mine["shares_with_security_cell"] == "when"
    assert theirs["receives_from"] == [fiche.slug]
    assert theirs["referral_needed"] is None
    assert theirs["intercultural_mediation"] is None
    assert theirs["evaluation"]["evaluated"] is None


def test_family_fiche_says_in_plain_words_what_happens_with_what_they_tell(client, db):
    fiche, other = _full_fiche()

    page = client.get(f"/en/initiatives/{fiche.slug}/").content.decode()
    bare = client.get(f"/en/initiatives/{other.slug}/").content.decode()

    ask = "Ask at the first contact what happens with what you tell them."
    assert "What happens with what you tell them" in page
    assert "bound by professional secrecy" in page
    assert "They ask for your permission before they pass anything on." in page
    assert "only in some" in page
    assert ask in page
    # Every family page has the section and tells them to ask; where nothing is known,
    # that is all it says: no sentence about secrecy, permission or sharing.
    section = bare.split('id="confidentiality"')[1].split("</section>")[0]
    assert "What happens with what you tell them" in section
    assert ask in section
    assert 'class="sharing"' not in section
    for words in ("secrecy", "permission", "security cell", "police", "share", "pass"):
        assert words not in section, words


def test_hsds_service_carries_mediation_and_the_kinds_of_extremism(db):
    from django.test import Client

    from initiatives.api.hsds.ids import service_id

    fiche, other = _full_fiche()
    fiche.intercultural_mediation = True
    fiche.save()
    api = Client(HTTP_HOST="127.0.0.1")

    mine = api.get(f"/api/v1/hsds/services/{service_id(fiche.slug)}?lang=en").json()
    theirs = api.get(f"/api/v1/hsds/services/{service_id(other.slug)}?lang=en").json()

    assert mine["interpretation_services"] == "Intercultural mediation offered."
    assert "interpretation_services" not in theirs  # not known: left out, never "no"
    codes = {a["taxonomy_term"]["code"] for a in mine["attributes"] if a.get("taxonomy_term")}
    assert "extremism:jihadist" in codes
    assert not any(
        (a.get("taxonomy_term") or {}).get("code", "").startswith("extremism:")
        for a in theirs["attributes"]
    )


FACET_CONTEXTS = [
    "",
    "secrecy=true",
    "security_cell=when&consent=false",
    "extremism=jihadist&referral=true",
    "police=no&police=yes&evaluated=true",
    "mediation=false&secrecy=false",
]


@pytest.mark.parametrize("context", FACET_CONTEXTS)
def test_each_referral_filter_count_equals_the_results_of_clicking_it(db, context):
    from initiatives.search import practitioner_facets
    from initiatives.search.practitioner_facets import FACETS
    from tests.pro.helpers import filtered, slugs_for

    values = [
        dict(
            professional_secrecy=True,
            shares_with_security_cell="when",
            asks_consent=False,
            referral_needed=True,
            shares_with_police="no",
            evaluated=True,
        ),
        dict(
            professional_secrecy=True,
            shares_with_security_cell="yes",
            asks_consent=True,
            intercultural_mediation=False,
            shares_with_police="yes",
        ),
        dict(
            professional_secrecy=False,
            shares_with_security_cell="when",
            asks_consent=False,
            referral_needed=False,
            evaluated=True,
            intercultural_mediation=False,
        ),
        dict(),
    ]
    for n, facts in enumerate(values):
        fiche = make_initiative(name=f"Test initiative {431 + n:04d}", country=True, **facts)
        if n < 2:
            fiche.extremism_kinds.set(terms("extremism", ["jihadist", "far-right"][n:]))
    new = (
        "extremism",
        "referral",
        "secrecy",
        "consent",
        "security_cell",
        "police",
        "evaluated",
        "mediation",
    )
    counts = practitioner_facets.count(filtered(context))
    nonzero = 0

    for facet in new:
        for code, count in counts[facet].items():
            kept = [p for p in context.split("&") if p and not p.startswith(f"{facet}=")]
            clicked = "&".join([*kept, f"{facet}={code}"])
            assert count == len(slugs_for(clicked)), (facet, code)
            nonzero += count > 0
    assert set(new) <= set(FACETS)
    assert nonzero
    # The fiche whose facts are all unknown is never counted under yes or no.
    unknown = Initiative.objects.order_by("-pk").first().slug
    for facet in ("referral", "secrecy", "consent", "evaluated", "mediation"):
        for code in ("true", "false"):
            assert unknown not in slugs_for(f"{facet}={code}")
