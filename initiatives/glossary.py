"""Words families meet on the site and in the fiches, explained in plain language."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from initiatives.models import fold


@dataclass(frozen=True)
class Entry:
    anchor: str  # stable, so other pages can link to one word
    term: str
    meaning: str


ENTRIES = (
    Entry(
        "radicalisation",
        _("Radicalisation"),
        _(
            "A process, often with ups and downs, in which a person comes to want deep changes "
            "in society that go against the way it is organised now. It is not always about "
            "religion, and radical ideas alone are not a problem or a crime."
        ),
    ),
    Entry(
        "violent-radicalisation",
        _("Violent radicalisation"),
        _(
            "When radical ideas go together with the wish to use violence, or to support "
            "people who use it."
        ),
    ),
    Entry(
        "violent-extremism",
        _("Violent extremism"),
        _(
            "Ideas and actions that accept or use violence to reach an extreme political, "
            "religious or social goal."
        ),
    ),
    Entry(
        "extremism",
        _("Extremism"),
        _(
            "Ideas that reject democracy and equal rights for everyone. Extremism takes many "
            "forms: far right (for example neo-Nazi groups), far left, religious (for example "
            "jihadism), or built around one cause or a conspiracy theory. The services on this "
            "site help families whatever the ideas are."
        ),
    ),
    Entry(
        "jihadism",
        _("Jihadism"),
        _(
            "A violent movement that uses a distorted reading of Islam to justify armed "
            "struggle and attacks. Most Muslims reject it."
        ),
    ),
    Entry(
        "terrorism",
        _("Terrorism"),
        _("Violence, or the threat of it, used to reach a political goal by spreading fear."),
    ),
    Entry(
        "foreign-terrorist-fighter",
        _("Foreign terrorist fighter"),
        _(
            "Someone who travelled abroad, for example to Syria or Iraq, to join an armed "
            "group. Families often say their relative “has left”."
        ),
    ),
    Entry(
        "polarisation",
        _("Polarisation"),
        _(
            "When groups of people see each other more and more as opposites. It can cause "
            "tension, and sometimes danger."
        ),
    ),
    Entry(
        "prevention",
        _("Prevention"),
        _(
            "Doing something before problems grow. Services speak of three kinds. Primary "
            "prevention is for everyone, for example talking with children about the world. "
            "Secondary prevention is for people who run a higher risk. Tertiary prevention "
            "works with a person who is already radicalised. Families can get support at "
            "each of these stages, for themselves."
        ),
    ),
    Entry(
        "counter-radicalisation",
        _("Counter-radicalisation"),
        _("Everything that is done to prevent radicalisation."),
    ),
    Entry(
        "deradicalisation",
        _("Deradicalisation"),
        _("When a person turns away from violence and also from the ideas behind it."),
    ),
    Entry(
        "disengagement",
        _("Disengagement"),
        _(
            "When a person stops using or supporting violence, even if they keep some of "
            "their ideas."
        ),
    ),
    Entry(
        "reintegration",
        _("Reintegration"),
        _(
            "Finding a place in society again, for example after prison or after coming back "
            "from a conflict zone: housing, work, school, friends and family."
        ),
    ),
    Entry(
        "family-support",
        _("Family support"),
        _(
            "Help for the parents, partners, brothers, sisters and other relatives of someone "
            "who is radicalised or involved in violence: someone to talk to, advice, and "
            "contact with other families."
        ),
    ),
)


def glossary_entries() -> list[Entry]:
    """The entries in alphabetical order of the words in the active language."""
    return sorted(ENTRIES, key=lambda entry: fold(str(entry.term)))
