"""The demo discovery: three councils and a partner looking at how people get adult social care.

Everything here is invented for the demo: the staff, the participants (pseudonyms only) and what
they said. It is written to read like real discovery evidence, with hesitations, contradictions and
small stories, and so that the same themes turn up in several notes from different councils;
clustering and the evidence-strength figures need that to have anything to show.

Note bodies are written wrapped in the source and unwrapped by `_body`, so each paragraph or
transcript turn is one line, as a pasted transcript would be. Finding quotes are matched against
the unwrapped text; `tests/unit/demo/test_demo_content.py` fails if a quote drifts from its note.
"""

from datetime import date

from discovery.demo.types import (
    DemoAuthority,
    DemoFinding,
    DemoNote,
    DemoParticipant,
    DemoTag,
    DemoUser,
)
from research_notes.utterances import _SPEAKER_LINE

DISCOVERY_TITLE = "Accessing adult social care"
SERVICE = "Adult social care: information, advice and first contact"
PROBLEM_STATEMENT = (
    "People who need care and support, and the family and friends who care for them, need to "
    "find out what help there is, ask for it in a way that suits them, and tell their story once. "
    "Across Neath Port Talbot, Torfaen and Blaenau Gwent many people do not know what 'adult "
    "social care' means or that it is for them; they wait in phone queues for call-backs that do "
    "not come, repeat their story to each new person, and meet online forms that assume an email "
    "address, a device, data and confidence they may not have. Unpaid carers are rarely "
    "recognised in their own right. This discovery looks at how people find out about and get "
    "adult social care in the three councils, across information online, phone, face-to-face "
    "contact and technology-enabled care, so that the squad can decide what to change first and "
    "share what it learns with every council in Wales."
)
START = date(2026, 9, 7)
END = date(2026, 12, 18)
PHASE = "discovery"
SLUG = "accessing-adult-social-care"

AUTHORITIES: tuple[DemoAuthority, ...] = (
    DemoAuthority("NPT", "Neath Port Talbot Council", "Cyngor Castell-nedd Port Talbot", "council"),
    DemoAuthority("TOR", "Torfaen County Borough Council", "Cyngor Bwrdeistref Sirol Torfaen", "council"),
    DemoAuthority(
        "BG",
        "Blaenau Gwent County Borough Council",
        "Cyngor Bwrdeistref Sirol Blaenau Gwent",
        "council",
    ),
    DemoAuthority("PART", "Cadwyn Digital", "Cadwyn Digidol", "partner"),
)
COUNCIL_CODES = ("NPT", "TOR", "BG")

DEMO_SIGN_IN_EMAIL = "researcher@discovery.example"

USERS: tuple[DemoUser, ...] = (
    DemoUser(DEMO_SIGN_IN_EMAIL, "Ffion Rees", "researcher", COUNCIL_CODES),
    DemoUser("gareth.morgan@npt.example.gov.wales", "Gareth Morgan", "researcher", ("NPT",)),
    DemoUser("sian.pritchard@torfaen.example.gov.wales", "Siân Pritchard", "researcher", ("TOR",)),
    DemoUser("owain.jenkins@blaenau-gwent.example.gov.wales", "Owain Jenkins", "researcher", ("BG",)),
    DemoUser("megan.lloyd@cadwyn.example.com", "Megan Lloyd", "researcher", ("PART",)),
    DemoUser("rhys.thomas@cadwyn.example.com", "Rhys Thomas", "squad_member", ("PART",)),
    DemoUser("catrin.hughes@torfaen.example.gov.wales", "Catrin Hughes", "authority_lead", ("TOR",)),
    DemoUser("admin@discovery.example", "Alun Davies", "admin", ()),
)

_FFION = DEMO_SIGN_IN_EMAIL
_GARETH = "gareth.morgan@npt.example.gov.wales"
_SIAN = "sian.pritchard@torfaen.example.gov.wales"
_OWAIN = "owain.jenkins@blaenau-gwent.example.gov.wales"
_MEGAN = "megan.lloyd@cadwyn.example.com"

_ALL = ("notes", "audio", "quotes")
_NO_AUDIO = ("notes", "quotes")
_NO_QUOTES = ("notes", "audio")


def _participant(
    pseudonym: str,
    segment: str,
    authority_code: str,
    age_band: str | None,
    digital_confidence: str | None,
    consent_date: date,
    consent_scope: tuple[str, ...] = _ALL,
    access_needs: str = "",
    preferred_language: str = "en",
) -> DemoParticipant:
    return DemoParticipant(
        pseudonym=pseudonym,
        segment=segment,
        authority_code=authority_code,
        age_band=age_band,
        digital_confidence=digital_confidence,
        preferred_language=preferred_language,
        access_needs=access_needs,
        consent_date=consent_date,
        consent_scope=consent_scope,
    )


# Who each pseudonym is, for whoever edits the notes (the records themselves hold no more):
# P01 widower living alone; P02 parent-carer of a disabled son of nineteen; P03 Welsh-speaking
# resident after a hip replacement; P04 daughter caring for her mum after a fall; P05 senior social
# worker; P06 contact-centre adviser on the IAA line; P07 digital ambassador (volunteer);
# P08 disabled resident who uses a wheelchair; P09 young adult carer; P10 to P12 lunch-club
# members; P13 technology-enabled care officer; P14 domiciliary care manager; P15 wife caring for
# her husband who has dementia; P16 social worker; P17 care home manager; P18 adult services
# administrator and digital champion; P19 older resident with a carephone and sensors; P20 resident
# in a usability test; P21 carer answering a survey; P22 hospital social worker; P23 working son
# caring for his father; P24 community connector running a digital ambassador scheme; P25 resident
# recovering from a stroke, answering a survey.
PARTICIPANTS: tuple[DemoParticipant, ...] = (
    _participant(
        "P01",
        "resident",
        "NPT",
        "75-84",
        "low",
        date(2026, 9, 14),
        access_needs="Uses a hearing aid; prefers face to face",
    ),
    _participant("P02", "unpaid_carer", "NPT", "35-49", "medium", date(2026, 9, 16)),
    _participant(
        "P03",
        "resident",
        "NPT",
        "65-74",
        "none",
        date(2026, 9, 21),
        access_needs="Prefers to speak Welsh, especially about personal matters",
        preferred_language="cy",
    ),
    _participant("P04", "unpaid_carer", "NPT", "50-64", "high", date(2026, 9, 22)),
    _participant("P05", "social_worker", "NPT", "35-49", "high", date(2026, 9, 24)),
    _participant("P06", "council_staff", "NPT", "25-34", "medium", date(2026, 9, 29), _NO_AUDIO),
    _participant("P07", "third_sector", "NPT", "65-74", "high", date(2026, 10, 1)),
    _participant(
        "P08",
        "resident",
        "TOR",
        "35-49",
        "medium",
        date(2026, 9, 17),
        access_needs="Uses a wheelchair; fatigue, so sessions of no more than 45 minutes",
    ),
    _participant("P09", "unpaid_carer", "TOR", "18-24", "medium", date(2026, 9, 23), _NO_QUOTES),
    _participant("P10", "resident", "TOR", "85+", "none", date(2026, 10, 6), access_needs="Large print"),
    _participant(
        "P11",
        "resident",
        "TOR",
        "75-84",
        "low",
        date(2026, 10, 6),
        access_needs="Uses a hearing aid",
    ),
    _participant("P12", "resident", "TOR", "65-74", "medium", date(2026, 10, 6)),
    _participant("P13", "council_staff", "TOR", "35-49", "high", date(2026, 10, 8)),
    _participant("P14", "provider", "TOR", "50-64", "medium", date(2026, 10, 13)),
    _participant("P15", "unpaid_carer", "BG", "65-74", "low", date(2026, 9, 28)),
    _participant("P16", "social_worker", "BG", "25-34", "high", date(2026, 10, 2)),
    _participant("P17", "provider", "BG", "50-64", "medium", date(2026, 10, 15)),
    _participant("P18", "council_staff", "BG", "50-64", "medium", date(2026, 10, 20)),
    _participant(
        "P19",
        "resident",
        "BG",
        "75-84",
        "low",
        date(2026, 10, 22),
        _NO_AUDIO,
        access_needs="Large print; uses a walking frame",
    ),
    _participant(
        "P20",
        "resident",
        "BG",
        "50-64",
        "low",
        date(2026, 10, 27),
        access_needs="Dyslexia; prefers things read aloud",
    ),
    _participant("P21", "unpaid_carer", "NPT", "50-64", "medium", date(2026, 11, 5), ("notes",)),
    _participant("P22", "social_worker", "TOR", "35-49", "high", date(2026, 11, 5)),
    _participant("P23", "unpaid_carer", "BG", "35-49", "medium", date(2026, 10, 26)),
    _participant("P24", "third_sector", "BG", "25-34", "high", date(2026, 11, 12)),
    _participant(
        "P25",
        "resident",
        "NPT",
        "50-64",
        "low",
        date(2026, 11, 5),
        _NO_AUDIO,
        access_needs="Weakness in the left hand after a stroke; types slowly",
    ),
)

CODEBOOK: tuple[DemoTag, ...] = (
    DemoTag(
        "Barriers",
        "Things that stop people getting information or help, whatever the channel.",
        "red",
    ),
    DemoTag(
        "Cost",
        "The cost of data, devices or broadband gets in the way, or people ration them.",
        "red",
        "Barriers",
    ),
    DemoTag(
        "Digital skills",
        "People do not know how to do something online, or rely on someone else to do it.",
        "orange",
        "Barriers",
    ),
    DemoTag(
        "Confidence",
        "People could do it but are worried: about mistakes, scams or doing it wrong.",
        "orange",
        "Barriers",
    ),
    DemoTag(
        "Connectivity",
        "Signal, broadband or Wi-Fi, including where it has stopped being a problem.",
        "yellow",
        "Barriers",
    ),
    DemoTag("Channels", "How people contact the council, and how it contacts them.", "blue"),
    DemoTag(
        "Phone queues",
        "Waiting on hold, being cut off, and call-backs that are promised but do not come.",
        "blue",
        "Channels",
    ),
    DemoTag(
        "Face to face",
        "People who want or need to see someone in person: at home, at a desk or a hub.",
        "light-blue",
        "Channels",
    ),
    DemoTag(
        "Online forms",
        "Council online forms, such as asking for an assessment: what helps and what stops people.",
        "light-blue",
        "Channels",
    ),
    DemoTag(
        "Out of hours",
        "Crises in the evening, at night, at weekends or on bank holidays.",
        "blue",
        "Channels",
    ),
    DemoTag(
        "Welsh language",
        "Being able to use Welsh, especially when talking about personal matters.",
        "turquoise",
        "Channels",
    ),
    DemoTag("Information", "Finding out what help exists and whether it is for you.", "turquoise"),
    DemoTag(
        "Jargon",
        "Service words people do not understand, such as 'adult social care', 'IAA' or "
        "'financial assessment'.",
        "turquoise",
        "Information",
    ),
    DemoTag(
        "Finding information",
        "Searching council websites and elsewhere, and not finding the right thing.",
        "turquoise",
        "Information",
    ),
    DemoTag(
        "Trusted people",
        "Family, GP surgeries, volunteers and others people go to first, and who get them in.",
        "green",
        "Information",
    ),
    DemoTag("Assessment", "Asking for, waiting for and going through an assessment.", "purple"),
    DemoTag(
        "Waiting times",
        "Waiting lists and delays for assessments, equipment, care or reviews.",
        "purple",
        "Assessment",
    ),
    DemoTag(
        "Repeating the story",
        "Having to tell the same story again to each new person or team.",
        "purple",
        "Assessment",
    ),
    DemoTag(
        "Carers",
        "Unpaid carers: family, friends and young carers, and whether they are recognised.",
        "pink",
    ),
    DemoTag(
        "Carer's assessment",
        "Being offered, waiting for or getting anything from a carer's assessment.",
        "pink",
        "Carers",
    ),
    DemoTag(
        "Technology-enabled care",
        "Carephones, alarms, sensors and smart speakers in people's homes.",
        "green",
    ),
    DemoTag(
        "Pilots",
        "Trials of technology or new ways of working that end and are not carried on.",
        "green",
        "Technology-enabled care",
    ),
    DemoTag("Workforce", "Staff, volunteers and care workers, and the tools they work with.", "grey"),
    DemoTag(
        "Digital champions",
        "Staff or volunteers who help colleagues or residents use technology.",
        "grey",
        "Workforce",
    ),
    DemoTag(
        "Staff confidence",
        "Staff who are confident with technology at home but not with the systems at work.",
        "grey",
        "Workforce",
    ),
)


def _body(source: str) -> str:
    """Unwrap a note written wrapped in this file into one line per paragraph.

    Blank lines separate paragraphs. Speaker lines such as ``P04 (00:01:20):`` and bullets
    (``- ``) keep their own line; any other line is joined to the one before it with a space.
    """
    paragraphs = []
    for block in source.strip().split("\n\n"):
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            starts_new = (
                not lines
                or _SPEAKER_LINE.match(line)
                or _SPEAKER_LINE.match(lines[-1])
                or line.startswith("- ")
            )
            if starts_new:
                lines.append(line)
            else:
                lines[-1] = f"{lines[-1]} {line}"
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _finding(quote: str, kind: str, *tags: str, stage: str | None = None) -> DemoFinding:
    return DemoFinding(quote=quote, kind=kind, tags=tags, journey_stage=stage)


# Neath Port Talbot ------------------------------------------------------------------------------

_NPT_NOTES: tuple[DemoNote, ...] = (
    DemoNote(
        key="npt-p01-interview",
        title="P01: living alone after a fall, interview at home",
        held_on=date(2026, 9, 15),
        method="interview",
        channel="home_visit",
        language="en",
        participants=("P01",),
        researcher_email=_FFION,
        body=_body(
            """
Home visit in Neath. P01 lives alone in a terraced house; his wife died two years ago. He
wears a hearing aid and asked us to sit on his left, with the radio off. Recorded with consent.
Researcher: Ffion. Notes: Gareth.

Researcher (00:00:04):
Thanks for having us. Can you start by telling me a bit about how things are for you at the
moment?

P01 (00:00:12):
Well. I manage. I mean, I'm eighty-one, I've got the arthritis in both knees and the stairs
are, er, the stairs are the thing really. My daughter's in Swindon so she can't be popping in.
The lady next door does my bit of shopping on a Thursday.

Researcher (00:00:41):
Have you ever tried to get any help from the council with things at home?

P01 (00:00:47):
I tried, yes. After I had the fall in the kitchen, back in the spring. The doctor said ring
social services. So I rang the number on the letter and it was all press one, press two, and I
can't hear it properly on the phone, see, with the hearing aid it whistles. I pressed the wrong
one twice. Then I was holding on for, oh, forty minutes? I gave up in the end because the
kettle was boiling dry. No, I'm joking about the kettle. But I did give up.

Researcher (00:01:35):
What happened after that?

P01 (00:01:39):
Nothing, for a while. Then my daughter did it on the computer from Swindon. She filled in a
form, and somebody rang me back, I'll give them that. But I missed the call because I was out
the back in the garden, and they left a message saying they'd try again. They never did try
again. Not that I know of.

Researcher (00:02:20):
If you think about the words "adult social care", what does that mean to you?

P01 (00:02:26):
[pause] Is that the home helps? I thought that was for people who can't do anything for
themselves. Old people in homes. I'm not there yet, I hope. I didn't think it was for somebody
like me who only wants a rail by the back step.

Researcher (00:02:51):
Do you use the internet at all?

P01 (00:02:54):
My grandson set me up a tablet at Christmas. I do the Facebook to see the photos of the little
one. But I wouldn't fill in a form on it, no. What if I put the wrong thing and it goes off
somewhere? You can't take it back, can you. And it's the cost as well. I've only got the data
on the tablet, the... the allowance, and he tops it up for me. I don't like to ask him.

Researcher (00:03:30):
Who would you go to first if you needed help now?

P01 (00:03:34):
The surgery. The girls on the desk know me. The receptionist sorted out my prescriptions when
it all went wrong last year. If she told me who to see, I'd go and see them. I want to look
somebody in the eye, that's all. I don't want to be talking to a machine.

Researcher (00:04:02):
And in the end, did you get the rail?

P01 (00:04:06):
I did, but not from the council. A man from Care and Repair came, my daughter found them on the
internet. Lovely chap. He did the rail and a grab handle in the bath in one morning. Didn't have
to tell him the whole story three times either.

Researcher (00:04:31):
Is there anything you wish you'd known back in the spring?

P01 (00:04:35):
That it was for me. That's it really. I thought I'd be taking help off somebody who needed it
more.
"""
        ),
        findings=(
            _finding(
                "I can't hear it properly on the phone, see, with the hearing aid it whistles.",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "Then I was holding on for, oh, forty minutes?",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "they left a message saying they'd try again. They never did try again.",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "I thought that was for people who can't do anything for themselves.",
                "pain_point",
                "Jargon",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "What if I put the wrong thing and it goes off somewhere? You can't take it back, can you.",
                "behaviour",
                "Confidence",
            ),
            _finding(
                "I want to look somebody in the eye, that's all. I don't want to be talking to a machine.",
                "need",
                "Face to face",
                "Trusted people",
                stage="first_contact",
            ),
            _finding(
                "Didn't have to tell him the whole story three times either.",
                "positive",
                "Repeating the story",
                stage="arranging_care",
            ),
        ),
    ),
    DemoNote(
        key="npt-p02-interview",
        title="P02: parent-carer when her son moved to adult services",
        held_on=date(2026, 9, 17),
        method="interview",
        channel="video",
        language="en",
        participants=("P02",),
        researcher_email=_GARETH,
        body=_body(
            """
Video call, evening, after P02 finished work. Her son was in the next room; she paused twice to
check on him. Recorded with consent. Researcher: Gareth.

Researcher (00:00:03):
Thanks for joining. To start, could you tell me about who you care for?

P02 (00:00:09):
My son. He's nineteen, he's got a learning disability and epilepsy, quite hard to control. I've
been his carer since, well, since forever. I work three days in the school kitchen, so it's all
juggling.

Researcher (00:00:31):
What changed when he turned eighteen?

P02 (00:00:35):
Everything, and nothing, if that makes sense. Children's services just sort of... stopped. We
had a lovely worker in the disability team, and then there was a letter saying his case was
being "transferred to adult services" and that was it. Nobody rang. I had to start all over
again. New social worker, new forms, and I had to tell his whole history again, the birth, the
seizures, the school, all of it. I've told that story maybe six times this year. You'd think it
would be on a computer somewhere.

Researcher (00:01:20):
How did you find out who to contact in adult services?

P02 (00:01:25):
I went on the council website. I typed in "my son is eighteen disabled help" and it gave me bin
collections and a page about blue badges. In the end I found something called the Information,
Advice and Assistance line, the IAA. I didn't know what that meant. I still don't really. Is it
advice, or is it the actual help?

Researcher (00:01:52):
What happened when you rang them?

P02 (00:01:55):
I rang on my break, so I had twenty minutes. I was in the queue for eighteen of them. Then I had
to go back to work. I did that three times. The fourth time I got through and the woman was
kind, she was, but she said someone would call me back within five working days. That was a
Tuesday. Nobody called.

Researcher (00:02:25):
Has anyone ever asked about you, as his carer?

P02 (00:02:30):
[laughs] No. Well, once. Someone said "you're entitled to a carer's assessment" like it was a
prize. I said what is it, and she said it's to see what support you need. I said I need sleep.
She wrote it down. I never heard any more. I don't think anyone sees me as a separate person.
I'm just his mum, I'm part of the furniture.

Researcher (00:02:58):
Can you tell me about a time things went wrong out of hours?

P02 (00:03:03):
August bank holiday. He had a cluster of seizures on the Saturday night and then he was so
agitated afterwards he put his fist through the bedroom door. I didn't know who to ring. Not
999, he wasn't in danger exactly. The social worker's number just went to voicemail, obviously,
it was Saturday. I found something online about an emergency duty team, and the man was nice
but he said there wasn't much they could do unless it was a safeguarding issue. So I sat on the
landing till four in the morning.

Researcher (00:03:45):
Was there anything that went well?

P02 (00:03:48):
Yes, actually. The new social worker, when we finally got her. She rang me back the same
afternoon when I left a message, and she said "I've read the file, you don't need to tell me it
all again." I nearly cried. That's all I wanted, someone who'd read the file.

Researcher (00:04:10):
If you could change one thing?

P02 (00:04:13):
One person. One name and a number that answers. I don't care if it's online or a phone or a
pigeon. Just one person who knows us.
"""
        ),
        findings=(
            _finding(
                "I've told that story maybe six times this year. You'd think it would be on a "
                "computer somewhere.",
                "pain_point",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "it gave me bin collections and a page about blue badges.",
                "pain_point",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "I didn't know what that meant. I still don't really. Is it advice, or is it the "
                "actual help?",
                "pain_point",
                "Jargon",
                stage="first_contact",
            ),
            _finding(
                "I was in the queue for eighteen of them. Then I had to go back to work.",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "I don't think anyone sees me as a separate person. I'm just his mum, I'm part of "
                "the furniture.",
                "quote",
                "Carers",
                "Carer's assessment",
            ),
            _finding(
                "The social worker's number just went to voicemail, obviously, it was Saturday.",
                "pain_point",
                "Out of hours",
                stage="receiving_care",
            ),
            _finding(
                "I've read the file, you don't need to tell me it all again.",
                "positive",
                "Repeating the story",
                stage="assessment",
            ),
        ),
    ),
    DemoNote(
        key="npt-p03-cyfweliad",
        title="P03: cyfweliad yn Gymraeg gyda phreswylydd ar ôl cael clun newydd",
        held_on=date(2026, 9, 22),
        method="interview",
        channel="in_person",
        language="cy",
        participants=("P03",),
        researcher_email=_FFION,
        body=_body(
            """
Cyfweliad yn y ganolfan gymunedol yng Nghwm Tawe. Roedd P03 eisiau siarad Cymraeg drwy'r amser.
Wedi'i recordio gyda chaniatâd. Ymchwilydd: Ffion. Trawsgrifiad wedi'i dacluso.

Ymchwilydd (00:00:06):
Diolch yn fawr am ddod. Allwch chi ddweud tipyn bach wrtha i am eich sefyllfa chi ar hyn o
bryd?

P03 (00:00:14):
Wel, dw i'n byw ar fy mhen fy hun ers i'r gŵr farw, pedair blynedd yn ôl nawr. Ges i glun
newydd yn y gwanwyn, a dyw pethau ddim wedi bod yr un peth ers hynny. Dw i'n ffaelu mynd mewn
i'r bath, a dw i'n ffaelu cario'r siopa lan y rhiw.

Ymchwilydd (00:00:40):
Wnaethoch chi drio cael help gan y cyngor?

P03 (00:00:44):
Do. Ffonies i'r cyngor, a dyma'r peiriant yn dweud "pwyswch un am Gymraeg". Felly pwysais i
un. Arhosais i am hanner awr, mwy falle, ac wedyn daeth rhyw ferch ar y ffôn yn siarad Saesneg.
Roedd hi'n ddigon neis, whare teg, ond o'n i'n teimlo'n dwp. Pan dw i'n nerfus dw i'n colli'r
geiriau Saesneg. Mae'n haws esbonio pethau personol yn Gymraeg, chi'n deall?

Ymchwilydd (00:01:20):
Beth ddigwyddodd wedyn?

P03 (00:01:23):
Wedodd hi bydde rhywun yn ffonio fi'n ôl o'r tîm Cymraeg. Dw i'n dal i aros. Mis Gorffennaf
oedd hynny.

Ymchwilydd (00:01:35):
Ydych chi'n defnyddio'r we o gwbl?

P03 (00:01:38):
Nagw. Sa i erioed wedi bod ar y we. Mae'r ferch yng Nghaerdydd yn gwneud popeth i fi ar y
cyfrifiadur, y ffurflenni a'r banc. Ond mae hi'n gweithio, a dw i ddim eisiau bod yn fwrn arni
hi. A ta beth, faint mae'r band llydan yn gostio? Dw i ar bensiwn. Dyw e ddim yn flaenoriaeth
pan mae'r trydan mor ddrud.

Ymchwilydd (00:02:05):
Beth mae "gofal cymdeithasol i oedolion" yn ei olygu i chi?

P03 (00:02:10):
[chwerthin] Sa i'n siŵr. Cartrefi gofal? Rhywbeth i bobl sy'n dost iawn. Fyddwn i ddim wedi
meddwl bod e i fi. Dim ond rhywun i helpu gyda'r bath dw i eisiau, a falle canllaw ar y grisiau.

Ymchwilydd (00:02:30):
Sut glywsoch chi am Gofal a Thrwsio?

P03 (00:02:33):
Yn y capel. Mae menyw yn y capel wedi cael rheiliau wedi'u rhoi lan ganddyn nhw. Wedyn wedodd y
ferch ar y dderbynfa yn y feddygfa yr un peth. Dw i'n trystio'r feddygfa. Maen nhw'n nabod fi
ers deugain mlynedd.

Ymchwilydd (00:02:55):
Beth fyddai'n gwneud pethau'n haws?

P03 (00:02:58):
Rhywun i ddod i'r tŷ i weld. Wyneb yn wyneb, yn Gymraeg. Dim ffurflen, dim peiriant. Dw i'n
gallu dangos iddyn nhw ble mae'r broblem mewn pum munud, yn lle trio esbonio dros y ffôn i
rywun sy ddim yn deall.

Ymchwilydd (00:03:20):
Oes rhywbeth wedi mynd yn dda?

P03 (00:03:23):
Oes. Mae'r dyn o Gofal a Thrwsio yn siarad Cymraeg. Roedd e mor amyneddgar. Wedodd e am Dewis
hefyd, y wefan gyda'r holl grwpiau a gwasanaethau, ond wedes i wrtho fe, bach, sa i'n mynd ar y
we. Argraffodd e restr i fi yn lle. Mae hi ar yr oergell.

Nodiadau'r ymchwilydd:
- Dyma'r trydydd person yr wythnos hon sy ddim yn gweld "gofal cymdeithasol" fel rhywbeth iddyn
nhw eu hunain.
- Mae'r opsiwn Cymraeg ar y ffôn yn bodoli, ond does neb yno i'w ateb bob tro. Gwaeth na dim
opsiwn o gwbl, efallai, achos mae'n codi disgwyliadau.
- Y feddygfa a'r capel yw'r llwybr i mewn, nid gwefan y cyngor.
"""
        ),
        findings=(
            _finding(
                "Arhosais i am hanner awr, mwy falle, ac wedyn daeth rhyw ferch ar y ffôn yn siarad Saesneg.",
                "pain_point",
                "Welsh language",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "Mae'n haws esbonio pethau personol yn Gymraeg, chi'n deall?",
                "need",
                "Welsh language",
                stage="first_contact",
            ),
            _finding(
                "Dw i'n dal i aros. Mis Gorffennaf oedd hynny.",
                "pain_point",
                "Phone queues",
                "Welsh language",
                stage="first_contact",
            ),
            _finding(
                "A ta beth, faint mae'r band llydan yn gostio? Dw i ar bensiwn.",
                "pain_point",
                "Cost",
            ),
            _finding(
                "Fyddwn i ddim wedi meddwl bod e i fi.",
                "pain_point",
                "Jargon",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "Dw i'n trystio'r feddygfa. Maen nhw'n nabod fi ers deugain mlynedd.",
                "behaviour",
                "Trusted people",
                stage="finding_out",
            ),
            _finding(
                "Wyneb yn wyneb, yn Gymraeg. Dim ffurflen, dim peiriant.",
                "need",
                "Face to face",
                "Welsh language",
                stage="assessment",
            ),
        ),
    ),
    DemoNote(
        key="npt-p04-interview",
        title="P04: daughter arranging care for her mum after a fall",
        held_on=date(2026, 9, 23),
        method="interview",
        channel="phone",
        language="en",
        participants=("P04",),
        researcher_email=_GARETH,
        body=_body(
            """
Phone interview at P04's request; she took the call in her car in a supermarket car park on
her lunch break. Recorded with consent. Researcher: Gareth.

Researcher (00:00:05):
Thanks for making time. I know you haven't got long, so shall we dive in?

P04 (00:00:09):
Yes, go for it. I've got about forty minutes before I'm back on.

Researcher (00:01:12):
Can you tell me about the first time you tried to get help for your mum?

P04 (00:01:20):
Well, it was after her fall in March. She was in hospital in Swansea for nearly three weeks,
and the ward kept saying she'd go home "with a package". I didn't know what a package was. I
thought it was, I don't know, a leaflet. It turned out to be carers coming in four times a day,
which, brilliant, but nobody explained it, and the first call didn't happen until the Wednesday
when she'd come home on the Monday.

Researcher (00:01:58):
What did you do in those two days?

P04 (00:02:01):
Took annual leave. Slept on her settee. Rang the council, rang the hospital, rang the agency.
Fifty-two minutes on hold, and then it cut off. I'm not exaggerating, I screenshotted the call
timer because I knew nobody would believe me.

Researcher (00:02:25):
You mentioned you'd tried the council's website as well?

P04 (00:02:29):
Yes, and this is the bit that gets me. I work in IT. I fill in forms for a living, and I still
couldn't tell you what half of it meant. It asked if I was "making a referral". Am I? She's not
a patient, she's my mum. Then it asked for her "reference number if known" and there were about
four different numbers on the letters she'd had. I picked one. I have no idea if it was the
right one.

Researcher (00:03:02):
How many people do you think you've spoken to since March?

P04 (00:03:06):
[laughs] I actually made a spreadsheet of everyone I'd told the story to. The ward, the
discharge nurse, the hospital social worker, the reablement team, the occupational therapist,
the agency, the council's advice line twice, a different social worker when her case moved. I
think it was fourteen rows by June. Every single one of them started with "so can you tell me a
bit about your mum".

Researcher (00:03:40):
And has anyone asked how you are?

P04 (00:03:44):
No. Honestly, nobody once asked me if I was coping. The carers' centre did, in the end, but
that was because a friend told me to ring them. They offered me a carer's assessment. The
council never mentioned it.

Researcher (00:04:05):
Where are things now?

P04 (00:04:08):
She's still got two calls a day, which isn't enough now, her legs have got worse. So I asked for
a review. Fourteen weeks, they said, for a review. Fourteen weeks. I said she might not be here
in fourteen weeks, and the woman said she understood, and I believe she did, but that's the
list.

Researcher (00:04:33):
Was there anything in all of this that worked well?

P04 (00:04:36):
The reablement girls were brilliant. They came in, they got her walking to the bathroom on her
own in a fortnight, they wrote everything in a folder on the kitchen table so whoever came next
could read it. That folder is the only joined-up thing in the whole system, and it's paper.

Researcher (00:05:02):
Last question. If you could design it, what would the first contact look like?

P04 (00:05:06):
Somebody who rings me back when they say. Or a text, even. "We've got your request, this is who
is dealing with it, this is when." That's it. I'd be happy with that.
"""
        ),
        findings=(
            _finding(
                "I work in IT. I fill in forms for a living, and I still couldn't tell you what "
                "half of it meant.",
                "pain_point",
                "Online forms",
                "Jargon",
                stage="first_contact",
            ),
            _finding(
                "Fifty-two minutes on hold, and then it cut off.",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "I actually made a spreadsheet of everyone I'd told the story to.",
                "pain_point",
                "Repeating the story",
                stage="arranging_care",
            ),
            _finding(
                "Honestly, nobody once asked me if I was coping.",
                "pain_point",
                "Carers",
                "Carer's assessment",
            ),
            _finding(
                "Fourteen weeks, they said, for a review.",
                "pain_point",
                "Waiting times",
                stage="review",
            ),
            _finding(
                "That folder is the only joined-up thing in the whole system, and it's paper.",
                "positive",
                "Repeating the story",
                stage="receiving_care",
            ),
            _finding(
                "\"We've got your request, this is who is dealing with it, this is when.\" That's it.",
                "need",
                "Phone queues",
                stage="first_contact",
            ),
        ),
    ),
    DemoNote(
        key="npt-p05-interview",
        title="P05: senior social worker on waiting lists and the front door",
        held_on=date(2026, 9, 25),
        method="interview",
        channel="video",
        language="en",
        participants=("P05",),
        researcher_email=_GARETH,
        body=_body(
            """
Interview notes (Gareth). P05 is a senior practitioner in a community adult social care team,
eleven years qualified. Video call from the office; her camera didn't work for the first few
minutes ("it never works first time"). Not transcribed word for word; the words in quotation
marks were read back to P05 at the end and she agreed them.

Waiting lists
- About 140 people waiting for an allocated worker in her team. People with urgent needs jump
the queue, so people with moderate needs wait months. "By the time we get to them, moderate has
become critical."
- She rings people on the list every few weeks to "check nothing's changed", which she thinks is
mostly to make the team feel better.

The front door
- Contacts come through the Gateway team, the council's single point of access. Gateway has a
"what matters" conversation, then the case comes to her team, and "we ring them and ask exactly
the same questions again. I know we do. The family know we do."
- Hospital discharge information arrives as attachments she has to open one by one; half the
time the thing she needs (who is the main carer, are there stairs) is not there.
- She thinks the word "referral" puts people off: "It sounds like you're being reported."

Carers
- Carer's assessments are "the first thing to drop off" when the team is stretched. She guesses
fewer than one in ten carers she meets has had one. "We say 'what about you?' at the end of the
visit when everyone's exhausted."

Technology at work
- Confident at home: online shopping, family group chat, does her own tax return online. At work:
"I've got four systems and three passwords that expire every sixty days." Her team had a digital
champion who left and was not replaced.
- On technology-enabled care: "The carephone is great for the people who already had a landline
and a daughter who sets things up." The team had a video carephone pilot two years ago; she does
not know what happened to it. "It just stopped coming up in meetings."

Out of hours
- Monday mornings she often finds out about weekend crises second-hand: a carer who rang the
emergency duty team, a neighbour who called an ambulance. The duty team "covers a huge patch with
a handful of people overnight".

What people thank her for
- Not the assessment, not the care plan. "Ringing back when I say I'll ring back. That's it.
That's the bar."

Contradiction worth noting
- Early on she said "everyone wants everything online now"; later she said most of her caseload
"wouldn't touch a form" and that the online assessment request "is for the daughters". When I
read both back she laughed and said both were true: "the people asking are online, the people
needing aren't".
"""
        ),
        findings=(
            _finding(
                "By the time we get to them, moderate has become critical.",
                "pain_point",
                "Waiting times",
                stage="assessment",
            ),
            _finding(
                "we ring them and ask exactly the same questions again. I know we do. The family know we do.",
                "pain_point",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "We say 'what about you?' at the end of the visit when everyone's exhausted.",
                "pain_point",
                "Carer's assessment",
                stage="assessment",
            ),
            _finding(
                "I've got four systems and three passwords that expire every sixty days.",
                "pain_point",
                "Staff confidence",
            ),
            _finding(
                "The carephone is great for the people who already had a landline and a daughter "
                "who sets things up.",
                "behaviour",
                "Technology-enabled care",
                "Trusted people",
            ),
            _finding(
                "Ringing back when I say I'll ring back. That's it. That's the bar.",
                "positive",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "the people asking are online, the people needing aren't",
                "quote",
                "Online forms",
                "Digital skills",
            ),
        ),
    ),
    DemoNote(
        key="npt-contact-centre-inquiry",
        title="Contextual inquiry: a morning on the Information, Advice and Assistance line",
        held_on=date(2026, 9, 30),
        method="contextual_inquiry",
        channel="in_person",
        language="en",
        participants=("P06",),
        researcher_email=_MEGAN,
        body=_body(
            """
Researcher: Megan. Two and a half hours sitting beside P06, an adviser on the council's
Information, Advice and Assistance (IAA) line, listening on a second headset. Callers were told
a researcher was listening and could say no; none did. Callers are not participants and are
described only in general terms. Not recorded.

Set-up: three screens. The contact centre's customer system, the social care case system, and a
shared spreadsheet of call-backs. A printed sheet of other teams' extensions sellotaped to the
monitor stand.

- 09:05 The queue board shows 23 callers waiting, longest wait 38 minutes.
- 09:12 A woman calling about her father. She has been on hold 41 minutes and opens with an
apology: "Sorry, I'm probably in the wrong place." P06 finds her father in the case system; he
had an assessment last year, but the notes from that assessment are in an attachment P06 cannot
open ("access denied"). So she asks the caller to tell the whole story again. The caller sighs
and does.
- 09:31 A man ringing about a neighbour who has stopped going out. P06 cannot take details
without the neighbour's agreement and suggests the neighbour rings himself. The man says the
neighbour is deaf and does not use the phone. They settle on a visit from the local area
coordinator, which P06 says will take "a few weeks".
- 09:48 Caller asks "is this social services?" P06 explains the IAA line. Afterwards, to me:
"Nobody knows what IAA means. I didn't until I started."
- 10:05 The call-back spreadsheet has 61 open rows; the oldest is sixteen days. Call-backs are
done "when the queue drops, which it never does". P06 scrolls past a name and winces: "I feel
awful when I see a name from last week."
- 10:20 A Welsh-language call. There are two Welsh-speaking advisers on the whole team and neither
is on shift today, so P06 logs a Welsh call-back on the spreadsheet. She does not know when it
will happen.
- 10:40 Quiet minute. P06 on technology: she runs her own small online shop from home and edits
product photos on her phone, but "at work I'm scared to click anything in case I break the case
system". Her training on it was a forty-minute e-learning module in her first week.
- 10:55 A caller whose husband has dementia. P06 recognises her voice from a call last month,
pulls up her own note, and makes a referral to the carers' centre while the caller is still on
the line. The caller says "you're the first person who's remembered me". P06, after the call:
"That's the job I wanted. I get to do it about once a day."
- 11:20 Queue board: 19 waiting, longest 44 minutes.

Reflections
- The adviser is doing the joining-up by memory and goodwill; the systems do not help her.
- Call-backs are the release valve for the queue, and nothing protects time to make them.
- The Welsh option creates a promise the rota cannot keep.
"""
        ),
        findings=(
            _finding(
                "So she asks the caller to tell the whole story again.",
                "pain_point",
                "Repeating the story",
                stage="first_contact",
            ),
            _finding(
                "Nobody knows what IAA means. I didn't until I started.",
                "pain_point",
                "Jargon",
                stage="first_contact",
            ),
            _finding(
                "I feel awful when I see a name from last week.",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "There are two Welsh-speaking advisers on the whole team and neither is on shift today",
                "pain_point",
                "Welsh language",
                stage="first_contact",
            ),
            _finding(
                "at work I'm scared to click anything in case I break the case system",
                "pain_point",
                "Staff confidence",
            ),
            _finding(
                "you're the first person who's remembered me",
                "positive",
                "Repeating the story",
                "Carers",
                stage="first_contact",
            ),
        ),
    ),
    DemoNote(
        key="npt-p07-digital-ambassador",
        title="P07: a volunteer digital ambassador on how people get online",
        held_on=date(2026, 10, 2),
        method="interview",
        channel="in_person",
        language="en",
        participants=("P07",),
        researcher_email=_FFION,
        body=_body(
            """
Interview in the library's community room, between two of P07's one-to-one sessions. P07 is a
retired teacher who volunteers as a digital ambassador with a local charity. Recorded with
consent. Researcher: Ffion.

Researcher (00:00:05):
How did you get into being a digital ambassador?

P07 (00:00:09):
My wife signed me up, to get me out of the house. [laughs] No, partly. I taught for thirty-odd
years, and when I retired I found I missed explaining things to people. The charity trains you,
two days, and then they match you with somebody. Same person every week, that's the idea.

Researcher (00:00:34):
What do people come to you wanting?

P07 (00:00:37):
Nobody ever came to me wanting to learn the internet. They came because they wanted to see the
grandchildren in Australia. Or because the bank closed the branch. Or the council sent them a
letter with a web address on it and they panicked. You start with the thing they care about. The
video call first, then the bank, then, maybe, the form.

Researcher (00:01:05):
What gets in the way?

P07 (00:01:08):
The data is the killer. Half my people are on pay-as-you-go and they ration it. I've got a lady
who only turns the tablet on at the library because the Wi-Fi is free. She won't watch a video
at home in case it uses her credit up. And devices. We had a batch of donated laptops last year,
wiped and set up, and they went in a fortnight. We could have given out three times as many.

Researcher (00:01:40):
What about signal, broadband?

P07 (00:01:43):
The signal used to be the first excuse. It isn't now, mostly. Up the top of the valley it's
still patchy on the mobile, but most streets have got the fibre now. It's the monthly bill, not
the cable.

Researcher (00:02:02):
Have you helped anyone with adult social care, with the council?

P07 (00:02:06):
Once, properly. A gentleman, eighty-odd, whose wife had gone into a home and he wanted help for
himself. The council letter said "request an assessment online". We sat down to do it and the
form wanted an email address before it would let him start. He didn't have one. So we made him
one, there and then, and he wrote the password in the front of his diary, which, you know, I
know, but what else was he going to do? Then halfway through it asked "are you the person
needing care and support or are you acting on their behalf", and he said "both?" and we sat
there. We finished it in the end. Took us an hour and ten minutes.

Researcher (00:02:58):
Why do you think people come to you rather than the council?

P07 (00:03:02):
They trust me because I'm not the council. I'm just a bloke from the chapel who's got time. I'm
not going to take anything off them, I'm not going to judge them for not knowing. And I'm the
same bloke every week. That matters more than anything I teach.

Researcher (00:03:25):
What would you say to the council, if you could?

P07 (00:03:28):
It's one-to-one or it's nothing, really. You can't put a poster up saying "get online" and expect
a man of eighty-five to come in. But if his neighbour says "go and see him in the library, he's
all right", he'll come. And give us a number that gets answered for when we're stuck on one of
your forms. We're doing your front door for you, half the time.

Researcher (00:03:55):
Any moments that stayed with you?

P07 (00:03:58):
A lady who'd been a carer for her husband for years. After he died she had nobody to talk to. We
got her on a video call with her sister in Canada. She cried. I cried. Then the next week she
said "right, show me how to do my meter readings". That's how it works. It's pull, not push.
"""
        ),
        findings=(
            _finding(
                "Nobody ever came to me wanting to learn the internet. They came because they "
                "wanted to see the grandchildren in Australia.",
                "behaviour",
                "Digital skills",
                "Confidence",
            ),
            _finding(
                "The data is the killer. Half my people are on pay-as-you-go and they ration it.",
                "pain_point",
                "Cost",
            ),
            _finding(
                "The signal used to be the first excuse. It isn't now, mostly.",
                "behaviour",
                "Connectivity",
            ),
            _finding(
                "the form wanted an email address before it would let him start",
                "pain_point",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "They trust me because I'm not the council. I'm just a bloke from the chapel who's got time.",
                "quote",
                "Trusted people",
                stage="finding_out",
            ),
            _finding(
                "It's one-to-one or it's nothing, really.",
                "need",
                "Trusted people",
                "Digital skills",
            ),
            _finding(
                'Then the next week she said "right, show me how to do my meter readings". That\'s '
                "how it works. It's pull, not push.",
                "positive",
                "Confidence",
                "Trusted people",
            ),
        ),
    ),
    DemoNote(
        key="npt-carers-survey",
        title="Short survey at a carers' drop-in and a stroke support group",
        held_on=date(2026, 11, 5),
        method="survey",
        channel="in_person",
        language="en",
        participants=("P21", "P25"),
        researcher_email=_GARETH,
        body=_body(
            """
Paper survey, five questions, handed out at a carers' drop-in and a stroke support group in
Neath. 14 responses. Two respondents (P21, an unpaid carer, and P25, recovering from a stroke)
agreed to be participants and to follow-up; their answers are typed up in full. The other twelve
answers are summarised only as counts and themes. Researcher: Gareth.

Q1. How did you first find out that the council could help?
- P21: Carers' centre newsletter. Not the council. I'd been caring for mam for two years before
I knew there was anything.
- P25: The stroke nurse on the ward gave me a leaflet. I lost it. My wife found it again.
- Others: GP surgery (4), family or friends (3), a charity or volunteer (2), did not know the
council could help (3).

Q2. What was the hardest part of getting help?
- P21: Getting anyone to ring back. Carer's assessment? I asked twice. Still waiting.
- P25: I can only use one hand properly now so the online form takes me forever and it timed out
on me. Twice. Then I rang and waited 35 min.
- Others: waiting on the phone (6), not knowing who to ask (4), forms (2), "having to explain it
all again" (3).

Q3. Which ways of contacting the council would you use? (tick all that apply)
- Phone was ticked by 12 of 14 people and face to face by 9. Text message 6, email 5, online
form 4, video call 1.

Q4. Do you have the internet at home?
- Broadband at home 9, on a mobile phone only 3, no internet 2.
- P25: Phone only, pay as you go. I don't use it for the internet, it eats the credit.
- Two of the others wrote that they had cancelled broadband this year to save money.

Q5. Is there anything else you want to tell us?
- P21: Carers are doing the council's job for free and nobody even knows our names.
- P25: The young girl at the stroke group helped me fill this in. Everyone needs one of her.
- Others: a request for a named person (3), thanks for asking (2), a complaint about the bus
service to the council offices (1).

Researcher notes
- Small and self-selecting sample, but the channel preferences match what we are hearing in
interviews: phone and face to face first, online for a minority.
- Cost came up unprompted in Q4 from three people.
"""
        ),
        findings=(
            _finding(
                "Carers' centre newsletter. Not the council. I'd been caring for mam for two years "
                "before I knew there was anything.",
                "pain_point",
                "Carers",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "Carer's assessment? I asked twice. Still waiting.",
                "pain_point",
                "Carer's assessment",
                "Waiting times",
                stage="assessment",
            ),
            _finding(
                "I can only use one hand properly now so the online form takes me forever and it "
                "timed out on me.",
                "pain_point",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "Phone was ticked by 12 of 14 people and face to face by 9.",
                "behaviour",
                "Channels",
                "Face to face",
            ),
            _finding(
                "Phone only, pay as you go. I don't use it for the internet, it eats the credit.",
                "pain_point",
                "Cost",
            ),
            _finding(
                "The young girl at the stroke group helped me fill this in. Everyone needs one of her.",
                "positive",
                "Trusted people",
            ),
        ),
    ),
    DemoNote(
        key="npt-p01-follow-up",
        title="P01: follow-up call, seven weeks on",
        held_on=date(2026, 11, 3),
        method="interview",
        channel="phone",
        language="en",
        participants=("P01",),
        researcher_email=_FFION,
        body=_body(
            """
Short follow-up call (Ffion), agreed at the first visit. P01 asked that we ring at eleven, after
his programme, and that I speak slowly; he had the volume on the handset turned right up. Notes
written straight after the call; his words in quotation marks.

Since the first visit, P01 had been to the surgery about his knees. The receptionist put him in
touch with the practice's social prescriber. "It was the lady at the surgery who put me on to
her, the social prescriber." The social prescriber made a referral to the council for him, on
the phone, with him sitting next to her.

A social worker from the council rang a week later and arranged to visit. He made a point of
telling me she rang on time: "She rang when she said she'd ring. Tuesday, two o'clock, on the
dot." He had written the time on the calendar in the kitchen and sat by the phone from half past
one.

The visit: she came to the house, he made tea, and they went through what he struggles with. "She
sat at my kitchen table and I only had to say it the once." She had the notes from the surgery
and from the Care and Repair visit. He is getting an occupational therapist visit about the
stairs, and she mentioned a pendant alarm, which he is "thinking about". He does not like the idea
of wearing it: "It's for old people, isn't it." [He laughed at himself when he said this.]

Asked about the tablet: "I still couldn't do it on the tablet. I wouldn't want to. But I showed
her the photos of the baby on it, so it's good for something."

What he would tell someone in his position: "Go to the surgery and say it out loud. Don't sit
there thinking it's for somebody else." He said he felt "a bit daft" for leaving it so long.

He mentioned he had tried the council number once more before the surgery, in October, and gave
up again after "twenty minutes of the music", so the phone route has not changed for him; what
changed was someone he trusts making the call with him.

Researcher notes
- Same person, two routes: the phone queue failed twice, the trusted route worked first time.
- The social worker having the notes already meant he did not have to repeat himself. Worth
checking how the social prescriber's referral carried that information when the IAA line's
call-backs do not.
- His reluctance about the pendant alarm is the same "it's not for me yet" we heard in the first
visit about "adult social care".
"""
        ),
        findings=(
            _finding(
                "It was the lady at the surgery who put me on to her, the social prescriber.",
                "behaviour",
                "Trusted people",
                stage="finding_out",
            ),
            _finding(
                "She rang when she said she'd ring. Tuesday, two o'clock, on the dot.",
                "positive",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "She sat at my kitchen table and I only had to say it the once.",
                "positive",
                "Repeating the story",
                "Face to face",
                stage="assessment",
            ),
            _finding(
                "I still couldn't do it on the tablet. I wouldn't want to.",
                "behaviour",
                "Confidence",
                "Digital skills",
            ),
            _finding(
                "Go to the surgery and say it out loud. Don't sit there thinking it's for somebody else.",
                "quote",
                "Trusted people",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                'gave up again after "twenty minutes of the music"',
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
        ),
    ),
)


# Torfaen ----------------------------------------------------------------------------------------

_TOR_NOTES: tuple[DemoNote, ...] = (
    DemoNote(
        key="tor-p08-interview",
        title="P08: disabled resident waiting for an occupational therapy assessment",
        held_on=date(2026, 9, 18),
        method="interview",
        channel="video",
        language="en",
        participants=("P08",),
        researcher_email=_SIAN,
        body=_body(
            """
Video call, mid-morning, which P08 said is her best time of day. We agreed to stop at forty-five
minutes; we stopped at forty. Recorded with consent. Researcher: Siân.

Researcher (00:00:04):
Thanks for making time. Could you tell me a bit about yourself and what's been going on?

P08 (00:00:10):
Sure. I'm forty-four, I've got MS, diagnosed eight years ago, and I've been using a wheelchair
full-time for about two. I live with my partner, who works full-time. The house was fine when I
could walk. It's not fine now. The bathroom is upstairs, for a start.

Researcher (00:00:33):
How did you go about asking for help with that?

P08 (00:00:37):
I'd much rather do it online, honestly. I can do it lying down, on a good day, at two in the
morning if I want. Phone calls are hard for me. My voice gets tired and I lose the thread. So I
found the form on the council website, the occupational therapy one, which took a while because
it's under "equipment and adaptations" and I didn't know that's what I needed. Then it timed
out. Twenty minutes, and I'd done the whole thing, and it timed out. I lost everything. I just
sat there and cried, I'm not ashamed to say it.

Researcher (00:01:15):
What did you do next?

P08 (00:01:18):
Did it again the next day, in bits, copying my answers into a document first so I could paste
them in. Which I shouldn't have to do. And there's a box where you have to type the date as day,
month, year in three separate boxes, and my screen magnifier makes that really fiddly. I got an
automatic email back saying "thank you for your referral". That was in January.

Researcher (00:01:48):
And since then?

P08 (00:01:51):
I've been waiting nine months for somebody to come and look at the bathroom. I've rung twice to
check I'm still on the list. Every phone call costs me a chunk of the day. I'm not exaggerating.
If I spend forty minutes on hold, that's my energy for the afternoon gone, and my partner comes
home to me in bed.

Researcher (00:02:15):
Has anyone been in touch about anything else in that time?

P08 (00:02:19):
A different person rang in the summer to do what she called "a screening". She asked me all the
same questions as the form. I said, it's on the form, and she said she couldn't see the form.
So I told her again. My diagnosis, my wheelchair, the stairs, all of it.

Researcher (00:02:41):
You mentioned your screen magnifier. How do you get online generally?

P08 (00:02:45):
I've got a tablet with a big screen and a keyboard case. I bought it with my PIP back pay,
which felt like a lot of money to spend on one thing, but it's my lifeline. The broadband's fine
now, we got fibre last year. That's not the problem. The problem is the forms assume you can sit
at a desk for half an hour without stopping.

Researcher (00:03:10):
Has anything gone well?

P08 (00:03:13):
Yes. When the OT finally phoned to book a visit, which was last week, actually, she asked how I
preferred to be contacted and I said email, and she emailed me. An actual email, with her name
on it, saying what happens next and roughly when. I read it about ten times. It's such a small
thing.

Researcher (00:03:38):
What would you want the council to know?

P08 (00:03:41):
That online is the accessible option for some of us. Not instead of the phone, alongside it. And
that if I could save the form and come back, I'd have done it in January without crying.
"""
        ),
        findings=(
            _finding(
                "I'd much rather do it online, honestly. I can do it lying down, on a good day, at "
                "two in the morning if I want.",
                "need",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "Twenty minutes, and I'd done the whole thing, and it timed out.",
                "pain_point",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "I've been waiting nine months for somebody to come and look at the bathroom.",
                "pain_point",
                "Waiting times",
                stage="assessment",
            ),
            _finding(
                "Every phone call costs me a chunk of the day. I'm not exaggerating.",
                "pain_point",
                "Phone queues",
            ),
            _finding(
                "She asked me all the same questions as the form.",
                "pain_point",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "The broadband's fine now, we got fibre last year. That's not the problem.",
                "behaviour",
                "Connectivity",
            ),
            _finding(
                "An actual email, with her name on it, saying what happens next and roughly when.",
                "positive",
                "Channels",
                stage="assessment",
            ),
        ),
    ),
    DemoNote(
        key="tor-p09-interview",
        title="P09: young adult carer looking after his mum and brother",
        held_on=date(2026, 9, 24),
        method="interview",
        channel="phone",
        language="en",
        participants=("P09",),
        researcher_email=_SIAN,
        body=_body(
            """
Interview notes (Siân). Phone call at 6pm, the only time P09 was free; he was cooking tea for his
brother during parts of it. P09 agreed to notes and a recording but not to quotes being used in
reports, so these notes are for the squad's analysis only.

Who he is
- Nineteen, at the local college part-time (plumbing) and working weekends in a warehouse. Lives
with his mum, who has MS, and his brother, who is eleven. He has been "doing stuff for mum" since
he was about thirteen.
- "I didn't know I was a carer until the wellbeing officer at college told me." He thought carers
were people paid to come in.

Being recognised
- At his mum's hospital appointments the staff talk to his mum or past him. "They talk to me
like I'm the taxi. I bring her, I wait outside, I take her home." Nobody has asked him what he
does for her at home, which includes helping her shower and managing her tablets.
- He was once asked, by a nurse, if there was "an adult at home" who could help. He said "me" and
she looked at him "like I'd made a joke".

Finding information
- Looked things up on his phone after the college conversation. "I googled carer's assessment
and it was a PDF from 2019." The council page he found had a phone line open 9 to 5 on weekdays.
- He watched short videos from other young carers on social media and learned more from those
"than from any website".
- He did not know whether a carer's assessment would mean someone checking up on his mum. "I
didn't want anyone thinking she can't look after my brother. She can. With me."

Contact
- "I can't ring anyone between nine and five, I'm in lectures or I'm at work." He would use a
form or a chat, or text. He has a contract phone with unlimited data, paid for out of his
warehouse wages, and says that is "the one bill I'd never cut".

Out of hours
- In the summer his mum fell getting out of bed at night. "I picked her up myself at three in
the morning because I didn't know who else to call." He didn't want to ring an ambulance because
"she wasn't hurt, just stuck", and did not know there was anyone else.
- He hurt his back lifting her and missed a week of college.

What helped
- The college wellbeing officer, who "just asked how I was, and then actually waited for the
answer". She put him in touch with the young carers' service, which he is "going to ring".
[He said this twice; it sounded like he had been going to ring for a while.]

Researcher reflections
- A carer who is invisible to services because of his age, and who is worried that being seen
might cause trouble for his family.
- The channels on offer (phone, office hours) are the ones he cannot use.
"""
        ),
        findings=(
            _finding(
                "I didn't know I was a carer until the wellbeing officer at college told me.",
                "behaviour",
                "Carers",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "They talk to me like I'm the taxi. I bring her, I wait outside, I take her home.",
                "pain_point",
                "Carers",
            ),
            _finding(
                "I googled carer's assessment and it was a PDF from 2019.",
                "pain_point",
                "Finding information",
                "Carer's assessment",
                stage="finding_out",
            ),
            _finding(
                "I can't ring anyone between nine and five, I'm in lectures or I'm at work.",
                "pain_point",
                "Phone queues",
                "Out of hours",
                stage="first_contact",
            ),
            _finding(
                "I picked her up myself at three in the morning because I didn't know who else to call.",
                "pain_point",
                "Out of hours",
                stage="receiving_care",
            ),
            _finding(
                "I didn't want anyone thinking she can't look after my brother.",
                "pain_point",
                "Carer's assessment",
                "Confidence",
                stage="assessment",
            ),
        ),
    ),
    DemoNote(
        key="tor-lunch-club-focus-group",
        title="Focus group at a lunch club for older people",
        held_on=date(2026, 10, 7),
        method="focus_group",
        channel="in_person",
        language="en",
        participants=("P10", "P11", "P12"),
        researcher_email=_MEGAN,
        body=_body(
            """
Focus group after lunch at a community centre lunch club. Three members took part; others
listened in and chipped in now and then (not participants, not quoted). Large-print prompt cards
on the table. Recorded with consent. Researcher: Megan.

Researcher (00:00:08):
Thank you all for staying after lunch. To start: if you needed a bit of help at home, who would
you ask first?

P10 (00:00:15):
My son. Then the doctor's. The doctor's is where I'd go. They'd know.

P11 (00:00:21):
Sorry, love, say again? [Researcher repeats the question, closer.] Oh, my daughter. She does
everything.

P12 (00:00:30):
I'd probably look it up on my phone, to be honest. Then I'd ring somebody, because you never
find what you're after.

Researcher (00:00:39):
Has anyone here ever phoned the council about help for themselves or someone else?

P11 (00:00:45):
I did, for my husband, before he passed. You're twenty minutes listening to the music and then
it says your call is important to us. If it was important you'd answer it!

P12 (00:00:58):
[laughing] That's it, isn't it. I rang about my husband's hearing, no, his bathroom, his bath,
and I got passed round three people. Each one said "and what's it about?"

P10 (00:01:10):
I haven't got a computer and I'm not getting one at my age. I want a person. I want somebody to
come out.

Researcher (00:01:20):
What do you think of when you hear "adult social care"?

P12 (00:01:25):
I thought adult social care was the people who take your children away, honestly. Social
services. You don't want them knocking.

P11 (00:01:34):
Meals on wheels. They stopped that, didn't they.

P10 (00:01:38):
It's for people who can't manage. I can manage.

Researcher (00:01:44):
Do any of you use the internet?

P11 (00:01:47):
No. I don't do the internet. Well, only the WhatsApp with my granddaughter. She's in Leeds. I do
the video with her on a Sunday.

P12 (00:01:58):
I do the shopping online, and my banking. But I wouldn't put anything personal on the council
website. It's the scams, isn't it. You don't know what's real any more. I had a text last week
saying I owed the council tax, and I didn't.

P10 (00:02:14):
My grandson says I should get one of those tablets. What for? So I can be on it all day like him?

Researcher (00:02:22):
What about the cost, or getting a signal, does that come into it?

P12 (00:02:27):
The internet's good up here now, we had the fibre. It's the cost of it. Thirty-odd pound a month.
I nearly cancelled it in the winter.

P11 (00:02:38):
My phone's on the pay-as-you-go. Ten pound a month. I don't go on the internet on it in case it
uses it all up.

Researcher (00:02:48):
If the council wanted to tell you about help that's out there, how should it do it?

P10 (00:02:53):
Come here. Come to the club. We're here every Wednesday, you know where we are.

P12 (00:03:00):
Through the doctor's. Or the chemist, everybody goes to the chemist.

P11 (00:03:05):
A letter. A proper letter, in big writing, with a name on it. Not a website.

Researcher (00:03:13):
Any good experiences you want to share?

P12 (00:03:17):
The man who came to fit my husband's rails was lovely. He told me about a carers' group as well,
which I didn't know I was. A carer, I mean.

P10 (00:03:27):
The girl at the doctor's rang me back about my tablets the same day. That's all you want.

Researcher notes: P11's "I don't do the internet" and then the weekly video call is the pattern
we keep hearing: people describe themselves as offline when they use one or two things they care
about. P12 is the most confident online and the most worried about scams.
"""
        ),
        findings=(
            _finding(
                "The doctor's is where I'd go. They'd know.",
                "behaviour",
                "Trusted people",
                stage="finding_out",
            ),
            _finding(
                "You're twenty minutes listening to the music and then it says your call is important to us.",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "I haven't got a computer and I'm not getting one at my age. I want a person.",
                "need",
                "Face to face",
                stage="first_contact",
            ),
            _finding(
                "I thought adult social care was the people who take your children away, honestly.",
                "pain_point",
                "Jargon",
                stage="finding_out",
            ),
            _finding(
                "No. I don't do the internet. Well, only the WhatsApp with my granddaughter.",
                "behaviour",
                "Digital skills",
                "Confidence",
            ),
            _finding(
                "It's the scams, isn't it. You don't know what's real any more.",
                "pain_point",
                "Confidence",
            ),
            _finding(
                "The internet's good up here now, we had the fibre. It's the cost of it.",
                "behaviour",
                "Connectivity",
                "Cost",
            ),
        ),
    ),
    DemoNote(
        key="tor-p13-tec-interview",
        title="P13: technology-enabled care officer on pilots and carephones",
        held_on=date(2026, 10, 9),
        method="interview",
        channel="in_person",
        language="en",
        participants=("P13",),
        researcher_email=_MEGAN,
        body=_body(
            """
Interview notes (Megan), at the council's equipment store, where P13 is based with the community
equipment and alarms team. Not recorded (noisy; forklift). Words in quotation marks written down
at the time and checked with P13.

Role
- P13 is the technology-enabled care (TEC) officer: assesses people for alarms, sensors and
carephones, trains staff, and "chases kit". Came from a housing association; confident with
technology, builds his own home automation "for fun".

Pilots
- Showed me a cage of boxed smart speakers. "We've got a cupboard full of smart speakers from the
pilot and no money for the subscriptions." The pilot ran for six months on a grant; forty people
took part; about a dozen were still using them daily at the end, mostly for reminders and music.
When the grant ended there was no budget line for the monthly costs, so the devices were
collected.
- Before that: a video carephone pilot, a falls-detection watch pilot, and a medication dispenser
pilot. "Every pilot works. That's the thing. None of them get to the next year." Each evaluation
report said positive things; none had a plan for who would pay after.
- He thinks the councils in the region are running "the same pilot three times" without knowing.

Referrals and staff
- Most referrals come from social workers and hospital discharge teams. "Half the social workers
don't know what we can offer, so they don't ask." New staff get a half-hour slot in induction;
he would like to shadow assessments instead.
- Some staff are "brilliant with their own phones" but nervous about recommending kit they have
not seen working. He keeps a demo flat with sensors fitted, which almost nobody visits.

What works
- Adoption is about the family seeing the benefit. "If the daughter sees her mum on the video
screen and her mum's smiling, it sells itself." Pushing kit on people who have not asked for it
"ends up in a drawer".
- The best referrals come after a real scare: a fall at night, a wander, a missed medication.

Barriers for residents
- The digital switchover of phone lines has people worried that their alarms will stop. "The
digital switchover has got everyone worried about the old alarms." The team is swapping units
house by house and spends a lot of time reassuring people on the phone.
- "A video carephone is no good to somebody with no broadband, and broadband is thirty pounds a
month they haven't got." The newer units can use a mobile SIM, but signal is patchy in a few
streets at the top of the valleys; better than two years ago.
- Charges for the alarm service put some people off. A weekly charge "sounds small to us".

Out of hours
- The alarm monitoring centre runs all night, but if nobody is named as a responder the call
often ends up with an ambulance for someone who "just needed lifting".

Ideas he raised himself
- A shared list of what each council has trialled and what happened.
- A "try before you decide" loan, so the family can see it working.
"""
        ),
        findings=(
            _finding(
                "We've got a cupboard full of smart speakers from the pilot and no money for the "
                "subscriptions.",
                "pain_point",
                "Pilots",
            ),
            _finding(
                "Every pilot works. That's the thing. None of them get to the next year.",
                "quote",
                "Pilots",
            ),
            _finding(
                "Half the social workers don't know what we can offer, so they don't ask.",
                "pain_point",
                "Staff confidence",
                "Technology-enabled care",
                stage="assessment",
            ),
            _finding(
                "If the daughter sees her mum on the video screen and her mum's smiling, it sells itself.",
                "positive",
                "Technology-enabled care",
                "Trusted people",
            ),
            _finding(
                "A video carephone is no good to somebody with no broadband, and broadband is "
                "thirty pounds a month they haven't got.",
                "pain_point",
                "Cost",
                "Technology-enabled care",
                stage="arranging_care",
            ),
            _finding(
                "The digital switchover has got everyone worried about the old alarms.",
                "pain_point",
                "Technology-enabled care",
                "Confidence",
                stage="receiving_care",
            ),
        ),
    ),
    DemoNote(
        key="tor-p14-provider-interview",
        title="P14: domiciliary care manager on hand-offs and weekends",
        held_on=date(2026, 10, 14),
        method="interview",
        channel="phone",
        language="en",
        participants=("P14",),
        researcher_email=_SIAN,
        body=_body(
            """
Phone interview (Siân). P14 manages a domiciliary care agency with about sixty care workers,
most of its work commissioned by the council. She took the call from the office and was
interrupted twice by staff. Recorded with consent; words in quotation marks are from the
recording.

Hand-offs from the council
- When a new package starts, the agency gets a care plan from the council that is "a page and a
half". "The care plan from the council says 'two calls, assistance with personal care' and
that's it." It rarely says what the person likes, who the family contact is, or that the back
door sticks.
- "So on the first visit my girls are asking the family to go through everything again." Families
are often upset by this: they have already told the hospital, the social worker and the
reablement team.
- She would like to see the assessment itself, not a summary of it.

Waiting for care
- "We've got eleven people waiting for a package right now and nobody to send." Recruitment is
the main problem: pay, fuel costs, and staff leaving for supermarkets.
- People wait in hospital or with family "holding the fort". She gets calls from daughters asking
if she can "squeeze mum in". She cannot, and it is the worst part of her job.

Technology and her staff
- The agency moved to a rota and care-notes app two years ago. Care workers use it on their own
phones. "Some of my staff are topping up their own data to use our rota app. That's not right."
They now pay a small allowance but it does not cover everyone's costs.
- Her older staff were nervous about the app at first. Several use their phones all day for
their own lives but "went to pieces" when the care notes moved onto the app; two of the team
leaders became informal champions and sat with people on their breaks.
- Signal in some villages drops, so staff write notes on paper and enter them later.

Out of hours
- "At the weekend I can't change anything with the council. It's me and the on-call phone." If
someone's needs change on a Saturday, the agency carries the risk until Monday. The council's
emergency duty team deals with crises, not changes to calls.
- Bank holidays are "a nightmare": hospital discharges on a Friday with the care plan arriving on
the Tuesday.

Carers and families
- Families are doing "the bits in between": evening meals, nights, shopping. "Nobody's asking the
daughter if she's all right." She sees carers burning out before the person they care for does.

What works
- One social worker in the hospital team rings her directly before a discharge, "so we know who
we're walking in to". She wishes every referral came like that.
"""
        ),
        findings=(
            _finding(
                "The care plan from the council says 'two calls, assistance with personal care' "
                "and that's it.",
                "pain_point",
                "Repeating the story",
                stage="arranging_care",
            ),
            _finding(
                "So on the first visit my girls are asking the family to go through everything again.",
                "pain_point",
                "Repeating the story",
                stage="receiving_care",
            ),
            _finding(
                "We've got eleven people waiting for a package right now and nobody to send.",
                "pain_point",
                "Waiting times",
                stage="arranging_care",
            ),
            _finding(
                "Some of my staff are topping up their own data to use our rota app. That's not right.",
                "pain_point",
                "Cost",
                "Staff confidence",
            ),
            _finding(
                "At the weekend I can't change anything with the council. It's me and the on-call phone.",
                "pain_point",
                "Out of hours",
                stage="receiving_care",
            ),
            _finding(
                "Nobody's asking the daughter if she's all right.",
                "pain_point",
                "Carers",
                "Carer's assessment",
            ),
            _finding(
                "so we know who we're walking in to",
                "positive",
                "Repeating the story",
                stage="arranging_care",
            ),
        ),
    ),
    DemoNote(
        key="tor-community-hub-observation",
        title="Observation: the customer service desk at a community hub",
        held_on=date(2026, 10, 20),
        method="observation",
        channel="in_person",
        language="en",
        participants=("P12",),
        researcher_email=_SIAN,
        body=_body(
            """
Observation (Siân), two hours on a Tuesday morning at a community hub that combines a library,
the council's customer service desk and a café. Sitting at the end of the desk with the agreement
of the two customer service advisers; visitors were told who I was and asked if they minded.
Only P12 is a participant (she recognised me from the lunch club and agreed to talk). Other
visitors are described in general terms only.

The space
- Four public computers and free Wi-Fi. The computers and the free Wi-Fi were busy all morning:
job searches, a man printing a boarding pass, two people on video calls with headphones.
- Leaflet rack with 40-odd leaflets; two about adult social care, both using the phrase "social
services" on the front and "adult social care" inside.

What people came to the desk for
- 11 visits in two hours. Council tax (3), a blue badge (2), a bus pass, housing repairs, and four
to do with care or support.
- Four of the eleven people we saw at the desk in two hours came in holding a letter they didn't
understand. Three of the letters were from adult social care.
- One was a financial assessment letter. The letter said 'non-residential care charge'. She asked
what 'non-residential' meant. The adviser did not know either and rang through to the finance
team; no answer, so she took a name and promised a call-back.

P12
- P12 came in about her husband, who is finding the stairs harder. She has a smartphone, does
online banking, and had found the council's form. "I came in because I wanted to see somebody. I
can do the email, but I wanted to see a face." She wanted to know if it was "worth asking" before
filling in a long form.
- The adviser helped her complete the request for an assessment on the desk computer, reading
the questions out. It took 25 minutes. P12 hesitated at "Does the person consent to this
referral?" and said "I haven't asked him. Should I have asked him?"
- Afterwards: "She was lovely. I'd have given up on the form on my own, I think, or done it
wrong."

Advisers
- The advisers said they do this often. "We fill the online form in for them, on our screen. So
the council says it's a digital referral, but really it's us." Their help is not counted
anywhere.
- Neither adviser has had training on adult social care; they "pick it up". They have a printed
list of teams and extensions.
- The hub has no private room, so people talk about personal care at an open desk with a queue
behind them. One man lowered his voice so much the adviser had to ask him to repeat himself three
times.

Reflections
- Face to face is doing work that the channel figures credit to online.
- Letters are a big trigger for contact, and their wording creates the contact.
- The lack of privacy at the desk is a barrier for exactly the conversations adult social care
needs.
"""
        ),
        findings=(
            _finding(
                "The computers and the free Wi-Fi were busy all morning",
                "behaviour",
                "Connectivity",
                "Cost",
            ),
            _finding(
                "Four of the eleven people we saw at the desk in two hours came in holding a "
                "letter they didn't understand.",
                "pain_point",
                "Jargon",
                stage="finding_out",
            ),
            _finding(
                "The letter said 'non-residential care charge'. She asked what 'non-residential' meant.",
                "pain_point",
                "Jargon",
                stage="arranging_care",
            ),
            _finding(
                "I came in because I wanted to see somebody. I can do the email, but I wanted to see a face.",
                "need",
                "Face to face",
                stage="first_contact",
            ),
            _finding(
                'She wanted to know if it was "worth asking" before filling in a long form.',
                "goal",
                "Online forms",
                "Finding information",
                stage="first_contact",
            ),
            _finding(
                "I haven't asked him. Should I have asked him?",
                "pain_point",
                "Online forms",
                "Carers",
                stage="first_contact",
            ),
            _finding(
                "We fill the online form in for them, on our screen. So the council says it's a "
                "digital referral, but really it's us.",
                "behaviour",
                "Online forms",
                "Face to face",
                stage="first_contact",
            ),
        ),
    ),
    DemoNote(
        key="tor-p22-hospital-social-worker",
        title="P22: hospital social worker on discharge, families and Fridays",
        held_on=date(2026, 11, 6),
        method="interview",
        channel="video",
        language="en",
        participants=("P22",),
        researcher_email=_SIAN,
        body=_body(
            """
Video call from the hospital social work office, lunchtime. Recorded with consent. Researcher:
Siân.

Researcher (00:00:06):
Could you start by describing your role?

P22 (00:00:10):
I'm a social worker in the hospital team. Basically, when someone's medically fit to go home but
might need care and support, we get involved. Assessments on the ward, talking to families,
arranging whatever needs arranging so they can go home safely. Or to a home, sometimes.

Researcher (00:00:32):
What's the hardest part of that for the people you work with?

P22 (00:00:36):
The repetition, honestly. The family have told the ward, the therapist, the discharge nurse and
now me. And then when they get home they'll tell the community team and the care agency. I try
to read everything before I go in, but the notes are in three systems, and I can only see two of
them.

Researcher (00:01:01):
How do families find you?

P22 (00:01:04):
They mostly don't. We find them. Lots of families don't know there's a social worker on the
ward. They think the nurses arrange the care. They've never heard the words adult social care
until they're in the middle of it, and then they're in a meeting with six professionals saying
"package" and "reablement" and "discharge to assess".

Researcher (00:01:28):
Are there particular times when things go wrong?

P22 (00:01:31):
Friday afternoon discharges are the worst. Everyone goes home for the weekend, including the
people who could help. If the care doesn't start on the Saturday, who does the family ring? The
ward? They've discharged. Us? We're not in. It's the duty team, and they're covering the whole
county.

Researcher (00:01:55):
You mentioned carers. Do carers get much attention on the ward?

P22 (00:01:59):
Not enough. Nobody on the ward asks the wife if she can actually cope. The plan says "wife at
home" like it's a piece of equipment. She might be eighty-six with her own heart condition. I
try to ask, but I'm often doing it in a corridor with her coat on.

Researcher (00:02:20):
What about technology-enabled care? Does that come into discharge?

P22 (00:02:24):
It could do a lot more. We could send more people home with sensors, but the kit takes six weeks
to come. By then they've either managed without or they've had another fall. There was a pilot
with a fast-track kit box on the ward, it was brilliant, and it finished in the spring.

Researcher (00:02:46):
What about the technology you use yourself?

P22 (00:02:49):
I'm fine with it. I'm the one who sorts out the printer. But I've got colleagues who are really
good on their own phones and they'd rather write it on paper and type it up later than use the
tablet on the ward. The tablets are slow and the Wi-Fi on some wards is awful.

Researcher (00:03:10):
Is there anything that works really well?

P22 (00:03:13):
The carers' centre worker on the ward on Tuesdays is gold. She talks to families while they're
waiting, she tells them about carer's assessments, she gives them her card. They ring her. They
never ring us. And some people just need a proper conversation face to face, with time. Some
people will always need a phone call or a knock on the door, and that's fine.

Researcher (00:03:38):
If you could change one thing?

P22 (00:03:41):
One record. Everyone reading the same story, so the family only tell it once.
"""
        ),
        findings=(
            _finding(
                "The family have told the ward, the therapist, the discharge nurse and now me.",
                "pain_point",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "They've never heard the words adult social care until they're in the middle of it",
                "pain_point",
                "Jargon",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "Friday afternoon discharges are the worst. Everyone goes home for the weekend, "
                "including the people who could help.",
                "pain_point",
                "Out of hours",
                stage="arranging_care",
            ),
            _finding(
                "Nobody on the ward asks the wife if she can actually cope.",
                "pain_point",
                "Carers",
                "Carer's assessment",
                stage="assessment",
            ),
            _finding(
                "We could send more people home with sensors, but the kit takes six weeks to come.",
                "pain_point",
                "Technology-enabled care",
                "Waiting times",
                stage="arranging_care",
            ),
            _finding(
                "One record. Everyone reading the same story, so the family only tell it once.",
                "goal",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "The carers' centre worker on the ward on Tuesdays is gold.",
                "positive",
                "Carers",
                "Trusted people",
                stage="assessment",
            ),
        ),
    ),
)


# Blaenau Gwent ----------------------------------------------------------------------------------

_BG_NOTES: tuple[DemoNote, ...] = (
    DemoNote(
        key="bg-p15-interview",
        title="P15: caring for her husband who has dementia",
        held_on=date(2026, 9, 29),
        method="interview",
        channel="home_visit",
        language="en",
        participants=("P15",),
        researcher_email=_OWAIN,
        body=_body(
            """
Home visit, afternoon. P15's husband was asleep in the front room; we talked in the kitchen with
the door ajar. Recorded with consent. Researcher: Owain.

Researcher (00:00:05):
Thank you for having me. Could you tell me a bit about you and your husband?

P15 (00:00:10):
Well, we've been married fifty-one years. He was diagnosed with the dementia three years ago,
Alzheimer's, and it's been, well, it's been quicker this last year. He was a fitter in the works.
Now he doesn't always know which one is the bathroom door.

Researcher (00:00:34):
When did you first look for help?

P15 (00:00:37):
Properly? After the night he went out. He went out the front door at two in the morning in his
slippers. The police brought him back. A young officer, very kind, found him by the bus stop
waiting for a bus that doesn't run any more. I didn't even know he'd gone. I'd taken one of my
tablets to sleep, I hadn't slept in days.

Researcher (00:01:05):
Who did you contact after that?

P15 (00:01:08):
The police told me to ring social services. I rang the next morning and held on for, I don't
know, a long time. Half an hour? Then a girl took it all down and said someone would ring. They
did ring, fair play, about a week later. And then it was another person, and another. Every new
person, I start again. Diagnosis, the driving, the night he went missing. I've got it off by
heart now.

Researcher (00:01:37):
Were you offered any equipment or technology?

P15 (00:01:40):
They said they'd put a sensor on the door. That was in May. It came in August. I had a chair
against the front door every night in between. And a bell on the handle, my son's idea, like a
shop.

Researcher (00:01:58):
Has anybody asked about you, as his carer?

P15 (00:02:02):
Yes, I had the carer's assessment. A lovely girl came. And then nothing. I've got the form
somewhere. She said she'd look into a sitting service so I could go to my sister's on a Thursday.
I never heard. I didn't like to chase, they're so busy.

Researcher (00:02:22):
Do you use the internet at all?

P15 (00:02:25):
I'm not on the internet. My son does that. He lives in Bristol. He set up a doorbell with a
camera so he can see if his dad goes out. He rings me when it goes off. It's a comfort, but he's
got his own family, I can't have him on call for us for ever.

Researcher (00:02:48):
Is there anyone you feel you can rely on?

P15 (00:02:51):
The memory nurse is the only one I can ring and get a person. She's got a mobile, and if she
doesn't answer she rings back the same day. Always. I'd be lost without her. She told me about
the carers' group at the chapel as well.

Researcher (00:03:10):
What happens at night or weekends if something goes wrong now?

P15 (00:03:14):
I ring my son. Or I'd ring 999, I suppose. I wouldn't know who else. There's a number on a card
on the fridge from the council, but it says Monday to Friday.

Researcher (00:03:28):
If you could change one thing about how this has been?

P15 (00:03:32):
Someone like the memory nurse for everything. One person, who knows us both. And a bit of time
off. I'm seventy-three. I love him to bits but I'm tired.
"""
        ),
        findings=(
            _finding(
                "He went out the front door at two in the morning in his slippers. The police "
                "brought him back.",
                "pain_point",
                "Out of hours",
                stage="finding_out",
            ),
            _finding(
                "Every new person, I start again. Diagnosis, the driving, the night he went missing.",
                "pain_point",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "They said they'd put a sensor on the door. That was in May. It came in August.",
                "pain_point",
                "Waiting times",
                "Technology-enabled care",
                stage="arranging_care",
            ),
            _finding(
                "I had the carer's assessment. A lovely girl came. And then nothing.",
                "pain_point",
                "Carer's assessment",
                stage="assessment",
            ),
            _finding(
                "I'm not on the internet. My son does that. He lives in Bristol.",
                "behaviour",
                "Digital skills",
                "Trusted people",
            ),
            _finding(
                "The memory nurse is the only one I can ring and get a person.",
                "positive",
                "Trusted people",
                "Phone queues",
                stage="receiving_care",
            ),
            _finding(
                "Someone like the memory nurse for everything. One person, who knows us both.",
                "goal",
                "Trusted people",
                "Repeating the story",
                stage="receiving_care",
            ),
        ),
    ),
    DemoNote(
        key="bg-p16-interview",
        title="P16: community social worker on the online form and the waiting list",
        held_on=date(2026, 10, 5),
        method="interview",
        channel="video",
        language="en",
        participants=("P16",),
        researcher_email=_OWAIN,
        body=_body(
            """
Interview notes (Owain). Video call; P16 joined from her car between visits, parked up at the top
of a valley road "where there's signal". Recorded with consent; the words in quotation marks are
from the recording.

About P16
- Qualified four years; community team covering the north of the borough. Grew up locally; says
she knows "half the families by their nan".

The online "request an assessment" form
- The council launched it last year. "The online form is great for the people who were never
going to struggle anyway." It is mostly used by adult children who live away.
- It creates work she did not expect: "Half of the online referrals come in twice because people
ring as well, to check we got it." The automatic reply does not say what happens next or when,
so people ring.
- The form does not ask the questions she needs (who lives there, stairs, pets, who has a key),
so she rings to ask anyway. "I'm asking the same things the form could have asked."

Waiting
- "Our waiting list is about ninety people. I'm embarrassed when I make the first call." People
often open with "I thought you'd forgotten me".
- She has started sending a short letter to everyone on the list every six weeks saying they are
still on it. It cuts the chasing calls "by about half".

Working in people's homes
- "I write it on paper in the house and type it up at night, because the laptop won't connect
out there." The council laptop needs a secure connection that drops on mobile signal. Her own
phone works fine in the same houses.
- She is confident with technology ("I'm the one who sorts out my mam's phone") but the case
system "fights you". Training was a morning in a classroom three years ago.

Technology-enabled care
- She refers people for alarms and sensors, but "I don't really know the newer stuff". She heard
there was a smart speaker pilot "somewhere in Gwent" and has no idea whether it worked.

Carers
- She tries to offer carer's assessments at the first visit, but families often say "it's not
about me". She thinks the name is the problem: "assessment" sounds like a test.

Out of hours
- Carers ring her work mobile in the evenings because she once gave it out. She answers "more
than I should".

What works
- "The best thing I can do is give them my direct line and actually answer it." She thinks the
relationship is the service; everything else is paperwork.
- A community connector at the local centre "catches people before they get to us" and sends
them in with the right questions.
"""
        ),
        findings=(
            _finding(
                "The online form is great for the people who were never going to struggle anyway.",
                "behaviour",
                "Online forms",
                "Digital skills",
                stage="first_contact",
            ),
            _finding(
                "Half of the online referrals come in twice because people ring as well, to check we got it.",
                "pain_point",
                "Online forms",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "Our waiting list is about ninety people. I'm embarrassed when I make the first call.",
                "pain_point",
                "Waiting times",
                stage="assessment",
            ),
            _finding(
                "I write it on paper in the house and type it up at night, because the laptop "
                "won't connect out there.",
                "pain_point",
                "Connectivity",
                "Staff confidence",
                stage="assessment",
            ),
            _finding(
                'She heard there was a smart speaker pilot "somewhere in Gwent" and has no idea '
                "whether it worked.",
                "pain_point",
                "Pilots",
            ),
            _finding(
                '"assessment" sounds like a test',
                "pain_point",
                "Carer's assessment",
                "Jargon",
                stage="assessment",
            ),
            _finding(
                "The best thing I can do is give them my direct line and actually answer it.",
                "positive",
                "Phone queues",
                stage="assessment",
            ),
        ),
    ),
    DemoNote(
        key="bg-p17-care-home",
        title="P17: care home manager on families, fees and Wi-Fi",
        held_on=date(2026, 10, 16),
        method="interview",
        channel="in_person",
        language="en",
        participants=("P17",),
        researcher_email=_MEGAN,
        body=_body(
            """
Interview notes (Megan), in the manager's office of a 38-bed care home. Recorded with consent;
words in quotation marks from the recording. We were interrupted once by a resident who wanted to
know if I was the new hairdresser.

How families arrive
- "Families come to me first because they don't know the council does any of this." They ring
the home after a hospital stay or a crisis, asking about a room, and P17 ends up explaining
assessments, funding and who to call. She estimates half her enquiry calls are really "where do
I start" calls.
- She keeps a printed sheet for families with the steps and the council's general number. "It's
not my job, but if I don't, nobody does."

Money and words
- Families are shocked by the cost of care and confused by the language. "'Deferred payment
agreement'. I've had a solicitor ask me what that means." Others: "third-party top-up", "capital
threshold", "financial assessment". Families think "assessment" means someone judging whether
they are looking after mum properly.
- The financial assessment form is paper, 16 pages, and needs bank statements. Families who live
away struggle to get the documents.

Hospital discharge
- She gets calls from the hospital on a Friday asking if she can take someone "today". The
paperwork follows days later. Staff then ask the resident and family the same questions again to
write the care plan.

Technology
- "The tablets we got in the pandemic are in a drawer. Nobody budgeted for replacing them." They
were donated through a scheme, three years on they do not update, and there is no budget for
new ones.
- "The Wi-Fi used to drop in the back lounge. We had a booster put in last year and it's fine
now." Connectivity is no longer her problem; devices and time are.
- "My staff are on their phones all break, but put the care-planning system in front of them and
they freeze." Two senior carers act as champions for the new digital care-planning system; it
helps, but they do it on top of their shifts.

Out of hours
- Nights are covered by two carers and an on-call manager. The out-of-hours GP service is the
main contact; social care issues wait until Monday.

What works
- "Video calls with family on a Sunday are the best thing we started." Started in the pandemic,
kept going on a staff member's own initiative using the one tablet that still works. A resident's
son in Australia joins every week; the resident's mood "is different all day".
- A social worker from the council who visits regularly and "knows the residents by name".
"""
        ),
        findings=(
            _finding(
                "Families come to me first because they don't know the council does any of this.",
                "behaviour",
                "Finding information",
                "Trusted people",
                stage="finding_out",
            ),
            _finding(
                "'Deferred payment agreement'. I've had a solicitor ask me what that means.",
                "pain_point",
                "Jargon",
                stage="arranging_care",
            ),
            _finding(
                'Families think "assessment" means someone judging whether they are looking after '
                "mum properly.",
                "pain_point",
                "Jargon",
                "Carers",
                stage="assessment",
            ),
            _finding(
                "The tablets we got in the pandemic are in a drawer. Nobody budgeted for replacing them.",
                "pain_point",
                "Pilots",
                "Cost",
            ),
            _finding(
                "The Wi-Fi used to drop in the back lounge. We had a booster put in last year and "
                "it's fine now.",
                "behaviour",
                "Connectivity",
            ),
            _finding(
                "My staff are on their phones all break, but put the care-planning system in front "
                "of them and they freeze.",
                "pain_point",
                "Staff confidence",
                "Digital champions",
            ),
            _finding(
                "Video calls with family on a Sunday are the best thing we started.",
                "positive",
                "Technology-enabled care",
                stage="receiving_care",
            ),
        ),
    ),
    DemoNote(
        key="bg-p18-digital-champion",
        title="P18: adult services administrator and digital champion",
        held_on=date(2026, 10, 21),
        method="interview",
        channel="in_person",
        language="en",
        participants=("P18",),
        researcher_email=_FFION,
        body=_body(
            """
Interview in a meeting room at the civic centre. P18 is an administrator in adult services and a
volunteer digital champion for the directorate. Recorded with consent. Researcher: Ffion.

Researcher (00:00:05):
How did you become a digital champion?

P18 (00:00:09):
They asked for volunteers when we moved to the new laptops and Teams. I put my hand up because
I'd been helping people anyway. I'm no expert. I just don't mind pressing buttons to see what
happens, which it turns out is most of it.

Researcher (00:00:28):
What do colleagues come to you for?

P18 (00:00:31):
Everything. Passwords, mostly. Sharing a screen in a meeting. Finding a document on the shared
drive. The thing that gets me is, people are doing their online banking and their Tesco shop at
home, no problem. Then they come in here and they're frightened of the shared drive. It's not
skills. It's that at work, if you get it wrong, it feels like it matters. Somebody's care record.

Researcher (00:01:00):
How much time do you get for it?

P18 (00:01:03):
[laughs] I'm a digital champion on paper. In practice it's my lunch hour. There was meant to be
two hours a week protected. That lasted about a month. My manager's supportive, but the post
doesn't stop coming.

Researcher (00:01:20):
What have you found actually helps people learn?

P18 (00:01:23):
Nobody learns because you've sent them an email about a new system. They learn when it saves them
twenty minutes. I showed one of the social workers how to use a template for her visit letters
and she came back the next day asking what else it could do. That's the way in. Sitting next to
someone for ten minutes does more than any e-learning.

Researcher (00:01:50):
Have there been other digital projects in adult services?

P18 (00:01:53):
Oh, loads. We had a chatbot pilot on the website. It ran for six months and then it just
disappeared. Nobody told us why. Then there was the online form, which is still there. And a
trial of video assessments during the pandemic, which half the team loved and then we all went
back to visits and it sort of faded.

Researcher (00:02:17):
Why do you think they fade?

P18 (00:02:20):
Because they're bolted on. Somebody gets a grant, it runs, it's in a newsletter, the grant ends.
Nobody's job changes. If you want it to stick, it has to be how we do the work, not an extra
thing.

Researcher (00:02:38):
Do residents ever come to you for help?

P18 (00:02:41):
People ring the main number and get put through to admin when they don't know who they want. I
had a man last week who'd been trying the online form for his mother and couldn't get past the
bit asking for her NHS number. He didn't know it. So I took it all down over the phone and put
it on the system myself. Which is fine, but it means the form didn't save anybody any time.

Researcher (00:03:04):
Any moments you're proud of?

P18 (00:03:07):
A social worker came back to me and said she'd done her first video assessment with a man whose
daughter is in Dubai, so the daughter could be there. She was made up. She said the daughter
cried because it was the first time anyone had included her. That's what it's for.

Researcher (00:03:25):
What would make your role work better?

P18 (00:03:28):
Time that's actually protected. A network, so I can talk to the other champions in Torfaen and
Neath and not reinvent everything. And for the people above to use it themselves. When a director
shares their screen in a meeting and struggles, everyone relaxes.
"""
        ),
        findings=(
            _finding(
                "people are doing their online banking and their Tesco shop at home, no problem. "
                "Then they come in here and they're frightened of the shared drive.",
                "pain_point",
                "Staff confidence",
            ),
            _finding(
                "I'm a digital champion on paper. In practice it's my lunch hour.",
                "pain_point",
                "Digital champions",
            ),
            _finding(
                "Nobody learns because you've sent them an email about a new system. They learn "
                "when it saves them twenty minutes.",
                "behaviour",
                "Digital champions",
                "Staff confidence",
            ),
            _finding(
                "We had a chatbot pilot on the website. It ran for six months and then it just disappeared.",
                "pain_point",
                "Pilots",
            ),
            _finding(
                "Sitting next to someone for ten minutes does more than any e-learning.",
                "need",
                "Digital champions",
            ),
            _finding(
                "couldn't get past the bit asking for her NHS number. He didn't know it.",
                "pain_point",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "She said the daughter cried because it was the first time anyone had included her.",
                "positive",
                "Carers",
                stage="assessment",
            ),
        ),
    ),
    DemoNote(
        key="bg-p19-tec-home-visit",
        title="P19: home visit to see a carephone, pendant alarm and sensors in use",
        held_on=date(2026, 10, 23),
        method="contextual_inquiry",
        channel="home_visit",
        language="en",
        participants=("P19",),
        researcher_email=_OWAIN,
        body=_body(
            """
Contextual inquiry (Owain), one hour at P19's home, a ground-floor flat in sheltered housing.
P19 is in her early eighties, lives alone, and uses a walking frame. She was given a video
carephone, a pendant alarm, and door and fall sensors after a hospital stay in the spring. Not
recorded; her words in quotation marks written down at the time. Large-print information sheet
and consent form used.

What is in the flat
- Pendant alarm on a cord round her neck. Worn all the time, including in bed.
- Video carephone: a screen on a stand on the sideboard, unplugged at the wall.
- Door sensor on the front door, fall sensor on the bedroom ceiling, smoke alarm linked to the
alarm centre. A base unit plugged into the phone socket.
- The instruction sheet on the side of the carephone is in print about a third the size she can
read. A second copy is in a drawer "somewhere".

Watching her use things
- Asked her to show me what she does if she feels unwell. She held the pendant and said she
would press it, but then: "I don't press it. They've got people worse off than me." She has
never pressed it for real, including the night in the summer when she felt faint and sat on the
bathroom floor for an hour until she felt better.
- The video carephone: "I unplug that one at night. The electric is dear enough." She thought it
was "for the council to look in on me" and did not know she could use it to call her
granddaughter. When I asked if anyone had shown her how it works: "Nobody showed me. The man put
it in and went." She did not know who to contact if the screen stopped working.
- She pressed the pendant at my request to test it (she rang the centre first, on the carephone's
speaker, to say it was a test). The call handler answered in under a minute, used her name, and
was warm. P19 visibly relaxed: "Oh, she's nice."

Her routine and who she relies on
- "My daughter rings at six every night. That's my alarm, really." Her daughter lives twenty
minutes away and works in a supermarket; she does the shopping on Saturdays.
- A neighbour two doors down has a key and is named as a responder.
- She goes to the lunch club in the sheltered housing lounge on Wednesdays, where the warden used
to explain things; the warden post was cut last year.

Worries
- A letter had come about the phone line "going digital". She thought it meant she would need a
computer. She has been worrying about it for a month and had not told her daughter.
- The weekly charge for the alarm service "adds up", but she would not give it up "because of my
daughter's nerves".

Reflections
- The equipment is installed but the service is not being used as designed: the pendant is a
comfort, not a call button; the carephone is unplugged.
- Nobody came back after installation to check it was working for her. A ten-minute follow-up
visit would likely have changed most of what I saw.
- Trusted people (daughter, neighbour, lunch club) are the real system of care, and the
technology sits beside it rather than with it.
"""
        ),
        findings=(
            _finding(
                "I don't press it. They've got people worse off than me.",
                "behaviour",
                "Technology-enabled care",
                stage="receiving_care",
            ),
            _finding(
                "I unplug that one at night. The electric is dear enough.",
                "behaviour",
                "Cost",
                "Technology-enabled care",
                stage="receiving_care",
            ),
            _finding(
                "Nobody showed me. The man put it in and went.",
                "pain_point",
                "Digital skills",
                "Technology-enabled care",
                stage="receiving_care",
            ),
            _finding(
                "The instruction sheet on the side of the carephone is in print about a third the "
                "size she can read.",
                "pain_point",
                "Technology-enabled care",
                stage="receiving_care",
            ),
            _finding(
                "My daughter rings at six every night. That's my alarm, really.",
                "behaviour",
                "Trusted people",
                stage="receiving_care",
            ),
            _finding(
                "She thought it meant she would need a computer.",
                "pain_point",
                "Confidence",
                "Technology-enabled care",
            ),
        ),
    ),
    DemoNote(
        key="bg-request-assessment-usability",
        title="Usability test: the council's online 'request an assessment' form",
        held_on=date(2026, 10, 28),
        method="usability_test",
        channel="in_person",
        language="en",
        participants=("P20", "P23"),
        researcher_email=_FFION,
        body=_body(
            """
Two usability sessions (Ffion) on the council's live "request an assessment" form, in the library
meeting room. P20 used a library laptop; P23 used his own phone. Tasks: 1) from the council's
home page, find how to ask for help at home for yourself or someone else; 2) fill in the form
with made-up details we gave them (no real information entered; we stopped before submitting,
except once to see the confirmation page with a test entry agreed with the council); 3) save your
progress and come back later. Both recorded with consent (screen and audio).

Session 1: P20
- P20 is in her fifties, dyslexic, and uses the internet mainly for video calls and shopping on
her phone with help from her son. She asked me to read the questions aloud where the text was
long, which I did.
- Task 1: typed "help at home" into the search. Results: home improvement grants, home
composting, a news story. "Nothing says 'help at home' on here." Found the form after five
minutes through Social care, then Adults, then Get support, with a prompt from me.
- The start page has 420 words before the button. She scrolled straight past them: "I'm not
reading all that."
- First question: "Are you the adult at risk?" Long pause. "Adult at risk? Is that me? I'm not
at risk, I just can't get in the bath." She picked "No", which sent her down the route for a
professional making a referral.
- The form would not continue without an email address. P20 has one but did not know the
password; she said at home she would have stopped here.
- Date of birth in three boxes: fine. Free-text box "Describe the person's needs": she typed two
words and asked "what do they want me to put?"
- At the end: "If I was on my own I'd have phoned. Or gone down the office."

Session 2: P23
- P23 is in his forties and cares for his father. Confident on his phone; did this in his lunch
break in real life before the session.
- Task 1: found the form in under a minute from a search engine, not from the council site.
- Mobile layout: "On my phone the date boxes jump about and I can't see what I've typed." The
keyboard covered the error messages twice.
- Task 3: there is no save. "There's no way to save it. I'm doing this on my lunch break, I can't
finish it in one go." He said he had lost it once for real and given up until the weekend.
- Consent question about his father: "What if dad says no? He says no to everything." He did not
know whether he could still ask for help as the carer.
- Confirmation page (test entry): "When I pressed submit it just said thank you. Thank you for
what? What happens now?" No reference number, no timescale, no contact.

Across both sessions
- Neither participant understood "adult at risk"; both read it as a question about danger.
- The form assumes one person filling it in about themselves or a professional referring;
family carers fall between the two routes.
- No way to say how you would like to be contacted (P20 wanted phone calls; P23 wanted texts).
"""
        ),
        findings=(
            _finding(
                "Nothing says 'help at home' on here.",
                "pain_point",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "Adult at risk? Is that me? I'm not at risk, I just can't get in the bath.",
                "pain_point",
                "Jargon",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "The form would not continue without an email address.",
                "pain_point",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "On my phone the date boxes jump about and I can't see what I've typed.",
                "pain_point",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "There's no way to save it. I'm doing this on my lunch break, I can't finish it in one go.",
                "pain_point",
                "Online forms",
                stage="first_contact",
            ),
            _finding(
                "When I pressed submit it just said thank you. Thank you for what? What happens now?",
                "pain_point",
                "Online forms",
                "Waiting times",
                stage="first_contact",
            ),
            _finding(
                "If I was on my own I'd have phoned. Or gone down the office.",
                "behaviour",
                "Face to face",
                "Confidence",
                stage="first_contact",
            ),
        ),
    ),
    DemoNote(
        key="bg-p23-interview",
        title="P23: working son caring for his father",
        held_on=date(2026, 11, 11),
        method="interview",
        channel="phone",
        language="en",
        participants=("P23",),
        researcher_email=_OWAIN,
        body=_body(
            """
Phone interview, 7.30pm, after P23's shift. He had taken part in the usability test a fortnight
earlier. Recorded with consent. Researcher: Owain.

Researcher (00:00:04):
Thanks for talking again. This time I'd like to hear more about caring for your dad. Where are
things at the moment?

P23 (00:00:11):
Dad's seventy-eight. COPD, and the memory's going. He lives on his own, about ten minutes from
me. I do the mornings before work, pop in at dinner if I can, and I'm there most evenings. I work
shifts at the factory, so it depends on the week.

Researcher (00:00:32):
How did you first go about getting help?

P23 (00:00:35):
I rang the council in my break. You've got fifteen minutes, and you're sat in the car park on
hold. I did that four days running before I got through. Then they said someone would call me
back. They call back when I'm on the line at work and I can't answer. Then it goes to the bottom
of the pile. That's what it feels like anyway.

Researcher (00:01:02):
Did you try other ways to get in touch?

P23 (00:01:05):
The form, which you've seen. [laughs] That was fun. I've emailed as well, to the address on the
website, and got an automatic reply saying allow ten working days. What I'd really like is a
text. A text. Just a text saying where we are. I'd take that. I can read a text on the line.

Researcher (00:01:28):
Has anyone from the council talked to you about your own needs, as his carer?

P23 (00:01:33):
No. I'm a bloke, I think they assume my sister does it. She lives in Spain. When the social
worker did come, she kept looking at the door like someone else was going to walk in. Fair play,
once we got going she was good. The assessment itself was fine, actually. She listened. She
didn't rush.

Researcher (00:01:58):
Can you tell me about a time when something went wrong outside working hours?

P23 (00:02:02):
Dad's breathing went bad on a Sunday night and the only number I had was the GP, which was shut.
I rang 111 in the end and they sent an ambulance, and he was in overnight. But what I actually
needed was someone to tell me whether it was an ambulance thing or not. And then on the Monday,
nobody at the council knew he'd been in.

Researcher (00:02:27):
How many people have you had to explain the situation to?

P23 (00:02:31):
I've done the story so many times I've got it word-perfect. COPD, memory, lives alone, I'm the
son, I work shifts. I could do it in my sleep. Sometimes I think I do.

Researcher (00:02:44):
You said at the usability session that you're fairly confident online.

P23 (00:02:48):
Yeah, I'm fine on the phone. Banking, the kids' school stuff, all that. It's not the technology.
It's that nothing talks to anything else. I put it on the form, I say it on the phone, the
hospital knows, the GP knows, and every time it's like they're hearing it for the first time.

Researcher (00:03:10):
What would help you most right now?

P23 (00:03:13):
A sitting service so I can do a night shift without worrying. And someone to call who knows dad.
I'd even take an answerphone, if somebody actually listened to it.
"""
        ),
        findings=(
            _finding(
                "They call back when I'm on the line at work and I can't answer. Then it goes to "
                "the bottom of the pile.",
                "pain_point",
                "Phone queues",
                stage="first_contact",
            ),
            _finding(
                "A text. Just a text saying where we are. I'd take that.",
                "need",
                "Channels",
                stage="first_contact",
            ),
            _finding(
                "I'm a bloke, I think they assume my sister does it.",
                "pain_point",
                "Carers",
                "Carer's assessment",
            ),
            _finding(
                "Dad's breathing went bad on a Sunday night and the only number I had was the GP, "
                "which was shut.",
                "pain_point",
                "Out of hours",
                stage="receiving_care",
            ),
            _finding(
                "I've done the story so many times I've got it word-perfect.",
                "pain_point",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "The assessment itself was fine, actually. She listened. She didn't rush.",
                "positive",
                "Assessment",
                stage="assessment",
            ),
            _finding(
                "It's not the technology. It's that nothing talks to anything else.",
                "quote",
                "Repeating the story",
            ),
        ),
    ),
    DemoNote(
        key="bg-p24-community-connector",
        title="P24: community connector running a digital ambassador scheme",
        held_on=date(2026, 11, 13),
        method="interview",
        channel="in_person",
        language="en",
        participants=("P24",),
        researcher_email=_MEGAN,
        body=_body(
            """
Interview at a community centre run by a local charity, in the room used for the weekly
"digital drop-in". P24 is a community connector and coordinates a small digital ambassador
scheme. Recorded with consent. Researcher: Megan.

Researcher (00:00:06):
Can you tell me what a community connector does?

P24 (00:00:10):
In a sentence? I help people find the thing that helps them. Could be a lunch club, a benefits
check, a walking group, the council. And we run the digital side: ambassadors, a few loan
tablets, and data SIMs from a national data bank.

Researcher (00:00:30):
How do people find their way to you?

P24 (00:00:33):
People don't come in asking for digital skills. They come in with a letter from the council and
they're upset. Or their GP surgery's sent them, or a neighbour has. It's almost always a person
who sends them, not a poster.

Researcher (00:00:50):
What gets in the way of people using things online?

P24 (00:00:54):
Cost, then confidence, then skills, in that order, I'd say. Connectivity is less of an issue than
it was. It's the monthly bill that stops people. We've had people who got broadband in lockdown
and cancelled it last winter when the energy bills came in.

Researcher (00:01:12):
You mentioned data SIMs.

P24 (00:01:15):
Yes, free SIMs with data on them, for people on low incomes. The data bank SIMs have done more
than any course we've run. Someone can practise at home without worrying that every click costs
them. That's half the fear gone.

Researcher (00:01:32):
How does the ambassador scheme work?

P24 (00:01:35):
Volunteers, trained by us, and each one is matched with one person. Our ambassadors are matched
one-to-one, same person every week. That's the whole thing. If it's a different face every week
you start from zero every week. And the ambassadors are from round here. People trust them because
they're not "from the council".

Researcher (00:01:58):
Do you work with the council's adult social care teams?

P24 (00:02:01):
Some of the social workers know us and send people. Others don't know we exist. We've helped
people fill in the council's assessment form more times than I can count, and the council has no
idea, because it just arrives as an online referral. I'd like them to know, so they stop thinking
the form is working on its own.

Researcher (00:02:22):
What do you see working?

P24 (00:02:25):
Pull. Once someone's video-called their grandson, the council form is just another thing they can
do. We had a gentleman last month who came in for help with a bus pass and ended up booking his
own flu jab online. He was like a different man.

Researcher (00:02:42):
And what worries you?

P24 (00:02:45):
Funding. Our funding ends in March. Every year it ends in March. We're always a pilot. I spend a
quarter of my time writing bids to keep doing what we already know works.

Researcher (00:03:00):
Is there anyone who won't ever go online?

P24 (00:03:03):
Of course. Some people don't want to and that's their right. Some have dementia, some can't see
the screen, some have had enough of being told. They need a person on the phone or at the door.
That's not a failure. The mistake is building everything as if they aren't there.
"""
        ),
        findings=(
            _finding(
                "People don't come in asking for digital skills. They come in with a letter from "
                "the council and they're upset.",
                "behaviour",
                "Trusted people",
                "Digital skills",
                stage="finding_out",
            ),
            _finding(
                "Connectivity is less of an issue than it was. It's the monthly bill that stops people.",
                "behaviour",
                "Connectivity",
                "Cost",
            ),
            _finding(
                "The data bank SIMs have done more than any course we've run.",
                "positive",
                "Cost",
                "Digital skills",
            ),
            _finding(
                "Our ambassadors are matched one-to-one, same person every week. That's the whole thing.",
                "need",
                "Trusted people",
                "Digital champions",
            ),
            _finding(
                "Once someone's video-called their grandson, the council form is just another "
                "thing they can do.",
                "behaviour",
                "Confidence",
                "Digital skills",
            ),
            _finding(
                "Our funding ends in March. Every year it ends in March. We're always a pilot.",
                "pain_point",
                "Pilots",
            ),
            _finding(
                "They need a person on the phone or at the door. That's not a failure.",
                "need",
                "Face to face",
                "Channels",
            ),
        ),
    ),
)


# Across the three councils ----------------------------------------------------------------------

_CROSS_NOTES: tuple[DemoNote, ...] = (
    DemoNote(
        key="practitioner-focus-group",
        title="Focus group: practitioners from the three councils",
        held_on=date(2026, 11, 18),
        method="focus_group",
        channel="video",
        language="en",
        participants=("P05", "P14", "P16", "P22"),
        researcher_email=_MEGAN,
        body=_body(
            """
Video focus group, ninety minutes, with two social workers, a hospital social worker and a
domiciliary care manager, one from each council plus the provider. Most had not met before.
Recorded with consent. Facilitator: Megan; notes: Rhys. Extract from the second half, after
playing back early themes from the interviews.

Researcher (00:41:10):
The thing we've heard most from residents and carers is having to repeat their story. Does that
match what you see?

P16 (00:41:18):
Completely. Same in Blaenau Gwent. We all ask the same ten questions the front door already
asked, because we can't see what they wrote, or we can but it's three lines.

P05 (00:41:32):
And we know it's awful. I've had a daughter say to me "I've told this to eleven people" and she
had a list. She actually had a list.

P22 (00:41:42):
In hospital it's worse, because there are so many professionals in one week. I'd love one shared
story the family writes once, in their words, that everyone reads first.

P14 (00:41:55):
And that comes to us. Please. We get "two calls, personal care" and nothing about the person.

Researcher (00:42:05):
What about carers? Several carers told us nobody asked about them.

P22 (00:42:10):
Carers' assessments are the first thing to go when we're short. I'm not proud of it.

P05 (00:42:15):
Same. And when we do them, there's not much at the end of it. A sitting service with a waiting
list. So we stop offering, because it feels like a false promise.

P16 (00:42:26):
I think the name doesn't help. People hear "assessment" and think they're being tested.

Researcher (00:42:35):
Residents often didn't know what "adult social care" meant or whether it was for them.

P05 (00:42:41):
We should stop calling it adult social care on the website. Nobody searches for that. They search
"help for mum" or "can't get up the stairs".

P14 (00:42:52):
Families ring us, the agency, first. Or the care home. We're the ones on Google.

Researcher (00:43:00):
Out of hours came up a lot.

P14 (00:43:04):
Out of hours is where it all falls apart, for all of us. The agency is open all night because the
care is. Nobody else is.

P22 (00:43:12):
And Friday discharges. I've said it before.

P16 (00:43:16):
The emergency duty team do their best, but they're crisis only. Families need someone to say
"this can wait till Monday" or "this can't". That's a different thing.

Researcher (00:43:30):
What about technology-enabled care? Every council seems to have tried something.

P16 (00:43:36):
Every council's got a pilot. We should be stealing each other's instead of starting again. I
found out today Torfaen had smart speakers. Nobody told us.

P05 (00:43:46):
We had video carephones. I don't know what happened to them either.

P22 (00:43:51):
The fast-track kit box on our ward worked. It just needed someone to keep paying for it.

Researcher (00:44:00):
Last one for now. Some people have told us they want everything online; others never will. Where
do you land?

P22 (00:44:08):
Some people will always need a phone call or a knock on the door, and that's fine. Online should
free us up to do that properly, not replace it.

P16 (00:44:18):
The form works for the son in Cardiff. It doesn't work for his dad. We need both.

P14 (00:44:25):
Whatever it is, tell people what happens next. That's what they ring us about. Not the form, the
silence after the form.

Researcher notes: strong agreement across councils and roles on the shared story, carers'
assessments and out of hours; energy in the room when they realised they had run overlapping
pilots. They asked for a regular cross-council practitioner session.
"""
        ),
        findings=(
            _finding(
                "We all ask the same ten questions the front door already asked, because we can't "
                "see what they wrote",
                "pain_point",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "I'd love one shared story the family writes once, in their words, that everyone "
                "reads first.",
                "need",
                "Repeating the story",
                stage="assessment",
            ),
            _finding(
                "Carers' assessments are the first thing to go when we're short.",
                "pain_point",
                "Carer's assessment",
                stage="assessment",
            ),
            _finding(
                "We should stop calling it adult social care on the website. Nobody searches for that.",
                "need",
                "Jargon",
                "Finding information",
                stage="finding_out",
            ),
            _finding(
                "Out of hours is where it all falls apart, for all of us.",
                "pain_point",
                "Out of hours",
                stage="receiving_care",
            ),
            _finding(
                "Every council's got a pilot. We should be stealing each other's instead of starting again.",
                "need",
                "Pilots",
            ),
            _finding(
                "Some people will always need a phone call or a knock on the door, and that's fine.",
                "need",
                "Face to face",
                "Channels",
                stage="first_contact",
            ),
        ),
    ),
)

NOTES: tuple[DemoNote, ...] = (*_NPT_NOTES, *_TOR_NOTES, *_BG_NOTES, *_CROSS_NOTES)
