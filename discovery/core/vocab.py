"""Controlled vocabularies shared by models, forms and the demo data.

Keys are stored in the database; labels are shown to people and translated, so they are lazy
strings. Keeping both here means a new segment or method is one edit, not a hunt through forms.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

ROLES = {
    "admin": _l("Admin"),
    "researcher": _l("Researcher"),
    "squad_member": _l("Squad member"),
    "authority_lead": _l("Authority lead"),
}

# GOV.UK service phases. "Discovery" is also what this service calls a piece of research, and
# Welsh needs two words for the two (Darganfod, the phase; darganfyddiad, a discovery), so each
# is given a context.
PHASES = {
    "discovery": lazy_pgettext("project phase", "Discovery"),
    "alpha": lazy_pgettext("project phase", "Alpha"),
    "beta": lazy_pgettext("project phase", "Beta"),
    "live": lazy_pgettext("project phase", "Live"),
}

SEGMENTS = {
    "resident": _l("Resident"),
    "unpaid_carer": _l("Unpaid carer"),
    "social_worker": _l("Social worker"),
    "provider": _l("Care provider"),
    "council_staff": _l("Council staff"),
    "third_sector": _l("Third sector or volunteer"),
}

AGE_BANDS = {
    "18-24": _l("18 to 24"),
    "25-34": _l("25 to 34"),
    "35-49": _l("35 to 49"),
    "50-64": _l("50 to 64"),
    "65-74": _l("65 to 74"),
    "75-84": _l("75 to 84"),
    "85+": _l("85 or over"),
}

DIGITAL_CONFIDENCE = {
    "none": _l("Does not use the internet"),
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
}

LANGUAGES = {"en": _l("English"), "cy": _l("Welsh")}

CONSENT_SCOPES = {
    "notes": _l("Notes and transcripts"),
    "audio": _l("Audio and video recordings"),
    "quotes": _l("Quotes in reports"),
}

METHODS = {
    "interview": _l("Interview"),
    "focus_group": _l("Focus group"),
    "observation": _l("Observation"),
    "contextual_inquiry": _l("Contextual inquiry"),
    "usability_test": _l("Usability test"),
    "survey": _l("Survey"),
}

CHANNELS = {
    "in_person": _l("In person"),
    "phone": _l("Phone"),
    "video": _l("Video call"),
    "home_visit": _l("Home visit"),
}

FINDING_KINDS = {
    "pain_point": _l("Pain point"),
    "need": _l("Need"),
    "goal": _l("Goal"),
    "behaviour": _l("Behaviour"),
    "quote": _l("Quote"),
    "positive": _l("Positive"),
}

JOURNEY_STAGES = {
    "finding_out": _l("Finding out about support"),
    "first_contact": _l("Making first contact"),
    "assessment": _l("Assessment"),
    "arranging_care": _l("Arranging care and support"),
    "receiving_care": _l("Receiving care and support"),
    "review": _l("Review and changes"),
}

THEME_STATUSES = {
    "suggested": _l("Suggested"),
    "accepted": _l("Accepted"),
    "rejected": _l("Rejected"),
    "merged": _l("Merged"),
}
# How a theme came to be: suggested by a run, written by a person, or made by merging or splitting.
THEME_ORIGINS = {
    "cluster": _l("Suggested by a run"),
    "manual": _l("Made by hand"),
    "merge": _l("Made by merging"),
    "split": _l("Made by splitting"),
}
# A finding's place in a theme: a member, offered to an accepted theme by a run, or declined.
THEME_MEMBERSHIP_STATES = {
    "member": _l("Member"),
    "offered": _l("Suggested addition"),
    "declined": _l("Declined"),
}
GRANULARITIES = {
    "broad": _l("Fewer, broader themes"),
    "default": _l("Automatic"),
    "fine": _l("More, narrower themes"),
}
NEED_STATUSES = {"hypothesis": _l("Hypothesis"), "validated": _l("Validated")}
MOSCOW = {
    "must": _l("Must have"),
    "should": _l("Should have"),
    "could": _l("Could have"),
    "wont": _l("Won't have"),
}
HYPOTHESIS_KINDS = {"hypothesis": _l("Hypothesis"), "assumption": _l("Assumption")}
"""A hypothesis is something the research sets out to test; an assumption is taken as true until
the research says otherwise. Both are tested the same way, so they share a table."""
HYPOTHESIS_STATUSES = {
    "untested": _l("Untested"),
    "supported": _l("Supported"),
    "not_supported": _l("Not supported"),
}
BACKLOG_STATUSES = {
    "todo": _l("To do"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}
BACKLOG_SIZES = {
    "xs": _l("Extra small"),
    "s": _l("Small"),
    "m": _l("Medium"),
    "l": _l("Large"),
    "xl": _l("Extra large"),
}
"""T-shirt sizes: what squads estimate with in a discovery, before anyone counts story points."""
JOURNEY_STATES = {"as_is": _l("As-is (today)"), "to_be": _l("To-be (how it should work)")}
JOURNEY_LANES = {
    "actions": _l("User actions"),
    "touchpoints": _l("Touchpoints and channels"),
    "thoughts": _l("Thoughts and feelings"),
    "pain_points": _l("Pain points"),
    "opportunities": _l("Opportunities"),
    "backstage": _l("Backstage"),
}
"""A journey map's lanes, top to bottom; "backstage" is what the council does out of sight."""
TOUCHPOINT_CHANNELS = {
    "phone": _l("Phone"),
    "web": _l("Web"),
    "face_to_face": _l("Face to face"),
    "letter": _l("Letter"),
    "email": _l("Email"),
    "third_sector": _l("Third sector"),
    "nhs_handoff": _l("NHS hand-off"),
    "other": _l("Other"),
}
EMOTIONS = {
    -2: _l("Very negative"),
    -1: _l("Negative"),
    0: _l("Neutral"),
    1: _l("Positive"),
    2: _l("Very positive"),
}
"""Emotion scores of a thoughts-and-feelings entry, −2…+2, each with words (never colour alone)."""
ENTRY_BASES = {"evidenced": _l("Evidenced"), "assumed": _l("Assumed")}
JOB_STATUSES = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "succeeded": _l("Finished"),
    "failed": _l("Failed"),
    "cancelled": _l("Cancelled"),
}
TAG_COLOURS = (
    "grey",
    "green",
    "turquoise",
    "blue",
    "light-blue",
    "purple",
    "pink",
    "red",
    "orange",
    "yellow",
)

EMBEDDERS = {
    "minilm": _l("English (recommended): reads meaning from whole sentences"),
    "e5": _l("Welsh and English: puts a Welsh finding next to its English meaning, reads 5 times slower"),
    "wordllama": _l("Fast: reads meaning from words, less accurate"),
}
"""How the app reads the meaning of a discovery's findings (``nlp.embed.get_embedder`` names)."""
DEFAULT_EMBEDDER = "minilm"
