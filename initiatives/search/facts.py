"""What the practitioner area says about a fiche, in one place: the facts shown
side by side on the compare page, the CSV columns and the JSON document.

Every list starts from `for_pro()`, which fetches a page of fiches and all
their related rows in a fixed number of queries. Exports stream in chunks so
memory stays flat whatever the size of the result.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import ContactPoint, Initiative, ReferralLink, ServiceArea, Site
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import Audience, ReferralDirection, State, label_for

MULTI_SEPARATOR = "; "
CHUNK_SIZE = 500
BOM = "\ufeff"
JSON_FORMAT_VERSION = 2  # 2: last_verified renamed source_date; confirmed_on, confirmed_by


# The referral facts that live in their own tables: 4 queries per chunk of fiches.
REFERRAL_PREFETCH = (
    "extremism_kinds",
    "partners",
    Prefetch(
        "referral_links",
        queryset=ReferralLink.objects.filter(other__state=State.PUBLISHED)
        .select_related("other")
        .order_by("pk"),
    ),
    Prefetch(
        "referral_links_in",
        queryset=ReferralLink.objects.filter(initiative__state=State.PUBLISHED)
        .select_related("initiative")
        .order_by("pk"),
    ),
)


def for_pro(qs: QuerySet) -> QuerySet:
    """Everything a practitioner page or export shows, in 1 + 10 queries per chunk."""
    return qs.select_related("organisation").prefetch_related(
        *TERM_FIELDS,
        Prefetch("contacts", queryset=ContactPoint.objects.order_by("order", "pk")),
        Prefetch("sites", queryset=Site.objects.select_related("municipality").order_by("pk")),
        Prefetch(
            "service_areas",
            queryset=ServiceArea.objects.select_related(
                "community", "region", "province", "municipality"
            ).order_by("pk"),
        ),
        "sources",
        *REFERRAL_PREFETCH,
    )


def linked_fiches(initiative: Initiative, direction: str) -> list[Initiative]:
    """The published fiches this one sends families to (refers-to) or gets them from
    (receives-from): its own links, and the other fiches' links read the other way."""
    inverse = (
        ReferralDirection.RECEIVES_FROM
        if direction == ReferralDirection.REFERS_TO
        else ReferralDirection.REFERS_TO
    )
    found = [link.other for link in initiative.referral_links.all() if link.direction == direction]
    found += [
        link.initiative for link in initiative.referral_links_in.all() if link.direction == inverse
    ]
    unique = {fiche.slug: fiche for fiche in found}
    return sorted(unique.values(), key=lambda fiche: str(fiche).lower())


def partner_text(partner) -> str:
    role = str(partner.t.role)
    return f"{partner.name} ({role})" if role else partner.name


def evaluation_text(initiative: Initiative) -> list[str]:
    if initiative.evaluated is None:
        return []
    lines = [yes_no(initiative.evaluated)]
    if initiative.evaluated_by:
        lines.append(str(_("by %(who)s")) % {"who": initiative.evaluated_by})
    if initiative.evaluation_year:
        lines.append(str(initiative.evaluation_year))
    if initiative.evaluation_report:
        lines.append(initiative.evaluation_report)
    return lines


def sharing_text(value: str) -> str:
    return label_for("sharing", value) if value else ""


def codes(initiative: Initiative, field: str) -> list[str]:
    return sorted(term.code for term in getattr(initiative, field).all())


def labels(initiative: Initiative, field: str) -> list[str]:
    dimension = TERM_FIELDS[field]
    return [label_for(dimension, code) for code in codes(initiative, field)]


def contacts(initiative: Initiative, audience: str) -> list[ContactPoint]:
    return [c for c in initiative.contacts.all() if c.audience == audience]


def contact_text(contact: ContactPoint) -> str:
    label = str(contact.t.label)
    text = f"{contact.get_kind_display()}: {contact.value}"
    if label:
        text = f"{label} – {text}"
    if contact.t.hours:
        text = f"{text} ({contact.t.hours})"
    return text


def site_text(site: Site, *, public_only: bool) -> str:
    if public_only and not site.address_public:
        return str(site.municipality)
    if site.street:
        return f"{site.street}, {site.postcode} {site.municipality}".strip()
    return f"{site.postcode} {site.municipality}".strip()


def yes_no(value) -> str:
    if value is None:
        return ""
    return str(_("yes") if value else _("no"))


def age_text(initiative: Initiative) -> str:
    if initiative.age_min is None and initiative.age_max is None:
        return ""
    low = "" if initiative.age_min is None else str(initiative.age_min)
    high = "" if initiative.age_max is None else str(initiative.age_max)
    return f"{low}–{high}"


@dataclass(frozen=True)
class Fact:
    """One line of a fiche: its stable key, what a person reads, how to get it."""

    key: str
    label: str
    value: Callable[[Initiative], str | list[str]]


def _text(field: str):
    return lambda i: str(getattr(i.t, field))


FACTS: list[Fact] = [
    Fact("name", _("Name"), _text("name")),
    Fact("organisation", _("Organisation"), lambda i: str(i.organisation or "")),
    Fact(
        "orgtype",
        _("Organisation type"),
        lambda i: (
            label_for("orgtype", i.organisation.orgtype)
            if i.organisation and i.organisation.orgtype
            else ""
        ),
    ),
    Fact("summary", _("Summary"), _text("summary")),
    Fact("levels", _("Prevention level"), lambda i: labels(i, "levels")),
    Fact("forms", _("Work form"), lambda i: labels(i, "forms")),
    Fact("target_groups", _("Target group"), lambda i: labels(i, "target_groups")),
    Fact("age", _("Age range"), age_text),
    Fact("sectors", _("Sector"), lambda i: labels(i, "sectors")),
    Fact("scale", _("Intervention scale"), lambda i: labels(i, "scale")),
    Fact("help_languages", _("Language of help"), lambda i: labels(i, "help_languages")),
    Fact("mandate", _("Mandate"), lambda i: i.get_mandate_display() if i.mandate else ""),
    Fact("cost", _("Cost"), lambda i: i.get_cost_display() if i.cost else ""),
    Fact("anonymous", _("Anonymous help possible"), lambda i: yes_no(i.anonymous)),
    Fact("status", pgettext_lazy("activity", "Status"), lambda i: i.get_status_display()),
    Fact(
        "service_area",
        _("Service area"),
        lambda i: [area.scope_label for area in i.service_areas.all()],
    ),
    Fact(
        "sites",
        _("Addresses"),
        lambda i: [site_text(s, public_only=False) for s in i.sites.all()],
    ),
    Fact(
        "public_contacts",
        _("Contacts for families"),
        lambda i: [contact_text(c) for c in contacts(i, Audience.PUBLIC)],
    ),
    Fact(
        "professional_contacts",
        _("Contacts for professionals only"),
        lambda i: [contact_text(c) for c in contacts(i, Audience.PROFESSIONAL)],
    ),
    Fact("referral_procedure", _("Referral procedure"), _text("referral_procedure")),
    Fact("intake_conditions", _("Intake conditions"), _text("intake_conditions")),
    Fact("confidentiality", _("What happens with what families say"), _text("confidentiality")),
    Fact(
        "extremism_kinds", _("Kinds of extremism addressed"), lambda i: labels(i, "extremism_kinds")
    ),
    Fact("partners", _("Partners"), lambda i: [partner_text(p) for p in i.partners.all()]),
    Fact(
        "refers_to",
        _("Refers families to"),
        lambda i: [str(f) for f in linked_fiches(i, ReferralDirection.REFERS_TO)],
    ),
    Fact(
        "receives_from",
        _("Receives families from"),
        lambda i: [str(f) for f in linked_fiches(i, ReferralDirection.RECEIVES_FROM)],
    ),
    Fact(
        "referral_needed",
        _("Referral by a professional needed"),
        lambda i: yes_no(i.referral_needed),
    ),
    Fact("waiting_time", _("Waiting time"), _text("waiting_time")),
    Fact("capacity", _("Capacity"), _text("capacity_note")),
    Fact(
        "professional_secrecy",
        _("Bound by professional secrecy"),
        lambda i: yes_no(i.professional_secrecy),
    ),
    Fact(
        "security_cell",
        _("Shares with the local security cell (LIVC-R / CSIL-R)"),
        lambda i: sharing_text(i.shares_with_security_cell),
    ),
    Fact("police", _("Shares with the police"), lambda i: sharing_text(i.shares_with_police)),
    Fact(
        "asks_consent",
        _("Asks the family's consent before sharing"),
        lambda i: yes_no(i.asks_consent),
    ),
    Fact("information_sharing", _("Information sharing"), _text("information_sharing")),
    Fact("evaluation", _("Offer evaluated"), evaluation_text),
    Fact(
        "intercultural_mediation",
        _("Intercultural mediation"),
        lambda i: yes_no(i.intercultural_mediation),
    ),
    Fact("training_audience", _("Training: for which professionals"), _text("training_audience")),
    Fact("training_format", _("Training: format"), _text("training_format")),
    Fact("training_dates", _("Training: next dates"), _text("training_dates")),
    Fact("sources", _("Sources"), lambda i: [s.url for s in i.sources.all()]),
    Fact("source_date", _("Date of the newest public source"), lambda i: i.source_date_display),
    Fact(
        "confirmed_on",
        _("Confirmed on"),
        lambda i: i.confirmed_on.isoformat() if i.confirmed_on else "",
    ),
]


# The facts that decide a referral, as the practitioner fiche groups them.
REFERRAL_FACT_KEYS = (
    "extremism_kinds",
    "partners",
    "refers_to",
    "receives_from",
    "referral_needed",
    "waiting_time",
    "capacity",
    "intercultural_mediation",
    "evaluation",
)
SHARING_FACT_KEYS = (
    "professional_secrecy",
    "asks_consent",
    "security_cell",
    "police",
    "information_sharing",
)


def facts_of(initiative: Initiative, keys: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """(label, values) of the facts named by `keys`; an empty list means not known."""
    by_key = {fact.key: fact for fact in FACTS}
    result = []
    for key in keys:
        value = by_key[key].value(initiative)
        result.append((str(by_key[key].label), value if isinstance(value, list) else [value]))
    return [(label, [v for v in values if v]) for label, values in result]


def fact_text(value: str | list[str]) -> str:
    return MULTI_SEPARATOR.join(value) if isinstance(value, list) else value


# CSV ----------------------------------------------------------------------

CSV_COLUMNS = ["slug", *(fact.key for fact in FACTS), "url"]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    initiatives: Iterable[Initiative], *, base_url: str, delimiter: str = ","
) -> Iterator[str]:
    """The CSV file line by line: a byte-order mark, the header row, one row per fiche.

    Spreadsheets set up for Belgium or France read a comma as the decimal mark and
    expect `;` between columns, hence the semicolon variant.
    """
    writer = csv.writer(_Echo(), delimiter=delimiter)
    yield BOM + writer.writerow(CSV_COLUMNS)
    for initiative in initiatives:
        row = [initiative.slug]
        row += [fact_text(fact.value(initiative)) for fact in FACTS]
        row.append(base_url + reverse("pro:initiative-detail", kwargs={"slug": initiative.slug}))
        yield writer.writerow(row)


# JSON ---------------------------------------------------------------------


def _translations(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in CONTENT_LANGUAGES}


def _area_json(area: ServiceArea) -> dict:
    scope = area.scope
    code = {
        "country": "BE",
        "community": area.community_id,
        "region": area.region_id,
        "province": area.province_id,
        "municipality": area.municipality_id,
    }.get(scope, "")
    return {"scope": scope, "code": code, "label": str(area.scope_label)}


def referral_json(initiative: Initiative) -> dict:
    """The facts that decide a referral, as codes; null or [] where no source says it.

    The practitioner JSON export and the open-data API share this shape
    (documented in docs/exports.md and docs/api.md)."""
    return {
        "extremism_kinds": codes(initiative, "extremism_kinds"),
        "partners": [
            {"name": p.name, "role": _translations(p, "role"), "source": p.source or None}
            for p in initiative.partners.all()
        ],
        "refers_to": [f.slug for f in linked_fiches(initiative, ReferralDirection.REFERS_TO)],
        "receives_from": [
            f.slug for f in linked_fiches(initiative, ReferralDirection.RECEIVES_FROM)
        ],
        "referral_needed": initiative.referral_needed,
        "waiting_time": _translations(initiative, "waiting_time"),
        "capacity": _translations(initiative, "capacity_note"),
        "professional_secrecy": initiative.professional_secrecy,
        "shares_with_security_cell": initiative.shares_with_security_cell or None,
        "shares_with_police": initiative.shares_with_police or None,
        "asks_consent": initiative.asks_consent,
        "information_sharing": _translations(initiative, "information_sharing"),
        "evaluation": {
            "evaluated": initiative.evaluated,
            "by": initiative.evaluated_by or None,
            "year": initiative.evaluation_year,
            "report": initiative.evaluation_report or None,
        },
        "intercultural_mediation": initiative.intercultural_mediation,
        "training": {
            "audience": _translations(initiative, "training_audience"),
            "format": _translations(initiative, "training_format"),
            "next_dates": _translations(initiative, "training_dates"),
        },
    }


def initiative_json(initiative: Initiative, *, base_url: str) -> dict:
    """One fiche as the JSON export writes it (shape documented in docs/exports.md)."""
    organisation = initiative.organisation
    return {
        "slug": initiative.slug,
        "url": base_url + reverse("pro:initiative-detail", kwargs={"slug": initiative.slug}),
        "name": _translations(initiative, "name"),
        "organisation": None
        if organisation is None
        else {
            "key": organisation.key,
            "name": _translations(organisation, "name"),
            "orgtype": organisation.orgtype or None,
            "website": organisation.website or None,
        },
        "summary": _translations(initiative, "summary"),
        "description": _translations(initiative, "description"),
        "family_text": _translations(initiative, "family_text"),
        **{field: codes(initiative, field) for field in TERM_FIELDS if field != "extremism_kinds"},
        "age_min": initiative.age_min,
        "age_max": initiative.age_max,
        "mandate": initiative.mandate or None,
        "cost": initiative.cost or None,
        "anonymous": initiative.anonymous,
        "status": initiative.status,
        "service_area": [_area_json(area) for area in initiative.service_areas.all()],
        "sites": [
            {
                "municipality_nis": site.municipality_id,
                "municipality": str(site.municipality),
                "postcode": site.postcode or None,
                "street": site.street or None,
                "address_public": site.address_public,
                "lat": site.lat,
                "lon": site.lon,
            }
            for site in initiative.sites.all()
        ],
        "contacts": [
            {
                "kind": contact.kind,
                "value": contact.value,
                "audience": contact.audience,
                "label": contact.translations_of("label"),
                "hours": _translations(contact, "hours"),
            }
            for contact in initiative.contacts.all()
        ],
        "referral_procedure": _translations(initiative, "referral_procedure"),
        "intake_conditions": _translations(initiative, "intake_conditions"),
        "confidentiality": _translations(initiative, "confidentiality"),
        "referral": referral_json(initiative),
        "sources": [source.url for source in initiative.sources.all()],
        "source_date": initiative.source_date.isoformat() if initiative.source_date else None,
        "source_date_precision": initiative.source_date_precision,
        "confirmed_on": initiative.confirmed_on.isoformat() if initiative.confirmed_on else None,
        "confirmed_by": initiative.confirmed_by or None,
    }


def json_chunks(
    initiatives: Iterable[Initiative], *, count: int, filters: dict, language: str, base_url: str
) -> Iterator[str]:
    """The JSON document in pieces: the envelope, then one fiche at a time."""
    head = {
        "format": "familysupport-pro-export",
        "version": JSON_FORMAT_VERSION,
        "generated": timezone.now().isoformat(timespec="seconds"),
        "language": language,
        "filters": filters,
        "count": count,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "initiatives": ['
    for index, initiative in enumerate(initiatives):
        prefix = "" if index == 0 else ","
        document = initiative_json(initiative, base_url=base_url)
        yield prefix + json.dumps(document, ensure_ascii=False)
    yield "]}"


def chunked(qs: QuerySet) -> Iterator[Initiative]:
    return for_pro(qs).iterator(chunk_size=CHUNK_SIZE)
