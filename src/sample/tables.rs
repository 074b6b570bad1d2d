//! The reference lists the world draws from: towns, names, streets, appointment and to-do
//! types, the dictionary, codes.

pub(super) struct Town {
    pub(super) name: &'static str,
    pub(super) la_code: &'static str,
    pub(super) area: &'static str,
    pub(super) country: &'static str,
    pub(super) region: &'static str,
    pub(super) district: &'static str,
}

pub(super) const TOWNS: &[Town] = &[
    Town {
        name: "Birmingham",
        la_code: "E08000025",
        area: "B",
        country: "ENGLAND",
        region: "Central England",
        district: "Birmingham and Solihull",
    },
    Town {
        name: "Manchester",
        la_code: "E08000003",
        area: "M",
        country: "ENGLAND",
        region: "North West England",
        district: "Greater Manchester Central",
    },
    Town {
        name: "Leeds",
        la_code: "E08000035",
        area: "LS",
        country: "ENGLAND",
        region: "North East England",
        district: "West Yorkshire",
    },
    Town {
        name: "Cardiff",
        la_code: "W06000015",
        area: "CF",
        country: "WALES",
        region: "Wales",
        district: "South East Wales",
    },
    Town {
        name: "Glasgow",
        la_code: "S12000049",
        area: "G",
        country: "SCOTLAND",
        region: "Scotland",
        district: "West of Scotland",
    },
    Town {
        name: "Liverpool",
        la_code: "E08000012",
        area: "L",
        country: "ENGLAND",
        region: "North West England",
        district: "Merseyside",
    },
    Town {
        name: "Bristol",
        la_code: "E06000023",
        area: "BS",
        country: "ENGLAND",
        region: "South West England",
        district: "Avon, Severn and Wessex",
    },
    Town {
        name: "Newcastle upon Tyne",
        la_code: "E08000021",
        area: "NE",
        country: "ENGLAND",
        region: "North East England",
        district: "Northumbria",
    },
    Town {
        name: "Sheffield",
        la_code: "E08000019",
        area: "S",
        country: "ENGLAND",
        region: "North East England",
        district: "South Yorkshire",
    },
    Town {
        name: "Nottingham",
        la_code: "E06000018",
        area: "NG",
        country: "ENGLAND",
        region: "Central England",
        district: "East Midlands",
    },
    Town {
        name: "Swansea",
        la_code: "W06000011",
        area: "SA",
        country: "WALES",
        region: "Wales",
        district: "South West Wales",
    },
    Town {
        name: "Edinburgh",
        la_code: "S12000036",
        area: "EH",
        country: "SCOTLAND",
        region: "Scotland",
        district: "East and South East Scotland",
    },
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Jane", "Oliver", "Priya", "Mohammed", "Amelia", "George", "Aisha", "Harry", "Olivia", "Jack", "Sofia", "Noah",
    "Grace", "Leo", "Fatima", "Thomas", "Emily", "Daniel", "Chloe", "Arjun", "Megan", "Liam", "Zara", "Ryan",
    "Siobhan", "Dafydd", "Ewan", "Nia", "Kwame", "Ana",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
    "Khan", "Patel", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood",
    "Harris", "Clarke", "Jackson", "O'Brien", "McDonald", "Campbell", "Murphy", "Nowak", "Okafor",
];

pub(super) const STREETS: &[&str] = &[
    "Wheeler Street",
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Park Avenue",
    "Mill Lane",
    "Queen Street",
    "Albert Road",
    "Green Lane",
    "Castle View",
    "Canal Side",
];

pub(super) const POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// (id, code, name, category, default minutes, mandatory, channel)
pub(super) type AppointmentType = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    u32,
    &'static str,
    &'static str,
);
pub(super) const APPOINTMENT_TYPES: &[AppointmentType] = &[
    (
        "AT0001",
        "IEI",
        "Initial Evidence Interview",
        Some("EVIDENCE"),
        60,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0002",
        "CC",
        "Claimant Commitment",
        Some("COMMITMENT"),
        45,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0003",
        "WSR",
        "Work Search Review",
        Some("WORK_SEARCH"),
        10,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0004",
        "WFI",
        "Work Focused Interview",
        Some("WORK_SEARCH"),
        30,
        "Y",
        "FACE_TO_FACE",
    ),
    (
        "AT0005",
        "HCP",
        "Health Care Professional Assessment",
        Some("HEALTH"),
        60,
        "N",
        "FACE_TO_FACE",
    ),
    (
        "AT0006",
        "CCR",
        "Claimant Commitment Review",
        Some("COMMITMENT"),
        20,
        "yes",
        "TELEPHONE",
    ),
    (
        "AT0007",
        "JSP",
        "Job Search Progress",
        Some("work_search"),
        15,
        "N",
        "VIDEO",
    ),
    ("AT0008", "SER", "Self-Employment Review", None, 30, "n", "telephone"),
];

/// (id, code, name, category, owning team type, target days, automated)
pub(super) type ToDoType = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    &'static str,
);
pub(super) const TO_DO_TYPES: &[ToDoType] = &[
    (
        "TD0001",
        "VERIFY_HOUSING_COSTS",
        "Verify housing costs",
        "HOUSING",
        "CASE_MANAGEMENT",
        7,
        "Y",
    ),
    (
        "TD0002",
        "VERIFY_CHILDCARE_COSTS",
        "Verify childcare costs",
        "CHILDCARE",
        "CASE_MANAGEMENT",
        10,
        "N",
    ),
    (
        "TD0003",
        "VERIFY_IDENTITY",
        "Verify identity",
        "VERIFICATION",
        "CASE_MANAGEMENT",
        5,
        "Y",
    ),
    (
        "TD0004",
        "REVIEW_EVIDENCE",
        "Review evidence",
        "VERIFICATION",
        "WORK_COACH",
        5,
        "N",
    ),
    (
        "TD0005",
        "MAKE_DECISION",
        "Make a decision",
        "DECISION",
        "DECISION_MAKING",
        14,
        "N",
    ),
    (
        "TD0006",
        "CHANGE_OF_CIRCUMSTANCES",
        "Process a change of circumstances",
        "change_of_circumstances",
        "CASE_MANAGEMENT",
        7,
        "n",
    ),
    (
        "TD0007",
        "ADVANCE_REQUEST",
        "Advance payment request",
        "PAYMENT",
        "CASE_MANAGEMENT",
        3,
        "N",
    ),
    (
        "TD0008",
        "PAYMENT_QUERY",
        "Payment query",
        "PAYMENT",
        "TELEPHONY",
        5,
        "N",
    ),
    (
        "TD0009",
        "VERIFY_EARNINGS",
        "Verify earnings",
        "VERIFICATION",
        "CASE_MANAGEMENT",
        7,
        "YES",
    ),
    (
        "TD0010",
        "SANCTION_REFERRAL",
        "Sanction referral",
        "DECISION",
        "DECISION_MAKING",
        14,
        "N",
    ),
    (
        "TD0011",
        "RECORD_FIT_NOTE",
        "Record a fit note",
        "CHANGE_OF_CIRCUMSTANCES",
        "WORK_COACH",
        3,
        "N",
    ),
    (
        "TD0012",
        "VERIFY_RENT",
        "Verify rent",
        "HOUSING",
        "CASE_MANAGEMENT",
        7,
        "1",
    ),
];

pub(super) const DICTIONARY: &[(&str, &[(&str, &str)])] = &[
    (
        "MARITAL_STATUS",
        &[
            ("SINGLE", "Single"),
            ("MARRIED", "Married"),
            ("CIVIL_PARTNERSHIP", "In a civil partnership"),
            ("SEPARATED", "Separated"),
            ("DIVORCED", "Divorced"),
            ("WIDOWED", "Widowed"),
        ],
    ),
    (
        "CLOSURE_REASON",
        &[
            ("EARNINGS_TOO_HIGH", "Earnings too high for an award"),
            ("CLAIMANT_REQUEST", "Closed at the claimant's request"),
            ("FAILED_TO_ACCEPT_COMMITMENT", "Claimant commitment not accepted"),
            ("NOT_UK_RESIDENT", "Not resident in the UK"),
            ("DECEASED", "Claimant deceased"),
        ],
    ),
    (
        "DEDUCTION_TYPE",
        &[
            ("ADVANCE_REPAYMENT", "Advance repayment"),
            ("OVERPAYMENT_RECOVERY", "Overpayment recovery"),
            ("THIRD_PARTY_RENT_ARREARS", "Third party deduction: rent arrears"),
            ("THIRD_PARTY_COUNCIL_TAX", "Third party deduction: council tax arrears"),
            ("SANCTION", "Sanction"),
            ("CHILD_MAINTENANCE", "Child maintenance"),
        ],
    ),
    (
        "ATTENDANCE_STATUS",
        &[
            ("ATTENDED", "Attended"),
            ("FAILED_TO_ATTEND", "Failed to attend"),
            ("LATE", "Attended late"),
            ("CANCELLED_BY_CLAIMANT", "Cancelled by the claimant"),
            ("CANCELLED_BY_DWP", "Cancelled by DWP"),
            ("RESCHEDULED", "Rescheduled"),
        ],
    ),
    (
        "CONTRACT_STATUS",
        &[("OPEN", "Open"), ("SUSPENDED", "Suspended"), ("CLOSED", "Closed")],
    ),
    (
        "TO_DO_STATUS",
        &[
            ("OPEN", "Open"),
            ("IN_PROGRESS", "In progress"),
            ("COMPLETED", "Completed"),
            ("CANCELLED", "Cancelled"),
        ],
    ),
    (
        "PAYEE_TYPE",
        &[
            ("CLAIMANT", "Claimant"),
            ("LANDLORD", "Landlord (managed payment)"),
            ("THIRD_PARTY", "Third party"),
        ],
    ),
];

pub(super) const MARITAL: &[&str] = &[
    "SINGLE",
    "MARRIED",
    "CIVIL_PARTNERSHIP",
    "SEPARATED",
    "DIVORCED",
    "WIDOWED",
];
pub(super) const CLOSURE: &[&str] = &[
    "EARNINGS_TOO_HIGH",
    "CLAIMANT_REQUEST",
    "FAILED_TO_ACCEPT_COMMITMENT",
    "NOT_UK_RESIDENT",
    "DECEASED",
];
pub(super) const TEAM_TYPES: &[&str] = &["CASE_MANAGEMENT", "TELEPHONY", "DECISION_MAKING"];
