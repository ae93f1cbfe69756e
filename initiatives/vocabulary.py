"""Every code of the directory's vocabulary, with its label.

One definition serves the models, the filters, the fixtures, the API and the
exports. Codes are stable (never rename one that shipped); labels are
translated through the gettext catalogues, except the official names of
regions, communities and provinces, which come from one source in every
language: fixtures/geography/areas.yaml, the file the geography tables load.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

AREAS_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "geography" / "areas.yaml"


@lru_cache(maxsize=1)
def official_names() -> dict:
    """Regions, communities and provinces with their names in nl, fr, de and en."""
    return yaml.safe_load(AREAS_FILE.read_text(encoding="utf-8"))


def _official_name(kind: str, code: str) -> str:
    names = official_names()[kind][code]
    return names.get((get_language() or "nl")[:2]) or names["nl"]


# The official name in the active language, looked up when the label is shown.
official_name = lazy(_official_name, str)


class Level(models.TextChoices):
    PRIMARY = "primary", _("primary prevention")
    SECONDARY = "secondary", _("secondary prevention")
    TERTIARY = "tertiary", _("tertiary prevention")


class Form(models.TextChoices):
    INDIVIDUAL = "individual", _("individual guidance")
    DUO = "duo", _("duo guidance (young person and parents in parallel)")
    FAMILY = "family", _("family guidance")
    GROUP = "group", _("group sessions, parent or family meetings")
    PEER_GROUP = "peer-group", _("peer support group")
    WORKSHOP = "workshop", _("parenting workshops, course")
    HELPLINE = "helpline", _("helpline (phone, e-mail, chat)")
    LISTENING_POINT = "listening-point", _("listening and advice point")
    AWARENESS = "awareness", _("awareness (theatre, video, info sessions)")
    ONLINE_TOOL = "online-tool", _("online or teaching tool")
    PROFESSIONAL_TRAINING = "professional-training", _("training and coaching for professionals")
    COORDINATION = "coordination", _("coordination, chain approach, case consultation")


class TargetGroup(models.TextChoices):
    PARENTS = "parents", _("parents")
    MOTHERS = "mothers", _("mothers")
    FATHERS = "fathers", _("fathers")
    SIBLINGS = "siblings", _("siblings")
    RELATIVES = "relatives", _("family and close relatives")
    CHILDREN = "children", _("children")
    YOUTH = "youth", _("young people")
    RADICALISED_PERSONS = "radicalised-persons", _("people (being) radicalised")
    RETURNEES = "returnees", _("returnees and their children")
    PROFESSIONALS = "professionals", _("front-line professionals")
    GENERAL_PUBLIC = "general-public", _("general public")


class Sector(models.TextChoices):
    WELFARE = "welfare", _("welfare")
    HEALTH = "health", _("health, including mental health")
    YOUTH = "youth", pgettext_lazy("sector", "youth")
    FAMILY_SUPPORT = "family-support", _("family and parenting support")
    SOCIO_CULTURAL = "socio-cultural", _("socio-cultural work")
    LEISURE = "leisure", _("leisure")
    PREVENTION = "prevention", _("prevention and safety")
    EDUCATION = "education", _("education")
    JUSTICE = "justice", _("justice")


class OrgType(models.TextChoices):
    MUNICIPALITY = (
        "municipality",
        _("municipality (incl. prevention service and public social welfare centre)"),
    )
    COMMUNITY_OR_REGION = "community-or-region", _("community or regional administration")
    NONPROFIT = "nonprofit", _("non-profit organisation")
    VOLUNTEER_ASSOCIATION = "volunteer-association", _("volunteer or parents' association")
    FEDERAL = "federal", _("federal authority")


class Scale(models.TextChoices):
    PREVENTION_MACRO = "prevention-macro", _("prevention, macro level (country, region, city)")
    PREVENTION_MESO = (
        "prevention-meso",
        _("prevention, meso level (family and social surroundings)"),
    )
    INTERVENTION_MESO = (
        "intervention-meso",
        _("intervention, meso level (family and social surroundings)"),
    )
    INTERVENTION_MICRO = (
        "intervention-micro",
        _("intervention, micro level (the person and their close circle)"),
    )


class Mandate(models.TextChoices):
    VOLUNTARY = "voluntary", _("voluntary")
    COURT_ORDERED = "court-ordered", _("court-ordered (judicial condition)")
    BOTH = "both", _("voluntary or court-ordered")


class Cost(models.TextChoices):
    FREE = "free", _("free")
    PAID = "paid", _("paid")
    DEPENDS = "depends", _("depends")


class Status(models.TextChoices):
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")
    SUSPENDED = "suspended", _("suspended")
    UNKNOWN = "unknown", pgettext_lazy("status", "unknown")


class Extremism(models.TextChoices):
    """Kinds of extremism an offer addresses (several per fiche)."""

    JIHADIST = "jihadist", _("jihadist extremism")
    FAR_RIGHT = "far-right", _("far-right extremism")
    FAR_LEFT = "far-left", _("far-left extremism")
    OTHER = "other", _("other extremism")
    NOT_SPECIFIC = "not-specific", _("not specific to one kind")


class Sharing(models.TextChoices):
    """Whether a service passes information on to the security cell or the police.

    No value stored means no source says it (shown as "not known", never as "no")."""

    YES = "yes", _("yes")
    NO = "no", _("no")
    WHEN = "when", _("only in some cases (for instance a serious danger)")


class ReferralDirection(models.TextChoices):
    """Which way families go along a referral link between two fiches."""

    REFERS_TO = "refers-to", _("refers families to")
    RECEIVES_FROM = "receives-from", _("receives families from")


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in-review", _("in review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class Audience(models.TextChoices):
    PUBLIC = "public", _("public (families see it)")
    PROFESSIONAL = "professional", _("professionals only")


class ContactKind(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    WEBSITE = "website", _("website")
    CHAT = "chat", _("chat")


class ContactLabel(models.TextChoices):
    """What a contact point is, said in the page's language (fixtures write the code)."""

    FREE_NUMBER = "free-number", _("Free number")
    HELPLINE_NUMBER = "helpline-number", _("Number of the helpline")
    CONTACT_POINT_PHONE = "contact-point-phone", _("Phone of the contact point")
    SERVICE_EMAIL = "service-email", _("E-mail address of the service")
    GENERAL_EMAIL = "general-email", _("General e-mail address")
    TRAINING_REQUESTS = "training-requests", _("Requests for training")
    SERVICE_WEBSITE = "service-website", _("Website of the service")
    SERVICE_PAGE = "service-page", _("Page about this service")
    NETWORK_WEBSITE = "network-website", _("Website of the network")
    ORGANISATION_WEBSITE = "organisation-website", _("Website of the organisation")
    MUNICIPALITY_WEBSITE = "municipality-website", _("Website of the municipality")
    BOOKINGS = "bookings", _("Information and bookings")


class Community(models.TextChoices):
    FLEMISH = "flemish", official_name("communities", "flemish")
    FRENCH = "french", official_name("communities", "french")
    GERMAN = "german", official_name("communities", "german")


class Region(models.TextChoices):
    VLG = "VLG", official_name("regions", "VLG")
    WAL = "WAL", official_name("regions", "WAL")
    BRU = "BRU", official_name("regions", "BRU")


class Province(models.TextChoices):
    VAN = "BE-VAN", official_name("provinces", "BE-VAN")
    VLI = "BE-VLI", official_name("provinces", "BE-VLI")
    VOV = "BE-VOV", official_name("provinces", "BE-VOV")
    VBR = "BE-VBR", official_name("provinces", "BE-VBR")
    VWV = "BE-VWV", official_name("provinces", "BE-VWV")
    WBR = "BE-WBR", official_name("provinces", "BE-WBR")
    WHT = "BE-WHT", official_name("provinces", "BE-WHT")
    WLG = "BE-WLG", official_name("provinces", "BE-WLG")
    WLX = "BE-WLX", official_name("provinces", "BE-WLX")
    WNA = "BE-WNA", official_name("provinces", "BE-WNA")


class HelpLanguage(models.TextChoices):
    """Languages of help (ISO 639-1; Tamazight is ISO 639-2 `ber`)."""

    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    DE = "de", _("German")
    EN = "en", _("English")
    AR = "ar", _("Arabic")
    BER = "ber", _("Tamazight (Berber)")
    TR = "tr", _("Turkish")
    ES = "es", _("Spanish")
    IT = "it", _("Italian")
    PL = "pl", _("Polish")
    RU = "ru", _("Russian")
    UR = "ur", _("Urdu")
    PS = "ps", _("Pashto")
    FA = "fa", _("Persian")
    SO = "so", _("Somali")


# The nine municipalities of the German-speaking Community (REFNIS codes).
GERMAN_SPEAKING_MUNICIPALITIES = frozenset(
    {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
)


@dataclass(frozen=True)
class Need:
    """A family situation, in the family's words, and what it matches."""

    code: str
    label: str
    levels: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    helplines_first: bool = False
    to_pro: bool = False


NEEDS: dict[str, Need] = {
    need.code: need
    for need in (
        Need(
            "learn",
            _("I want to learn how to talk with my child and prevent problems"),
            levels=(Level.PRIMARY,),
            forms=(Form.WORKSHOP, Form.AWARENESS, Form.GROUP),
        ),
        Need(
            "worried",
            _("I am worried about changes in my child or in a relative"),
            levels=(Level.SECONDARY,),
        ),
        Need(
            "acute",
            _(
                "A family member is radicalised, has left for a conflict zone, "
                "is in prison or has come back"
            ),
            levels=(Level.TERTIARY,),
            helplines_first=True,
        ),
        Need(
            "meet-others",
            _("I want to meet other parents or families who went through this"),
            forms=(Form.GROUP, Form.PEER_GROUP),
        ),
        Need(
            "professional",
            _("I work with families (teacher, social worker, youth worker…)"),
            to_pro=True,
        ),
    )
}

# Work forms that answer at once: shown first when the situation is acute.
IMMEDIATE_FORMS = (Form.HELPLINE, Form.LISTENING_POINT)

# An offer is for professionals only when every target group it states is one of
# these, or every work form it states is one of these (training, coordination):
# InitiativeQuerySet.for_families.
PROFESSIONAL_TARGET_GROUPS = ("professionals",)
PROFESSIONAL_FORMS = (Form.PROFESSIONAL_TRAINING, Form.COORDINATION)

# The language families of a community speak: help "in the place's language".
COMMUNITY_LANGUAGES = {"flemish": "nl", "french": "fr", "german": "de"}

# Dimension name -> choices; the fixtures, filters and API check codes against this.
DIMENSIONS: dict[str, type[models.TextChoices]] = {
    "level": Level,
    "form": Form,
    "for": TargetGroup,
    "sector": Sector,
    "orgtype": OrgType,
    "scale": Scale,
    "mandate": Mandate,
    "cost": Cost,
    "status": Status,
    "help_lang": HelpLanguage,
    "extremism": Extremism,
    "sharing": Sharing,
    "community": Community,
    "region": Region,
    "province": Province,
}


def label_for(dimension: str, code: str) -> str:
    """The translated label of a code, or the code itself when it is unknown."""
    choices = DIMENSIONS[dimension]
    try:
        return str(choices(code).label)
    except ValueError:
        return code
