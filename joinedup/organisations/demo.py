"""Demo people and users for the councils in the seed documents.

Names the seeds give are used as they are; everyone else is invented and marked as demo.
"""

from pathlib import Path

from .importing import import_organisations
from .models import Authorisation, Organisation, Person, PostKind, Role, User

DEMO_PASSWORD = "joinedup-demo"
DATA = Path(__file__).parent / "data" / "organisations.csv"

# (GSS code, name, post kind, post title, invented?)
PEOPLE = [
    ("E10000012", "Cllr Peter Martin", PostKind.LEADER, "Leader of the Council", False),
    (
        "E10000012",
        "Dan Gascoyne",
        PostKind.DIRECTOR,
        "Assistant Director for Partnership Delivery",
        False,
    ),
    ("E10000012", "Helen Ashworth", PostKind.CHIEF_EXECUTIVE, "", True),
    ("E07000067", "Cllr Graham Ward", PostKind.LEADER, "", True),
    ("E07000067", "Sarah Pemberton", PostKind.CHIEF_EXECUTIVE, "", True),
    ("E07000068", "Cllr Louise Hart", PostKind.LEADER, "", True),
    ("E07000068", "Rachel Okafor", PostKind.DIRECTOR, "Director of Strategy", True),
    ("E07000068", "Martin Hale", PostKind.CHIEF_EXECUTIVE, "", True),
    ("S12000019", "Kenneth Lawrie", PostKind.CHIEF_EXECUTIVE, "", False),
    ("S12000019", "Myra Forsyth", PostKind.JOINT_PARTNERSHIP_MANAGER, "", False),
    ("S12000019", "Cllr Fiona Baird", PostKind.CABINET_MEMBER, "Cabinet Member for Finance", True),
    (
        "S12000019",
        "Cllr Owen Reid",
        PostKind.CABINET_MEMBER,
        "Cabinet Member for Communities",
        True,
    ),
    ("S12000019", "John Blair", PostKind.DIRECTOR, "Director, Resources", True),
    ("S12000019", "Alison Weir", PostKind.DIRECTOR, "Director, Communities and Wellbeing", True),
    ("S12000010", "Morag Fraser", PostKind.CHIEF_EXECUTIVE, "", True),
    (
        "S12000010",
        "Cllr Iain Wallace",
        PostKind.CABINET_MEMBER,
        "Cabinet Spokesperson for Resources",
        True,
    ),
    (
        "S12000010",
        "Cllr Catriona Munro",
        PostKind.CABINET_MEMBER,
        "Cabinet Spokesperson for Environment",
        True,
    ),
    (
        "S12000010",
        "David Ross",
        PostKind.DIRECTOR,
        "Depute Chief Executive, Resources and People",
        True,
    ),
    (
        "S12000010",
        "Elaine Stewart",
        PostKind.DIRECTOR,
        "Depute Chief Executive, Partnerships and Community",
        True,
    ),
    ("E06000022", "Cllr Paul Crossley", PostKind.LEADER, "Leader of the Council", False),
    (
        "E06000022",
        "David Trethewey",
        PostKind.DIRECTOR,
        "Divisional Director, Strategy and Performance",
        False,
    ),
    ("E06000022", "Fiona Marsh", PostKind.HEAD_OF_SERVICE, "Head of Audit (both councils)", True),
    ("E06000024", "Cllr Nigel Ashton", PostKind.LEADER, "", True),
    ("E06000024", "Mike Jackson", PostKind.CHIEF_EXECUTIVE, "", True),
    ("E07000173", "Janet Pearce", PostKind.DEPUTY_CHIEF_EXECUTIVE, "", True),
    ("E07000173", "Cllr Roy Allen", PostKind.LEADER, "", True),
    ("E07000176", "Allen Graham", PostKind.CHIEF_EXECUTIVE, "", True),
    ("E07000176", "Cllr Neil Clarke", PostKind.LEADER, "", True),
]

# username: (GSS code, role, the person the user is, or None)
USERS = {
    "jpm": ("S12000019", Role.OFFICER, "Myra Forsyth"),
    "essex.officer": ("E10000012", Role.OFFICER, "Dan Gascoyne"),
    "braintree.officer": ("E07000067", Role.OFFICER, None),
    "brentwood.officer": ("E07000068", Role.OFFICER, "Rachel Okafor"),
    "eastlothian.officer": ("S12000010", Role.OFFICER, "David Ross"),
    "midlothian.officer": ("S12000019", Role.OFFICER, "John Blair"),
    "bathnes.officer": ("E06000022", Role.OFFICER, "David Trethewey"),
    "northsomerset.officer": ("E06000024", Role.OFFICER, None),
    "gedling.officer": ("E07000173", Role.OFFICER, "Janet Pearce"),
    "rushcliffe.officer": ("E07000176", Role.OFFICER, None),
    "midlothian.member": ("S12000019", Role.ELECTED_MEMBER, "Cllr Fiona Baird"),
    "public": (None, Role.PUBLIC, None),
    # seed 002: the head of audit of Bath & North East Somerset leads internal audit for both
    # councils, and so is authorised to act for North Somerset too (see AUTHORISED below)
    "audit.head": ("E06000022", Role.OFFICER, "Fiona Marsh"),
}
# username: further organisations (GSS code, role) the user may act for
AUTHORISED = {"audit.head": [("E06000024", Role.OFFICER)]}


def email_for(name: str, organisation: Organisation) -> str:
    local = name.replace("Cllr ", "").lower().replace(" ", ".")
    domain = organisation.name.lower().replace(" council", "").replace(" ", "") + ".example"
    return f"{local}@{domain}"


def load() -> dict[str, User]:
    import_organisations(DATA.read_bytes())
    organisations = {o.code: o for o in Organisation.objects.all()}
    people = {}
    for code, name, kind, title, invented in PEOPLE:
        organisation = organisations[code]
        person = Person.objects.create(
            organisation=organisation,
            name=name,
            is_demo=invented,
            email=email_for(name, organisation),
            phone="01234 567890" if invented else "",
        )
        person.posts.create(kind=kind, title=title)
        people[name] = person
    users = {}
    for username, (code, role, person_name) in USERS.items():
        person = people.get(person_name)
        first, _, last = (person.name.replace("Cllr ", "") if person else username).partition(" ")
        user = User(
            username=username,
            role=role,
            organisation=organisations.get(code),
            person=person,
            first_name=first if person else "",
            last_name=last if person else "",
            email=person.email if person else f"{username}@example.gov.uk",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    for username, further in AUTHORISED.items():
        for code, role in further:
            Authorisation.objects.create(
                user=users[username], organisation=organisations[code], role=role
            )
    admin = User(
        username="admin",
        email="admin@example.gov.uk",
        is_staff=True,
        is_superuser=True,
        role=Role.OFFICER,
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    users["admin"] = admin
    return users
