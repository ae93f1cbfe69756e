"""Joins the verification round (0030, 0031) with the two dates (0013), whose
confirmed_on the round sets."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0013_two_dates_status_hold"),
        ("initiatives", "0031_verification_coordinator_rights"),
    ]
    operations = []
