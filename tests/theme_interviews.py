"""What residents and carers said about four clear topics, for the theme tests.

Phone waiting times, online forms, carers' respite and Welsh-language services: eight findings
each, so the theme engine has real structure to find (one theme per topic at the default
granularity). The integration tests give interview i the i-th sentence of every topic.
"""

from __future__ import annotations

TOPICS: dict[str, list[str]] = {
    "phone": [
        "I waited on hold for forty minutes before anyone answered the phone",
        "The council phone line rang out every time I called",
        "Nobody picked up the phone at the contact centre, so I gave up",
        "I rang the helpline three times and was cut off each time",
        "The phone queue message said I was number twenty in the queue",
        "I spent my whole lunch break on hold to the council",
        "They never answer the phone, you just hold forever",
        "Getting through on the phone took me most of a morning",
    ],
    "forms": [
        "The online form timed out and I lost everything I had typed",
        "I could not find the application form anywhere on the website",
        "The website form would not accept my postcode",
        "Filling in the online form took hours and then it crashed",
        "The form kept showing an error when I pressed submit",
        "The online application form asked for the same details three times",
        "I gave up on the web form and printed a paper copy instead",
        "The form on the council website does not work on my phone screen",
    ],
    "respite": [
        "As a carer I have not had a break from caring in two years",
        "Respite care for my mum was cancelled at the last minute",
        "I need a few hours respite so I can rest from caring for my son",
        "There is no respite service for carers near where we live",
        "Carers like me are exhausted and nobody offers us a break",
        "The respite centre has a waiting list of six months for carers",
        "I only get respite when my sister can take over the caring",
        "Booking respite care for my husband is almost impossible",
    ],
    "welsh": [
        "I wanted to speak Welsh on the phone but no Welsh speaker was available",
        "The Welsh version of the leaflet was a poor translation",
        "My mother only feels comfortable using Welsh with the council",
        "There was no Welsh language option on the online service",
        "I asked for a Welsh speaking social worker and waited weeks",
        "Letters come in English first and the Welsh translation arrives later",
        "Services in Welsh are hard to find in our county",
        "I would rather deal with the council in Welsh, my first language",
    ],
}
"""Eight findings per topic: interview i gives the i-th sentence of each topic."""

LATER = {
    "phone": [
        "I waited on hold on the phone for an hour and nobody answered",
        "Nobody picked up the phone at the contact centre and I gave up in the end",
        "Getting through on the phone took me a whole morning",
    ],
}
"""Findings from interviews held after the first run, for re-runs."""
