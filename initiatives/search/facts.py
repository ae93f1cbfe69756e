"""What the practitioner area says about a fiche, in one place: the facts shown on
the practitioner fiche and side by side on the compare page, which are also the
columns of the CSV export (`practitioner_exports.py`).

Every list starts from `for_pro()`, which fetches a page of fiches and all
their related rows in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import ContactPoint, Initiative, ReferralLink, ServiceArea, Site
from initiatives.vocabulary import Audience, ReferralDirection, State, label_for

MULTI_SEPARATOR = "; "


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
