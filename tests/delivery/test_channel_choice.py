"""Which channel reaches a victim now for a message that cannot wait for the worker."""
from __future__ import annotations

from portal.models.enums import Channel
from portal.services.delivery.channel_choice import Route, blocked_reason, one_off_route

LANDLINE = "+442079460000"


def test_the_victims_order_first_then_the_other_online_channel(make):
    victim = make.victim()
    assert one_off_route(victim) == Route(Channel.SMS, victim.phone)  # nothing saved yet
    make.preferences(victim, channels=["email", "sms"])
    assert one_off_route(victim) == Route(Channel.EMAIL, victim.email)
    make.preferences(victim, channels=["phone"])
    assert one_off_route(victim) == Route(Channel.SMS, victim.phone)


def test_stop_a_landline_and_a_missing_address_are_skipped(make):
    stopped = make.victim()
    make.preferences(stopped, channels=["sms"], sms_opted_out=True)
    assert blocked_reason(stopped, Channel.SMS) == "sms_opted_out"
    assert one_off_route(stopped) == Route(Channel.EMAIL, stopped.email)
    landline = make.victim(phone=LANDLINE)
    assert blocked_reason(landline, Channel.SMS) == "channel_unavailable"
    assert one_off_route(landline) == Route(Channel.EMAIL, landline.email)
    assert one_off_route(make.victim(phone="+442079460001", email=None)) is None
    no_phone = make.victim(phone=None)
    assert blocked_reason(no_phone, Channel.SMS) == "channel_unavailable"
    assert one_off_route(no_phone) == Route(Channel.EMAIL, no_phone.email)


def test_a_typed_address_allows_only_its_own_channel(make):
    victim = make.victim()
    make.preferences(victim, channels=["email"])
    assert one_off_route(victim, only=Channel.SMS) == Route(Channel.SMS, victim.phone)
    assert one_off_route(victim, only="email") == Route(Channel.EMAIL, victim.email)
    make.preferences(victim, sms_opted_out=True)
    assert one_off_route(victim, only=Channel.SMS) is None
    assert one_off_route(victim, only=Channel.PHONE) is None
