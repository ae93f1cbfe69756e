"""A small synthetic catalogue and the accounts of the practitioner-area tests.

Catalogue (all published unless said otherwise):
  A  municipality Mechelen; secondary+tertiary; individual+family; parents; prevention;
     nl+ar; municipality org; voluntary; free; anonymous; active; site Mechelen
  B  province Limburg; primary; group+peer-group; mothers+parents; family-support; nl;
     nonprofit; voluntary; free; not anonymous; active; site Hasselt
  C  French Community; tertiary; helpline; relatives; welfare; fr; community-or-region;
     both; free; anonymous; active; site Liège
  D  whole country; secondary; helpline+listening-point; professionals; prevention-macro;
     nl+fr+de; federal; voluntary; paid; anonymous unknown; status unknown; site Brussels
  E  municipality Liège; secondary; duo; youth; justice+youth; court-ordered; depends;
     nonprofit; ended; site Liège
  F  a draft in Mechelen that must never show
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from initiatives.vocabulary import State
from tests.factories import make_initiative, make_organisation, terms

MECHELEN, HASSELT, LIEGE, EUPEN, BRUSSELS, NAMUR = (
    "12025",
    "71072",
    "62063",
    "63023",
    "21004",
    "92094",
)
PASSWORD = "test-password-0001-long"


@dataclass
class Catalogue:
    a: object
    b: object
    c: object
    d: object
    e: object
    f: object

    def slugs(self, *letters: str) -> set[str]:
        return {getattr(self, letter.lower()).slug for letter in letters}


@pytest.fixture
def catalogue(db) -> Catalogue:
    a = make_initiative(
        name="Test initiative 0101",
        municipalities=[MECHELEN],
        site_in=MECHELEN,
        levels=["secondary", "tertiary"],
        forms=["individual", "family"],
        target_groups=["parents"],
        sectors=["prevention"],
        help_languages=["nl", "ar"],
        organisation=make_organisation(orgtype="municipality"),
        mandate="voluntary",
        cost="free",
        anonymous=True,
        status="active",
        professional_phone="+32 0 000 01 01",
        phone="+32 0 000 01 02",
        description_nl="Begeleiding met coördinatie tussen diensten voor ouders.",
    )
    b = make_initiative(
        name="Test initiative 0102",
        provinces=["BE-VLI"],
        site_in=HASSELT,
        levels=["primary"],
        forms=["group", "peer-group"],
        target_groups=["mothers", "parents"],
        sectors=["family-support"],
        help_languages=["nl"],
        organisation=make_organisation(orgtype="nonprofit"),
        mandate="voluntary",
        cost="free",
        anonymous=False,
        status="active",
        summary_nl="Een oudergroep voor moeders in Limburg.",
    )
    c = make_initiative(
        name="Test initiative 0103",
        communities=["french"],
        site_in=LIEGE,
        levels=["tertiary"],
        forms=["helpline"],
        target_groups=["relatives"],
        sectors=["welfare"],
        help_languages=["fr"],
        organisation=make_organisation(
            orgtype="community-or-region", name_fr="Organisation de test liégeoise 0103"
        ),
        mandate="both",
        cost="free",
        anonymous=True,
        status="active",
        summary_fr="Écoute des éducateurs et des bénévoles.",
    )
    d = make_initiative(
        name="Test initiative 0104",
        country=True,
        site_in=BRUSSELS,
        levels=["secondary"],
        forms=["helpline", "listening-point"],
        target_groups=["professionals"],
        help_languages=["nl", "fr", "de"],
        organisation=make_organisation(orgtype="federal"),
        mandate="voluntary",
        cost="paid",
        anonymous=None,
        status="unknown",
    )
    d.scale.set(terms("scale", ["prevention-macro"]))
    e = make_initiative(
        name="Test initiative 0105",
        municipalities=[LIEGE],
        site_in=LIEGE,
        levels=["secondary"],
        forms=["duo"],
        target_groups=["youth"],
        sectors=["justice", "youth"],
        organisation=make_organisation(orgtype="nonprofit"),
        mandate="court-ordered",
        cost="depends",
        status="ended",
    )
    f = make_initiative(
        name="Test initiative 0106",
        state=State.DRAFT,
        municipalities=[MECHELEN],
        site_in=MECHELEN,
        levels=["secondary"],
        forms=["individual"],
        mandate="voluntary",
        cost="free",
    )
    return Catalogue(a, b, c, d, e, f)


@pytest.fixture
def practitioner(django_user_model):
    user = django_user_model.objects.create_user(
        username="test-practitioner-0001", email="practitioner-0001@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="practitioner"))
    return user


@pytest.fixture
def practitioner_client(client, practitioner):
    client.force_login(practitioner)
    return client


@pytest.fixture
def outsider_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="test-outsider-0001", email="outsider-0001@example.org", password=PASSWORD
    )
    client.force_login(user)
    return client
