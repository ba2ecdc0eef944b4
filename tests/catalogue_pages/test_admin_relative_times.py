"""Relative times in the admin read as Latvian: "pirms 19 minūtēm", never "19 minūte ago" or
"pirms 1 minūšu" (Django's Latvian catalogue orders its plural forms against its own formula;
the project's catalogue, read first, gives the forms "pirms" takes). English stays English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_last_update, timesince_simple


@pytest.mark.parametrize(
    ("delta", "latvian", "english"),
    [
        (dt.timedelta(seconds=20), "tikko", "just now"),
        (dt.timedelta(minutes=1), "pirms 1 minūtes", "1 minute ago"),
        (dt.timedelta(minutes=2), "pirms 2 minūtēm", "2 minutes ago"),
        (dt.timedelta(minutes=11), "pirms 11 minūtēm", "11 minutes ago"),
        (dt.timedelta(minutes=19), "pirms 19 minūtēm", "19 minutes ago"),
        (dt.timedelta(minutes=21), "pirms 21 minūtes", "21 minutes ago"),
        (dt.timedelta(hours=5), "pirms 5 stundām", "5 hours ago"),
        (dt.timedelta(days=1), "pirms 1 dienas", "1 day ago"),
        (dt.timedelta(days=3), "pirms 3 dienām", "3 days ago"),
        (dt.timedelta(days=21), "pirms 3 nedēļām", "3 weeks ago"),
        (dt.timedelta(days=62), "pirms 2 mēnešiem", "2 months ago"),
        (dt.timedelta(days=400), "pirms 1 gada", "1 year ago"),
    ],
)
def test_time_since_in_the_admin(delta, latvian, english):
    moment = timezone.now() - delta - dt.timedelta(seconds=5)
    with translation.override("lv"):
        assert timesince_simple(moment).replace("\xa0", " ") == latvian
    with translation.override("en"):
        assert timesince_simple(moment).replace("\xa0", " ") == english


def test_last_update_with_time_and_author():
    earlier_today = timezone.localtime().replace(hour=0, minute=1)
    with translation.override("lv"):
        text = timesince_last_update(earlier_today, show_time_prefix=True, user_display_name="Anna")
        assert text == "plkst. 00:01, Anna"
        days_ago = timezone.now() - dt.timedelta(days=3, minutes=1)
        assert (
            timesince_last_update(days_ago, user_display_name="Anna").replace("\xa0", " ")
            == "pirms 3 dienām, Anna"
        )
