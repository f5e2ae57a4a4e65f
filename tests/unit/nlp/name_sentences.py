"""A labelled set of interview sentences for scoring name finding (:mod:`nlp.names_eval`).

Each row is ``(sentence, gold names, known names)``: the gold names are the people's names
in the sentence, written as they appear (a name that appears twice is listed twice); the
known names are the speakers and participants the importer would supply. Places, services,
organisations and job titles sit among the names on purpose, as they do in real transcripts
of adult social care research in Wales.

Run ``python -m tests.unit.nlp.name_sentences`` to print precision and recall, with and
without a trained pipeline (the second only when one is installed).
"""

from __future__ import annotations

Row = tuple[str, tuple[str, ...], tuple[str, ...]]

# People named in passing, colleagues, family members, staff.
_NAMED: list[tuple[str, tuple[str, ...]]] = [
    ("I rang Torfaen's Adult Social Care and spoke to a lady called Bethan Price.", ("Bethan Price",)),
    ("My social worker, Gareth, said the Blue Badge form was on Dewis.", ("Gareth",)),
    ("Sian from Carers Wales was lovely, she rang me back the same day.", ("Sian",)),
    ("My colleague Jen does the Monday clinic in Cwmbran.", ("Jen",)),
    ("Dai Morgan from the council came round with the forms.", ("Dai Morgan",)),
    ("The Occupational Therapist, Mrs Hughes, measured the stairs for a rail.", ("Hughes",)),
    ("I told Eleri at Citizens Advice that Universal Credit had stopped.", ("Eleri",)),
    ("Cllr Watkins promised to look into the Blaenau Gwent waiting list.", ("Watkins",)),
    ("Our Team Manager, Rhodri Evans, signed it off on Friday.", ("Rhodri Evans",)),
    ("Mam was in the Royal Gwent for three weeks and Dr Patel was wonderful.", ("Patel",)),
    ("We live in Pontypool but my daughter Ffion lives out in Newport.", ("Ffion",)),
    ("Angharad at the Age Cymru hub helped me fill in the Attendance Allowance.", ("Angharad",)),
    ("My husband Huw can't manage the stairs any more.", ("Huw",)),
    ("Steve from the Care and Repair team fitted the grab rails.", ("Steve",)),
    ("I spoke to Karen on the duty desk in Caerphilly.", ("Karen",)),
    ("The Care Coordinator, a chap called Owain, never rang back.", ("Owain",)),
    ("Lowri Jenkins is our digital champion in Merthyr Tydfil.", ("Lowri Jenkins",)),
    ("Nobody at Neath Port Talbot knew what Dewis was, except Mererid.", ("Mererid",)),
    ("My neighbour, Glenys, does my shopping on a Thursday.", ("Glenys",)),
    ("It was Maggie who told me about the Blue Badge.", ("Maggie",)),
    ("Emyr said the carephone was a waste of money.", ("Emyr",)),
    ("Tracey in the GP surgery printed the letter out for me.", ("Tracey",)),
    ("I had a call from Nia Roberts about the respite booking.", ("Nia Roberts",)),
    ("My son Callum set up the Alexa for me.", ("Callum",)),
    ("Mr Lewis from the housing association came on the Tuesday.", ("Lewis",)),
    ("Heledd and Catrin run the carers' group in Swansea.", ("Heledd", "Catrin")),
    ("Bill from the Men's Shed drives me to Cardiff for appointments.", ("Bill",)),
    ("I waited for Mark Thomas, the Social Worker, for over an hour.", ("Mark Thomas",)),
    ("Gwen, my sister-in-law, reads the letters to me.", ("Gwen",)),
    ("The reablement team sent Dafydd and another lad every morning.", ("Dafydd",)),
    ("Ms Pritchard from Care Inspectorate Wales inspected the home.", ("Pritchard",)),
    ("Honestly, Aled was the only one at the council who listened.", ("Aled",)),
    ("We asked Rhys whether NHS Wales would pay for the taxi.", ("Rhys",)),
    ("Sharon said the Dewis page for Torfaen was out of date.", ("Sharon",)),
    ("My carer, Elaine, comes in at eight and again at six.", ("Elaine",)),
    ("Iwan rang from the hospital discharge team on Monday.", ("Iwan",)),
    ("I filled it in with Sue from Citizens Advice in Bridgend.", ("Sue",)),
    ("The form asked for my next of kin, so I put down my nephew Gethin.", ("Gethin",)),
    ("My friend Myfanwy told me about the day centre in Abergavenny.", ("Myfanwy",)),
    ("Chris Davies, the Senior Practitioner, explained the assessment.", ("Chris Davies",)),
    ("Dr Williams at the surgery referred me to the falls clinic.", ("Williams",)),
    ("It was Tegwen who found the leaflet in the library in Blackwood.", ("Tegwen",)),
    ("Then Paul from the DWP rang and said the PIP was approved.", ("Paul",)),
    ("My granddaughter Seren showed me how to use Zoom.", ("Seren",)),
    ("Rhiannon and I went to the drop-in at Pontypridd.", ("Rhiannon",)),
    ("A lady named Carys Lloyd came to do the financial assessment.", ("Carys Lloyd",)),
    ("Bryn, who runs the café, has the number for the Careline.", ("Bryn",)),
    ("We were told to ring Julie on the single point of access line.", ("Julie",)),
    ("The nurse, Siân Rees, changed the dressing twice a week.", ("Siân Rees",)),
    ("Every time I rang I got someone different, once a man called Tony.", ("Tony",)),
    ("Joan next door has the same carers as us.", ("Joan",)),
    ("I showed Hywel the Universal Credit journal on my phone.", ("Hywel",)),
    ("My brother Geraint lives in Ebbw Vale and helps at weekends.", ("Geraint",)),
    ("Mrs Jones, the Team Manager at Blaenau Gwent, apologised.", ("Jones",)),
    ("Kelly at the front desk gave me the wrong form.", ("Kelly",)),
    ("I think it was Wednesday when Osian came to fix the pendant.", ("Osian",)),
    ("Margaret said her Blue Badge took eleven weeks to arrive.", ("Margaret",)),
    ("Our Occupational Therapist is Nerys; she is brilliant.", ("Nerys",)),
    ("The digital ambassador, Ioan, sat with me for two hours.", ("Ioan",)),
    ("My wife Delyth does all the online forms.", ("Delyth",)),
    ("I emailed Richard at the council about the care home fees.", ("Richard",)),
    ("Dewi Jenkins from Age Cymru came with me to the assessment.", ("Dewi Jenkins",)),
    ("Pauline from the carers' centre in Newport sent the leaflet.", ("Pauline",)),
    ("My mam, Olwen, is ninety-one and still in her own home.", ("Olwen",)),
    ("Alun and Mair Edwards live on the estate in Cwmbran.", ("Alun", "Mair Edwards")),
    ("They said Sarah would ring back, but Sarah never did.", ("Sarah", "Sarah")),
    ("Dr Hopkins from Aneurin Bevan University Health Board wrote to us.", ("Hopkins",)),
    ("The volunteer, Bethan, drove me to the Nevill Hall.", ("Bethan",)),
    ("I saw the leaflet at the Citizens Advice and asked Jackie about it.", ("Jackie",)),
    ("Mohammed from the pharmacy delivers the tablets on a Friday.", ("Mohammed",)),
    ("My social worker changed three times: Lisa, then Nathan, then Gemma.", ("Lisa", "Nathan", "Gemma")),
    ("I'm Glyn, by the way, and this is my wife, Eirlys.", ("Glyn", "Eirlys")),
    ("Piotr from the agency only speaks a bit of English.", ("Piotr",)),
    ("Kath said the Care Inspectorate Wales report was online.", ("Kath",)),
    ("Will rang me on Tuesday about the commode.", ("Will",)),
    ("I spoke to Grace in the Adult Social Care team.", ("Grace",)),
    ("Dorothy Evans was my mam's best friend from chapel.", ("Dorothy Evans",)),
    ("We asked Rob whether the Blue Badge covered the hospital car park.", ("Rob",)),
    ("Ceri from the Dewis team updated the listing.", ("Ceri",)),
    ("Leanne, the receptionist, said to try Cardiff instead.", ("Leanne",)),
    ("The community connector in Caerphilly, Ffion Jones, ran the session.", ("Ffion Jones",)),
    (
        "Huw Roberts and Gareth Morgan both work on the Carers Wales helpline.",
        ("Huw Roberts", "Gareth Morgan"),
    ),
    ("My key worker Dean sorted the bus pass.", ("Dean",)),
    ("I rang and got a man called Kieran who knew nothing about it.", ("Kieran",)),
    ("Gwyneth Parry chairs the forum in Merthyr Tydfil.", ("Gwyneth Parry",)),
    ("The OT, Rachel, said the bath lift would take six weeks.", ("Rachel",)),
    ("On Dewis I found the number for Sandra at the Torfaen carers service.", ("Sandra",)),
    ("Bob and Jean from the chapel take turns sitting with him.", ("Bob", "Jean")),
    ("Tomos showed me how to book a slot online.", ("Tomos",)),
    ("I only found out because Llinos mentioned it at the coffee morning.", ("Llinos",)),
    ("Sister Morris on the ward was very kind to Mam.", ("Morris",)),
    ("My daughter-in-law Kirsty works for Swansea council.", ("Kirsty",)),
    ("We got a letter signed by Stephen Harris, Head of Adult Services.", ("Stephen Harris",)),
    ("Emma on the phone line was patient with me.", ("Emma",)),
    ("My cousin Rhodri fixed the wifi.", ("Rhodri",)),
    ("The manager, Gaynor, said they were short-staffed in Newport.", ("Gaynor",)),
    ("Ieuan, my grandson, does the online shopping.", ("Ieuan",)),
    ("Then Bethan Davies from the council wrote back.", ("Bethan Davies",)),
    ("Me and Pat used to go to the lunch club in Blaenavon.", ("Pat",)),
    ("I asked Mags at the library to print the form.", ("Mags",)),
    ("Maureen, who lives opposite, rings Careline for me.", ("Maureen",)),
]

# Speakers and participants known to the importer, named in the speech: whole, in part, by a
# nickname, without accents, or misspelt by the transcription.
_KNOWN: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("Rhianon Davies, Team Manager at Caerphilly, told me that.", ("Rhianon Davies",), ("Rhiannon Davies",)),
    ("Thanks for coming in, Rhianon.", ("Rhianon",), ("Rhiannon Davies",)),
    ("As I said to Gareth earlier, the form was the worst part.", ("Gareth",), ("Gareth Price",)),
    ("Is it all right if I call you Bob?", ("Bob",), ("Robert Jones",)),
    ("Dai, can you tell me about the first phone call?", ("Dai",), ("Dafydd Williams",)),
    ("Sian, what happened when you rang the council?", ("Sian",), ("Siân Evans",)),
    ("Thank you, Mrs Pryce, that's really helpful.", ("Pryce",), ("Eirlys Pryce",)),
    ("Gwen told me Torfaen were very slow.", ("Gwen",), ("Gwenllian Thomas",)),
    ("Liz, did the Blue Badge arrive in the end?", ("Liz",), ("Elizabeth Hughes",)),
    ("Morning Geriant, thanks for having us.", ("Geriant",), ("Geraint Lewis",)),
    ("Rhod said he would ring Carers Wales.", ("Rhod",), ("Rhodri Parry",)),
    ("Margret, you mentioned the carephone?", ("Margret",), ("Margaret Bowen",)),
    ("So Mr Wiliams, how long have you cared for your wife?", ("Wiliams",), ("Dafydd Williams",)),
    ("Catrin Owens from Newport rang me back.", ("Catrin Owens",), ("Catrin Owen",)),
    ("And Mags, how did you find Dewis?", ("Mags",), ("Margaret Bowen",)),
    ("Llewelyn, you said Pontypool was closer for you.", ("Llewelyn",), ("Llewellyn Rees",)),
    ("Rhiannon Davis rang the Blue Badge team.", ("Rhiannon Davis",), ("Rhiannon Davies",)),
    ("Thank you Huw, that's everything.", ("Huw",), ("Huw Bevan",)),
]

# Sentences with no person's name: places, services, organisations, job titles, days and
# months, and ordinary words that begin sentences.
_NO_NAMES: list[str] = [
    "We live in Pontypool near the Cwmbran Stadium.",
    "I rang Adult Social Care in Torfaen three times.",
    "Universal Credit stopped when I moved to Caerphilly.",
    "The Blue Badge form on Dewis kept timing out.",
    "Citizens Advice in Merthyr Tydfil helped with the appeal.",
    "Care Inspectorate Wales published the report in March.",
    "Age Cymru run a befriending service in Neath Port Talbot.",
    "Carers Wales have a helpline but it's only open till four.",
    "NHS Wales sent a text about the vaccine.",
    "The Social Worker came on Monday and the Occupational Therapist on Thursday.",
    "Our Team Manager asked the Care Coordinator to ring back.",
    "Blaenau Gwent and Torfaen share the out-of-hours team.",
    "We drove from Swansea to Cardiff for the appointment.",
    "Newport council moved everything online in January.",
    "Honestly, nobody explained what reablement meant.",
    "Basically the carephone just sits there.",
    "Apparently the waiting list in Bridgend is six months.",
    "Caerphilly County Borough Council never replied.",
    "I went to the Jobcentre Plus in Ebbw Vale.",
    "The day centre in Abergavenny closed during Covid.",
    "The Senior Practitioner signed off the care plan.",
    "Dewis lists the lunch clubs in Blaenavon and Abertillery.",
    "Luckily the pharmacy in Cwmbran delivers.",
    "Every Wednesday the Community Connector holds a drop-in.",
    "In May we applied for Attendance Allowance.",
    "The Welsh Government funded the pilot in Rhondda Cynon Taf.",
    "We tried the Alexa but Mam couldn't get on with it.",
    "The Carers Trust in Pontypridd runs a support group.",
    "Aneurin Bevan University Health Board sent the letter.",
    "I phoned the Single Point of Access in Newport.",
    "Hospital Discharge said it would take a week.",
    "The Duty Social Worker was very busy.",
    "Sometimes the Care and Repair service has a waiting list.",
    "After Christmas the respite hours were cut.",
    "Bridgend and Vale of Glamorgan have different forms.",
    "Everything is on Facebook now, the council page, the chapel, everything.",
    "Mind Cymru have a good leaflet on carers' stress.",
    "Pension Credit was the thing nobody told us about.",
    "Thursday is the only day the bus goes to Brynmawr.",
    "Macmillan nurses were the only ones who rang back.",
    "Red Cross lent us the wheelchair.",
    "Barry Island is lovely but the buses are awful.",
    "The form asked for the Health Board, the GP and the council.",
    "I was in Royal Gwent for a fortnight.",
    "We use WhatsApp to talk to the carers.",
    "The Council Tax Reduction form is separate again.",
    "Yes, the Occupational Therapist came the following week.",
    "The Reablement Team were good but it only lasts six weeks.",
    "Swansea Bay health board has a different phone number.",
    "Gwynedd and Anglesey share a lot of their services.",
    "Next time I'd ring Citizens Advice first.",
    "The Digital Champion at the library in Blackwood was patient.",
    "Monmouthshire's website was easier than Torfaen's.",
    "The Care Coordinator and the Team Manager were both off sick.",
    "Well, the Blue Badge came in August in the end.",
    "Nobody from Adult Social Care came to the review.",
    "Hywel Dda covers Carmarthenshire, Ceredigion and Pembrokeshire.",
    "Will you put the number on the letter for me?",
    "Grace period was two weeks, then the payments stopped.",
    "Mark the boxes you need and post it back to Newport.",
]


# Written after the rules were settled and scored once, untuned: a check that the figures
# above are not only the rules fitted to their own test set.
_HELD_OUT: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("Dilys from the WI took me to the hearing clinic in Llandough.", ("Dilys",), ()),
    ("The assessor was a young lad, Bradley I think his name was.", ("Bradley",), ()),
    ("I've known Idwal since school; he drives for the Red Cross now.", ("Idwal",), ()),
    ("Kayleigh, the carer on the weekend rota, is always late.", ("Kayleigh",), ()),
    ("We had a visit from Councillor Meinwen Howells about the bus.", ("Meinwen Howells",), ()),
    ("Barbara rang the Blue Badge line for me and got cut off.", ("Barbara",), ()),
    ("My granddaughter Kacey-Mae set up the email.", ("Kacey-Mae",), ()),
    ("Eluned was the one who told me about Dewis.", ("Eluned",), ()),
    ("The physio, Tyler, was only there ten minutes.", ("Tyler",), ()),
    ("Gerwyn and Shelley from the Pontypool office came out together.", ("Gerwyn", "Shelley"), ()),
    ("I was passed from Lorraine to Jordan to somebody in Cardiff.", ("Lorraine", "Jordan"), ()),
    ("Auntie Marged lived in Treorchy all her life.", ("Marged",), ()),
    ("Dr O'Connell at the surgery in Caldicot filled in the form.", ("O'Connell",), ()),
    ("Ask for Kerry-Ann, she knows all about the Carers Trust grants.", ("Kerry-Ann",), ()),
    ("Cadfan runs the men's shed in Llanelli.", ("Cadfan",), ()),
    ("My support worker, Zainab Hussain, comes twice a week.", ("Zainab Hussain",), ()),
    ("Our link worker Jayden said the waiting list was closed.", ("Jayden",), ()),
    ("Aneira at the library is a digital champion.", ("Aneira",), ()),
    ("Harry Lloyd-Jones, the commissioning officer, wrote the letter.", ("Harry Lloyd-Jones",), ()),
    ("I got through to Mandy on the Single Point of Access line.", ("Mandy",), ()),
    ("Went to the Tesco in Cwmbran and then to Boots.", (), ()),
    ("The Care Coordinator in Rhondda Cynon Taf left in April.", (), ()),
    ("Pembrokeshire do a carers' card that gets you discounts.", (), ()),
    ("Usually the Occupational Therapist rings before she comes.", (), ()),
    ("Sadly the Age Cymru office in Bridgend closed.", (), ()),
    ("Merthyr is better than Caerphilly for parking at the hospital.", (), ()),
    ("The council's Digital Inclusion Officer ran a session in Ystrad Mynach.", (), ()),
    ("Friday mornings the Carers Wales helpline is quietest.", (), ()),
    ("Eventually Universal Credit sorted the housing element.", (), ()),
    ("Ring Careline if the pendant goes off by mistake.", (), ()),
]


def rows() -> list[Row]:
    """The labelled set: every sentence with its gold names and its known names."""
    labelled: list[Row] = [(sentence, names, ()) for sentence, names in _NAMED]
    labelled += [(sentence, names, known) for sentence, names, known in _KNOWN]
    labelled += [(sentence, (), ()) for sentence in _NO_NAMES]
    return labelled + held_out_rows()


def held_out_rows() -> list[Row]:
    """The sentences written after the rules were settled (part of :func:`rows` too)."""
    return list(_HELD_OUT)


if __name__ == "__main__":  # pragma: no cover - a report, not a test
    from nlp.names import trained_pipeline_name
    from nlp.names_eval import format_scores, score_names

    print(f"{len(rows())} sentences, {sum(len(r[1]) for r in rows())} names")
    print(format_scores("rules (no trained pipeline)", score_names(rows(), model=False)))
    print(format_scores("  of which held out", score_names(held_out_rows(), model=False), details=False))
    if trained_pipeline_name():
        label = f"trained pipeline ({trained_pipeline_name()})"
        print(format_scores(label, score_names(rows(), model=True)))
        print(format_scores("  of which held out", score_names(held_out_rows(), model=True), details=False))
    else:
        print("trained pipeline: none installed")
