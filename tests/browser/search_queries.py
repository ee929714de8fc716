"""The reader query table: what readers type, and the pages they would accept first.

The table is written from what readers type, not from what the pages say: names in either
order, aliases, typos, missing accents, amounts with and without currency signs, separators
or units, acronyms, spelling variants, synonyms and hyphenation; questions in plain words,
names run together or split, a name or kind with a month or a year, a place with a thing.
Each case names the pages a reader would accept as the first hit (the record, person or
topic the query is about). ``test_engines.py`` runs it on every engine's build.
"""

from __future__ import annotations

ROAD_LOAN = "/agreements/national-road-5-loan-2024/"
SCHOLARSHIP = "/agreements/hrd-scholarship-grant-2024/"
CANAL = "/agreements/funan-techo-canal/"
FOIP = "/agreements/free-and-open-indo-pacific/"
ATTACHES = "/agreements/military-attache-exchange-2024/"
APPROACHES = "/agreements/three-cooperation-approaches-2024/"
# Pages about mine action as a whole, for words that name the field.
MINE_ACTION = (
    "/topics/mine-action/",
    "/agreements/mine-action-assistance-package-2024/",
    "/agreements/landmine-initiative-2024/",
    "/events/mine-action-package-announcement-2024/",
    "/actors/cmac/",
)

# family -> query -> the pages (site paths) that are a good first hit for it.
QUERIES: dict[str, dict[str, tuple[str, ...]]] = {
    "name": {
        "Tea Seiha": ("/actors/tea-seiha/",),
        "Sok Chenda": ("/actors/sok-chenda-sophea/",),
        "Chhum Sochet": ("/actors/chhum-sochet/",),
        "Wang Wenbin": ("/actors/wang-wenbin/",),
        "Hun Manet": ("/actors/hun-manet/",),
        "Ueno": ("/actors/ueno-atsushi/",),
    },
    "name order and aliases": {
        "Yoko Kamikawa": ("/actors/kamikawa-yoko/",),
        "Fumio Kishida": ("/actors/kishida-fumio/",),
        "Minoru Kihara": ("/actors/kihara-minoru/",),
        "Hongma Nei": ("/actors/hun-manet/",),
        "Seun Sam": ("/actors/sam-seun/",),
        "Japan International Cooperation Agency": ("/actors/jica/",),
    },
    "typo": {
        "Kishda": ("/actors/kishida-fumio/",),
        "Wenbim": ("/actors/wang-wenbin/",),
        "Sihanoukvile": (CANAL, APPROACHES),
        "Battambnag": (ROAD_LOAN,),
        "Kamikwa": ("/actors/kamikawa-yoko/",),
        "Sok Chenda Sopea": ("/actors/sok-chenda-sophea/",),
        "Ottowa conference": ("/events/ottawa-review-conference-2024/",),
    },
    "accent and apostrophe": {
        "attaches": (ATTACHES,),
        "Yōko Kamikawa": ("/actors/kamikawa-yoko/",),
        "Thlea Maam": (ROAD_LOAN,),
        "Kihara Minōru": ("/actors/kihara-minoru/",),
    },
    "acronym": {
        "FOIP": (FOIP,),
        "SEZ": ("/agreements/cambodia-japan-sez-proposal/",),
        "JICA": ("/actors/jica/",),
        "CMAC": ("/actors/cmac/",),
        "ASEAN": ("/actors/asean/",),
        "CSP": ("/agreements/csp-2023/",),
        "MoU 2013": ("/agreements/defence-mou-2013/",),
        "ODA": ("/actors/jica/", "/topics/aid/"),
    },
    "amount": {
        "$59.6 million": (ROAD_LOAN,),
        "USD 2.7 million": (SCHOLARSHIP,),
        "$2.7m": (SCHOLARSHIP,),
        "59,600,000": (ROAD_LOAN,),
        "$1.7bn": (CANAL,),
        "1.7 billion dollars": (CANAL,),
        "52 percent": ("/events/partner-survey-2022/",),
    },
    "synonym and spelling variant": {
        "demining": MINE_ACTION,
        "de-mining": MINE_ACTION,
        "defense attache": (ATTACHES,),
        "defense memorandum": (
            "/agreements/defence-mou-2013/",
            "/agreements/defence-cooperation-memorandums/",
        ),
        "special economic zone": ("/agreements/cambodia-japan-sez-proposal/",),
        "coastguard boats": ("/agreements/patrol-boats-2024/",),
    },
    "hyphenation": {
        "Funan-Techo": (CANAL,),
        "Indo Pacific": (FOIP,),
        "Japan-Cambodia Landmine Initiative": ("/agreements/landmine-initiative-2024/",),
        "Thlea Ma'am-Battambang": (ROAD_LOAN,),
    },
    "place": {
        "Poipet": (ROAD_LOAN,),
        "Siem Reap": ("/events/ottawa-review-conference-2024/",),
        "Kep province": (CANAL,),
        "Sihanoukville": (CANAL, APPROACHES),
    },
    # Questions in plain words: the question words are not what the reader looks for.
    "question": {
        "who is Tea Seiha": ("/actors/tea-seiha/",),
        "when did Kihara visit Cambodia": (
            "/events/kihara-visit-2024/",
            "/events/kihara-tea-seiha-talks-2024/",
        ),
        "when was the road loan signed": (ROAD_LOAN, "/events/grant-loan-signing-2024/"),
        "what is FOIP": (FOIP,),
    },
    # Names run together, or split where the data does not split them.
    "run together or split": {
        "Hunmanet": ("/actors/hun-manet/",),
        "Funantecho": (CANAL,),
        "Sihanouk ville": (CANAL, APPROACHES),
        "Battam bang": (ROAD_LOAN,),
        "Tea Sei ha": ("/actors/tea-seiha/",),
    },
    # A name or a kind with a month or a year, written in several ways.
    "with a date": {
        "Hun Manet December 2023": ("/events/hun-manet-visit-japan-2023/",),
        "Kihara August 2024": (
            "/events/kihara-visit-2024/",
            "/events/kihara-tea-seiha-talks-2024/",
        ),
        "Hun Sen Jan 2024": ("/events/hun-sen-visit-japan-2024/",),
        # Any record of her July 2024 visit is a good first hit.
        "Kamikawa July 2024": (
            "/events/kamikawa-visit-2024/",
            "/events/kamikawa-hun-sen-call-2024/",
            "/events/kamikawa-hun-manet-call-2024/",
            "/events/kamikawa-cmac-visit-2024/",
            "/events/kamikawa-sok-chenda-meeting-2024/",
        ),
        "loan 2024-07": (ROAD_LOAN, "/events/grant-loan-signing-2024/"),
        "Ottawa conference Nov 2024": ("/events/ottawa-review-conference-2024/",),
    },
    # A place together with a thing.
    "place and thing": {
        "Battambang road": (ROAD_LOAN,),
        "Kep canal": (CANAL,),
        "Phnom Penh seminar": ("/events/csp-seminar-2024/",),
        "Siem Reap conference": ("/events/ottawa-review-conference-2024/",),
    },
}

CASES = [(family, query) for family, table in QUERIES.items() for query in table]
