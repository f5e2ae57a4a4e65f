"""Word lists for finding people's names: given names, nicknames, and capitalised words that
are not names (Welsh places, public services, job titles, calendar words).

Data, not logic: :mod:`nlp.names` reads these once into folded (lower-case, accent-free) sets.
The given names are the common ones in the UK and Wales across the ages of people who draw on
adult social care and of the staff who support them; a name missing here is still found when
a title, an introduction or a relation word comes before it, or by the trained pipeline.
"""

from __future__ import annotations

__all__ = [
    "AMBIGUOUS_GIVEN_NAMES",
    "GIVEN_NAMES",
    "JOB_WORDS",
    "NAME_PARTICLES",
    "NICKNAMES",
    "NOT_NAME_WORDS",
    "PLACE_WORDS",
    "SERVICE_WORDS",
    "SURNAMES",
    "TITLES",
    "ORGANISATION_NAMES",
    "PLACE_OR_NAME",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WELSH_GIVEN = """
Aeron Afan Aled Alun Alwyn Aneirin Aneurin Angharad Anwen Arwel Arwyn Awen Beca Berwyn Bethan
Bleddyn Branwen Bronwen Brynmor Bryn Cadi Cadoc Cai Caradog Carwyn Caryl Carys Catrin Ceinwen
Celyn Ceri Cerian Ceridwen Cerys Cledwyn Dafydd Dai Deiniol Delyth Derfel Dewi Dilwyn Dylan
Efa Eifion Eilir Eiluned Eira Eirian Eirlys Eirwen Eleri Elfed Elen Elin Elis Elwyn Emlyn Emrys
Emyr Enid Eurig Ffion Ffraid Gaenor Garmon Gareth Geraint Gethin Glenys Glesni Glyn Glyndwr
Gruffudd Gruffydd Guto Gwawr Gwen Gwenan Gwenda Gwendolen Gwenllian Gwenno Gwilym Gwion
Gwladys Gwyn Gwyneth Gwynfor Harri Heddwyn Heledd Hefin Heulwen Huw Hywel Ianto Idris Iestyn
Ieuan Ifan Ifor Iolo Iona Ioan Iorwerth Islwyn Iwan Llewelyn Llewellyn Llinos Llion Lowri
Luned Mabli Macsen Madog Mair Mairwen Manon Mared Mari Meinir Meirion Meleri Menna Meredydd
Meurig Mererid Morfudd Morfydd Myfanwy Nerys Nesta Nia Non Olwen Osian Owain Owen Padrig
Peredur Rhian Rhiannon Rhisiart Rhodri Rhona Rhys Rhydian Rhydderch Sian Siân Siôn Sion Steffan
Sioned Sulwen Taliesin Tegan Tegwen Teleri Tirion Tomos Trefor Tudur Tudor Twm Wyn Wynford
Ynyr Ceredig Cynan Dyfed Dyfan Elgan Emrys Geraint Gwenfair Hedd Hedydd Irfon Lleucu Mali
Medi Megan Mererid Nanw Nel Nest Rhun Seren Siwan Tesni Alaw Elliw Enfys Fflur Glain Haf Hawys
Dilys Eluned Idwal Cadfan Aneira Gerwyn Meinwen Marged Ithel Iestyn Cynog Dyfrig Eifion Elfyn
Gwili Hefina Heddwen Ifanwy Ilid Lleu Llywelyn Maldwyn Mostyn Nerys Nye Odwyn Penri
Rhidian Rhonwen Sulien Talfryn Tegid Teifion Tudor Wmffre Caron Cerith Crwys Dilwen Einir
Elan Eurwen Ffraid Gwenith Heini Ifana Llio Lona Meryl Mefin Morwenna Nona Olwen Rhianwen
Rhoswen Sali Tanwen Telor Buddug Derwen Eiry Elonwy Euros Gwern Hedydd Iola Madlen Mabon Nansi
Owena Prys Rhydwen Sioni Tirion Wynne Dylis Ieuan Tecwyn Arfon Eirug Emyr Goronwy
"""

_ENGLISH_GIVEN = """
Aaron Abbie Abdul Abigail Adam Adrian Agnes Ahmed Aidan Aileen Aisha Alan Alana Albert Alex
Alexander Alexandra Alfie Alfred Ali Alice Alicia Alison Allan Amanda Amelia Amir Amy Andrea
Andrew Andy Angela Angus Anita Ann Anna Anne Annette Annie Anthony Antony Archie Arthur Ashley
Audrey Ava Barbara Barry Beatrice Becky Ben Benjamin Bernard Bernadette Beryl Beth Betty Bev
Beverley Bill Billy Bob Bobby Brenda Brian Bridget Bruce Caitlin Callum Cameron Carl Carol
Carole Caroline Catherine Cath Cathy Charles Charlie Charlotte Chelsea Cheryl Chloe Chris
Christina Christine Christopher Claire Clare Colin Connor Craig Daisy Dale Damian Daniel Danny
Darren Dave David Dawn Dean Debbie Deborah Debra Declan Denise Dennis Derek Diana Diane Donald
Donna Doreen Doris Dorothy Douglas Duncan Eddie Edith Edward Eileen Elaine Eleanor Elizabeth
Ella Ellie Elsie Emily Emma Eric Ethan Eva Evelyn Fatima Finn Fiona Florence Frances Francesca
Francis Frank Fred Freddie Frederick Gail Gary Gaz Gemma Geoff Geoffrey George Georgia
Gerald Gillian Gina Glen Gloria Gordon Grace Graham Greg Gregory Hannah Harold Harriet Harry
Harvey Hassan Hayley Hazel Heather Heidi Helen Henry Hilary Hilda Holly Howard Hugh Ian Imogen
Irene Isaac Isabel Isabella Isabelle Isla Ivy Jack Jackie Jacob Jacqueline Jade Jake James
Jamie Jan Jane Janet Janice Jasmine Jason Jay Jean Jeff Jen Jenna Jennifer Jenny Jeremy Jess
Jessica Jill Jim Jimmy Joan Joanna Joanne Jodie Joe Joel Joey John Johnny Jon Jonathan Jordan
Joseph Josh Joshua Joy Joyce Judith Judy Julia Julian Julie June Justin Karen Kate Katherine
Kathleen Kathryn Kathy Katie Kayleigh Keith Kelly Kenneth Kerry Kevin Kieran Kim Kirsty Kyle
Lance Laura Lauren Lee Leah Leanne Leo Leon Leonard Lesley Leslie Lewis Liam Lily Linda
Lindsay Lisa Liz Lizzie Logan Lois Lorna Lorraine Louise Lucy Luke Lydia Lynn Lynne Maggie
Malcolm Mandy Marcus Margaret Maria Marian Marie Marilyn Marion Mark Martin Mary Matt Matthew
Maureen Max Maxine Melanie Melissa Michael Michelle Mick Mike Millie Miriam Mohammed Mohammad
Molly Muhammad Muriel Nadia Nancy Naomi Natalie Natasha Nathan Neil Nicholas Nick Nicola Nicole
Nigel Noah Norma Norman Olive Oliver Olivia Oscar Pam Pamela Pat Patricia Patrick Paul Paula
Pauline Pearl Peggy Penny Peter Phil Philip Phillip Phoebe Phyllis Poppy Priya Rachel Rajesh
Raj Ralph Ray Raymond Rebecca Reg Reggie Richard Rick Ricky Rita Rob Robbie Robert Robin
Robyn Roger Ron Ronald Ronnie Rosa Rose Rosemary Ross Roy Ruby Russell Ruth Ryan Sally Sam
Samantha Samuel Sandra Sara Sarah Scarlett Scott Sean Shane Shannon Sharon Shaun Sheila
Shirley Simon Sophie Stacey Stan Stanley Stella Stephanie Stephen Steve Steven Stuart Sue
Susan Suzanne Sylvia Tanya Tara Teresa Terence Terry Theresa Thomas Tim Timothy Tina Toby
Tom Tommy Tony Tracey Tracy Trevor Valerie Val Vanessa Vera Victoria Vince Vincent Violet
Vivienne Wayne Wendy William Will Yasmin Yvonne Zach Zara Zoe Zainab Zoya Kamal Hussain Imran
Nasreen Parveen Shabana Sunita Anil Sanjay Deepak Ravi Arjun Amrit Gurpreet Harpreet Jaspreet
Piotr Tomasz Katarzyna Agnieszka Magdalena Marta Pawel Kasia Ola Bogdan Andrei Elena Ioana
Mags Bex Dot Dotty Trish Tricia Chrissie Kath Kathy Jo Jojo Nell Nelly Babs Bert Bertie Alf
Ted Teddy Jock Ken Kenny Les Len Lenny Sid Stevie Tel Del Derek Des Eddy Frankie Gerry Jacky
Jenni Jennie Jools Mel Mo Nat Nic Nikki Rach Rosie Sadie Shaz Sian Steph Suze Tash Vicky
Viv Wendy Wes Jen Becca Bella Ellen Esther Gwendoline Marjorie Mavis Maud Nora Olga Winifred
Ada Clara Cora Ida Iris Lola Mabel Maisie Martha Matilda Nell Orla Rhea Rory Seth Theo Zack
Bradley Tyler Jayden Kacey Kerry-Ann Shelley Lorraine Mandy Kylie Jordan Brandon Reece Rhys
Kian Corey Kayden Liam Mason Riley Tayler Caitlyn Courtney Demi Jodie Kacie Leah Lacey Mia
Shannon Tia Chantelle Charlene Danielle Kirsty Kerry Kim Leanne Marcia Nikita Sharron Tammy
Toni Vikki Wanda Yvette Angie Bev Carly Cheryl Dionne Donna Hayley Jolene Jemma Keeley Lindsey
Lynsey Michaela Rochelle Sadie Sonia Stacey Stacy Terri Tonia Claudette Delroy Errol Winston
Desmond Clive Cyril Dennis Eric Ernest Gordon Herbert Horace Leslie Lionel Maurice Neville
Percy Reginald Rodney Roland Sidney Walter Wilfred Bernard Clifford Dudley Gwendolyn Hilda
Ivor Lyn Mervyn Myra Nesta Thelma Verity Wilma Beverley Colleen Elsie Freda Gladys Greta
Hetty Ivy Lottie Mildred Millicent Nellie Queenie Rene Rita Sybil Vera Vi Winnie Yvonne
Darren Dwayne Gavin Jason Jermaine Kevin Lloyd Nathan Ross Shaun Stuart Warren Wayne
Agata Anna Dorota Ewa Joanna Krzysztof Lukasz Mariusz Monika Natalia Rafal Szymon Wojciech
Abdullah Bilal Faisal Farida Hamza Ibrahim Idris Jamal Khalid Layla Maryam Mustafa Nadia
Omar Rashid Saima Salma Samira Tariq Usman Yusuf Zara Aditi Ananya Deepa Kavita Lakshmi
Manoj Meena Neha Nikhil Pooja Rohan Sunil Vijay Chidi Kwame Ngozi Oluwaseun Tendai Chipo
"""

GIVEN_NAMES = _words(_WELSH_GIVEN + _ENGLISH_GIVEN)

# Given names that are also everyday English words or months: found alone only when they are
# capitalised in the middle of a sentence, introduced ("called Will"), or followed by a surname.
AMBIGUOUS_GIVEN_NAMES = _words("""
    Will Bill Mark Grace Rose May June Joy Dawn Hope Faith Holly Ivy Jack Pat Sue Carol Rob
    Bob Ray Frank Glen Penny Pearl Ruby Robin Daisy Iris Lily Summer Amber Olive Sky Violet
    Max Mo Nat Dot Del Les Sid Ted Tel Don Art Bea Ben Gene Grant Heather Hazel Jan Jay Jo
    Kit Lee Lance Mel Nick Norman Pam Roger Rosa Sam Stan Victoria Viv Wes Ken Reg Chase Ada
    Miles Fred Harry Jean Ron Sally Tim Non Haf Medi Eira Glain Enfys Gwyn Wyn Cai Mali Nel
    Bert Alf Val
    """)

# Surnames common in Wales and the UK: they confirm the word after a given name is a surname.
SURNAMES = _words("""
    Jones Davies Davis Williams Evans Thomas Roberts Hughes Lewis Morgan Griffiths Griffith
    Edwards Price Rees Rhys Jenkins Owen Owens Powell Phillips Lloyd Harris James Morris Parry
    Pritchard Watkins Bevan Howells Howell Llewellyn Probert Pugh Vaughan Wynne Wyn Walters
    Matthews Richards Jenkin Meredith Prosser Bowen Gwynne Pryce Prys Preece Powys Beynon
    Protheroe Rowlands Humphreys Ellis Gittins Jarman Hopkins Daniel Daniels Lewis Austin
    Smith Brown Taylor Wilson Johnson Walker Wright Robinson Thompson White Green Hall Wood
    Clarke Clark Jackson Wood Turner Hill Moore Cooper Ward King Baker Harrison Patel Khan
    Begum Ahmed Ali Hussain Shah Kaur Singh Murphy Kelly Martin Allen Young Mitchell Carter
    Phillips Cook Bailey Bell Collins Parker Stewart Shaw Lee Chapman Mason Butler Barnes
    Fisher Webb Rogers Palmer Holmes Kowalski Nowak Wisniewski
    """)

TITLES = _words("Mr Mrs Ms Miss Mx Dr Prof Professor Cllr Councillor Sister Nurse Father Rev")

# Small words that sit inside names: "Dafydd ap Gwilym", "Mererid ferch Ioan", "Van Dyke".
NAME_PARTICLES = _words("ap ab ferch verch van von de du le la di da")

# Nicknames and other spellings: each row is one name's family. A known person's name also
# matches the other names in its row ("Robert Jones" is found as "Bob").
NICKNAMES: tuple[tuple[str, ...], ...] = (
    ("Robert", "Rob", "Robbie", "Bob", "Bobby", "Bert"),
    ("Elizabeth", "Liz", "Lizzie", "Beth", "Betty", "Bet", "Eliza", "Libby", "Lisa"),
    ("Dafydd", "Dai", "Dave", "David", "Davey", "Dewi", "Dyfed"),
    ("Margaret", "Maggie", "Mags", "Meg", "Peggy", "Marged", "Madge", "Greta"),
    ("William", "Will", "Bill", "Billy", "Willy", "Wil", "Gwilym", "Wiliam"),
    ("Siân", "Sian", "Shan", "Jane", "Siani"),
    ("Gwenllian", "Gwen", "Gwennie"),
    ("Rhodri", "Rhod", "Rhods"),
    ("Rhiannon", "Rhi", "Rhian", "Rhianna"),
    ("Jennifer", "Jen", "Jenny", "Jenni", "Jennie"),
    ("Rebecca", "Becky", "Becca", "Bex", "Beca"),
    ("Katherine", "Catherine", "Kathryn", "Kate", "Katie", "Kath", "Cath", "Cathy", "Kathy", "Catrin"),
    ("Michael", "Mike", "Mick", "Mickey", "Mikey"),
    ("Stephen", "Steven", "Steve", "Stevie", "Steffan"),
    ("Christopher", "Chris", "Kit"),
    ("Christine", "Chris", "Chrissie", "Christina", "Tina"),
    ("Anthony", "Antony", "Tony"),
    ("Andrew", "Andy", "Drew"),
    ("James", "Jim", "Jimmy", "Jamie", "Iago", "Jac"),
    ("John", "Johnny", "Jack", "Ioan", "Ieuan", "Ifan", "Evan", "Sion", "Siôn", "Jac"),
    ("Thomas", "Tom", "Tommy", "Tomos", "Twm"),
    ("Richard", "Rich", "Rick", "Ricky", "Dick", "Rhisiart"),
    ("Edward", "Ed", "Eddie", "Ted", "Teddy", "Iorwerth"),
    ("Patricia", "Pat", "Patsy", "Trish", "Tricia"),
    ("Susan", "Sue", "Suzy", "Susie", "Suzanne"),
    ("Deborah", "Debbie", "Debra", "Deb"),
    ("Jacqueline", "Jackie", "Jacky", "Jac"),
    ("Samantha", "Sam", "Sammy"),
    ("Samuel", "Sam", "Sammy"),
    ("Alexander", "Alex", "Sandy", "Alec"),
    ("Alexandra", "Alex", "Lexi", "Sandra"),
    ("Victoria", "Vicky", "Vicki", "Tori"),
    ("Nicholas", "Nick", "Nicky"),
    ("Nicola", "Nicky", "Nikki", "Nic"),
    ("Matthew", "Matt", "Matty", "Mathew"),
    ("Daniel", "Dan", "Danny"),
    ("Joseph", "Joe", "Joey"),
    ("Gareth", "Gaz", "Gary"),
    ("Llewelyn", "Llewellyn", "Llew", "Lyn"),
    ("Gwyneth", "Gwen", "Gwyn"),
    ("Angharad", "Hari", "Ang"),
    ("Dorothy", "Dot", "Dotty", "Dora"),
    ("Valerie", "Val"),
    ("Pamela", "Pam"),
    ("Leonard", "Len", "Lenny", "Leo"),
    ("Kenneth", "Ken", "Kenny"),
    ("Ronald", "Ron", "Ronnie"),
    ("Donald", "Don", "Donny"),
    ("Raymond", "Ray"),
    ("Timothy", "Tim", "Timmy"),
    ("Philip", "Phillip", "Phil", "Pip"),
    ("Frederick", "Fred", "Freddie", "Freddy"),
    ("Alfred", "Alf", "Alfie"),
    ("Albert", "Bert", "Bertie", "Al"),
    ("Gerald", "Gerry", "Ged"),
    ("Derek", "Del", "Des"),
    ("Terence", "Terry", "Tel"),
    ("Leslie", "Les"),
    ("Sidney", "Sid"),
    ("Stanley", "Stan"),
    ("Hywel", "Howell", "Howel"),
    ("Huw", "Hugh", "Hughie"),
    ("Owain", "Owen", "Ows"),
    ("Ieuan", "Ianto", "Iwan", "Evan", "Ifan"),
    ("Emma", "Em", "Emmy"),
    ("Eleanor", "Ellie", "Nell", "Nora", "Elin", "Elen"),
    ("Catrin", "Cat", "Cati"),
    ("Gwenllian", "Gwenno"),
    ("Myfanwy", "Myfi", "Fanw"),
)

# Capitalised words that are not names though they often stand where a name could: places in
# Wales (all 22 principal areas and their towns) and beyond.
_PLACES = """
Anglesey Ynys Môn Mon Gwynedd Conwy Denbighshire Denbigh Flintshire Flint Wrexham Powys
Ceredigion Pembrokeshire Carmarthenshire Carmarthen Swansea Abertawe Neath Port Talbot Bridgend
Vale Glamorgan Cardiff Caerdydd Rhondda Cynon Taf Taff Merthyr Tydfil Caerphilly Caerffili
Blaenau Gwent Torfaen Monmouthshire Monmouth Newport Casnewydd Cwmbran Cwmbrân Pontypool
Pont-y-pŵl Pontypridd Ebbw Abergavenny Abertillery Tredegar Brynmawr Blackwood Bargoed
Ystrad Mynach Llanelli Aberystwyth Bangor Caernarfon Holyhead Llandudno Rhyl Prestatyn Colwyn
Bay Mold Buckley Welshpool Newtown Brecon Llandrindod Wells Builth Haverfordwest Tenby
Milford Haven Pembroke Fishguard Cardigan Lampeter Ammanford Llandeilo Gorseinon Gowerton
Mumbles Gower Morriston Maesteg Porthcawl Pencoed Barry Penarth Cowbridge Llantwit Major
Aberdare Mountain Ash Tonypandy Treorchy Porth Ferndale Tonyrefail Llantrisant Talbot Green
Caldicot Chepstow Usk Abergele Ruthin Llangollen Corwen Dolgellau Bala Porthmadog Pwllheli
Blaenavon Blaina Nantyglo Cwm Risca Rogerstone Bassaleg Caerleon Pontllanfraith Oakdale
Machynlleth Llanidloes Knighton Presteigne Hay Crickhowell Ystradgynlais Pontardawe Glynneath
Briton Ferry Skewen Baglan Sandfields Aberavon Llanharan Ewenny Splott Grangetown Canton
Roath Cathays Ely Llanrumney Pentwyn Butetown Adamsdown Penylan Whitchurch Llandaff Rumney
Townhill Sketty Gendros Penlan Bonymaen Clydach Ystalyfera Cymmer Nantgarw Treforest
Wales Cymru England Scotland Ireland Britain UK London Bristol Birmingham Manchester Liverpool
Chester Gloucester Hereford Shrewsbury Leeds Glasgow Edinburgh Belfast Europe Poland India
Pakistan Bangladesh Stadium Heath Llandough Nevill Hall Grange Morriston Glangwili Withybush
Bronglais Wrexham Maelor Glan Clwyd Ysbyty Gwynedd Royal Gwent Singleton
"""
PLACE_WORDS = _words(_PLACES)

# Services, organisations, and words that make their names.
_SERVICES = """
Adult Social Care Carers Citizens Advice Universal Credit Blue Badge NHS Inspectorate Age
Cymru Dewis Council Councils County Borough Health Board Trust Hospital Surgery Centre Center
Services Service Department Benefits Benefit Jobcentre Plus Housing Association DWP HMRC
Macmillan Alzheimer's Alzheimers Society Mind Samaritans Shelter Barnardo's Barnardos Scope
Mencap Parkinson's Carers Trust Red Cross Stroke Dementia Friends Hub Library
Team Teams Zoom Google Facebook WhatsApp Alexa Echo Siri Skype YouTube Amazon Tesco Asda
Lidl Aldi Morrisons Sainsbury's Boots Argos Post Office Bank Lloyds Barclays HSBC Santander
Nationwide Care Careline Telecare Carephone Lifeline Pendant Attendance Allowance PIP
Personal Independence Payment Pension Credit Tax Reduction Disability Living ESA JSA
Government Welsh English Gov GOV Senedd Parliament Assembly Gateway Portal Website App
Contact First Front Door Single Point Access IAA Information Assistance Reablement
Enablement Intermediate Community Connectors Connector Digital Champions Ambassadors
Communities Work Volunteer Volunteers Volunteering Foodbank Food Bank Church Chapel Mosque
Methodist Baptist Salvation Army Rotary Club WI Institute Women's Men's Sheds Shed University
College School Academy Primary Comprehensive Ysgol Coleg Prifysgol Cyngor Gofal Cymdeithasol
Iechyd Bwrdd Canolfan Gwasanaethau Gwasanaeth Cymorth Gofalwyr Cynnal Ty Tŷ House Home Homes
Court Lodge Manor Residential Nursing Respite Day Centres Services Unit Ward A&E Emergency
Department Ambulance GP GPs Out Hours Pharmacy Chemist Dental Dentist Optician Police Fire
Rescue Court Tribunal Ombudsman Commissioner Older People's Children's Futures Generations
Cwm Taf Morgannwg Swansea Bay Powys Teaching
University Velindre Cancer Mental Learning Disabilities Disability Physical Sensory Deaf
Blind RNIB RNID Guide Dogs Sight Hearing Loss Action Citizens Legal Aid Credit Union Council's
Tax Covid COVID Coronavirus Christmas Easter Ramadan Diwali Eid Bank Holiday Holidays
Microsoft Outlook Word Excel Android iPhone iPad Samsung Apple Windows Kindle BBC ITV S4C
Radio Echo Wi-Fi WiFi Internet Broadband BT Virgin Vodafone EE Three Sky O2
"""
SERVICE_WORDS = _words(_SERVICES)

_JOBS = """
Social Worker Workers Occupational Therapist Therapists OT Team Manager Managers Care
Coordinator Co-ordinator Coordinators Nurse Nurses Doctor Doctors Consultant Physio
Physiotherapist Officer Officers Assistant Assistants Adviser Advisor Advisers Advisors
Lead Leader Head Director Directors Practitioner Practitioners Carer Carers Support Key
Case Reviewing Senior Principal Chief Executive Councillor Councillors Cabinet Member
Member Duty Hospital Discharge Brokerage Broker Commissioning Commissioner Finance Assessor
Assessment Reablement Domiciliary District Community Psychiatric Mental Health Specialist
Receptionist Admin Administrator Clerk Volunteer Champion Ambassador Facilitator Researcher
Interviewer Participant Designer Developer Analyst Owner Product Delivery Service Agile
Coach Technician Engineer Handyperson Warden Housing Tenancy Benefits Welfare Rights
Paramedic Pharmacist Matron Sister Midwife Health Visitor Psychologist Psychiatrist Surgeon
Dietitian Speech Language Advocate Advocacy Guardian Deputy Attorney Power Appointee
"""
JOB_WORDS = _words(_JOBS)

# Other capitalised words that never start or extend a name: calendar words, pronouns, and
# words that begin sentences or turns in speech.
_NOT_NAMES = """
I I'm I've I'd I'll Im Ive It It's Its The A An And But So Then When What Why How Who Where
Which Whose Yes No Yeah Yep Nope Okay Ok OK Well Oh Um Umm Er Erm Hmm Mm Ah Aye Right Sure
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mondays Tuesdays Wednesdays
Thursdays Fridays Saturdays Sundays January February March April May June July August
September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Christmas Easter Morning Afternoon Evening Tonight Today Tomorrow Yesterday Week Weekend
Mum Mam Mammy Mother Dad Father Nan Nana Nanny Gran Granny Grandad Grandma Grandpa Bampi
Mamgu Tadcu Taid Nain Sir Madam Miss Auntie Aunty Uncle Baby Love Darling Bless Lord God
Jesus Please Thanks Thank Hello Hi Hiya Bye Goodbye Dear Because If Or Not Now Here There
This That These Those We You He She They Him Her Them Us Me My Mine Your Yours His Hers Our
Their Theirs Back Again Still Just Really Very Also Even Only Maybe Perhaps Actually Honestly
Basically Obviously Anyway Anyways Luckily Sadly Thankfully Apparently Eventually Finally
First Second Third Last Next Before After During Since Until While Although Though Every
Each Some Any All Both Either Neither None Nobody Somebody Someone Anyone Everyone Everybody
Nothing Something Anything Everything One Two Three Four Five Six Seven Eight Nine Ten
Do Does Did Don't Doesn't Didn't Can Can't Could Couldn't Would Wouldn't Should Shouldn't
Will Won't Shall Must Might Have Has Had Haven't Hasn't Hadn't Is Isn't Are Aren't Was
Wasn't Were Weren't Be Been Being Get Got Go Went Gone Come Came Say Said Tell Told Ask Asked
Let Let's Make Made Take Took Give Gave Find Found Think Thought Know Knew Feel Felt See Saw
Look Looked Try Tried Call Called Ring Rang Phone Phoned Email Emailed Text Texted Write
Wrote Read Fill Filled Sign Signed Apply Applied Need Needed Want Wanted Like Liked Love
Loved Hate Hated Wait Waited Keep Kept Put Help Helped Use Used Start Started Stop Stopped
Interviewer Researcher Participant Speaker Note Notes Question Questions Answer Section Part
Transcript Recording Interview Session Focus Group Visit Observation Survey Summary Theme
Finding Findings Quote Pain Point Need Needs Goal Journey Stage Action Actions Outcome
Online Offline Website Web Portal Form Forms Letter Letters Leaflet Leaflets Phone Email
Mobile Laptop Tablet Computer Password Login Account Reference Number Address Postcode Road
Street Lane Avenue Close Drive Crescent Terrace Place Square Park Hill Estate Flat Bungalow
Block Floor Room Building Office Offices Reception Desk Hall Centre Town City Village Valley
Valleys North South East West Northern Southern Eastern Western Central Upper Lower Old New
Great Little Big Small Good Bad Best Worst Other Another Same Different Own Whole Half Most
More Less Much Many Few Lot Lots Bit Kind Sort Type Way Ways Thing Things Time Times Day
Days Year Years Month Months Hour Hours Minute Minutes People Person Man Woman Men Women
Lady Ladies Gentleman Boy Girl Kids Child Children Family Friend Friends Neighbour
Neighbours Husband Wife Partner Son Daughter Brother Sister Cousin Niece Nephew Grandson
Granddaughter Team Staff Colleague Colleagues Manager Boss Client Clients Resident
Residents Customer Customers Patient Patients User Users Citizen Citizens Public Private
Free Paid Full Part-time Full-time Dear Regards Kind Best Wishes Cheers Cheerio Diolch Ta
Iawn Ie Na Nage Wel Bore Prynhawn Noswaith Da Shwmae Croeso Hwyl Sori Sorry Excuse Pardon
Also Absolutely Definitely Exactly Totally Completely Certainly Probably Possibly
Sometimes Often Never Always Usually Normally Generally Especially Particularly Mostly
Mainly Hopefully Unfortunately Fortunately Surprisingly Interestingly Personally
Meanwhile Otherwise However Therefore Besides Instead Overall Later Earlier Soon Already
Yet Once Twice Ever Whatever Whenever Wherever Whoever Hang Hold Wow Gosh Blimey Oops Ooh
Ouch Cheers Brilliant Lovely Great Fine Awful Terrible Horrible Nice Grand Tidy Cracking
Smashing Fair Proper Mind Listen Look See Remember Imagine Suppose Guess Bear Mind
"""
NOT_NAME_WORDS = _words(_NOT_NAMES)

# Organisations named after people, and places named after towns that are also given names:
# the whole phrase is not a person's name.
ORGANISATION_NAMES = (
    "Aneurin Bevan",
    "Hywel Dda",
    "Betsi Cadwaladr",
    "Marie Curie",
    "Prince Charles",
    "Princess of Wales",
    "St David's",
    "St Woolos",
    "Sue Ryder",
    "Dr Barnardo's",
    "John Lewis",
    "Tommy's",
    "Paul Sartori",
    "Barry Island",
    "Barry Docks",
)

# Towns that are also given names: a place after "in", "to", "from", "near", "at", "around".
PLACE_OR_NAME = _words("Barry Chester Ely Flint Hay")
