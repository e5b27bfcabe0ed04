"""Time-zone abbreviations shared by the readers (email ``Date`` headers, helpdesk dates,
transcript file names): one table, so "MESZ" means the same everywhere.

>>> ZONE_HOURS["MESZ"], ZONE_HOURS["NZDT"]
(2, 13)
>>> sorted(AMBIGUOUS_ZONES)
['AST', 'BST', 'CST', 'IST']
"""

from __future__ import annotations

__all__ = ["AMBIGUOUS_ZONES", "ZONE_HOURS"]

#: Zone abbreviations, hours east of UTC. A fixed table: an abbreviation names one offset (CET +1,
#: CEST +2), whatever the date. Those with several meanings are read as listed here
#: (:data:`AMBIGUOUS_ZONES` says which and what else they may mean).
ZONE_HOURS: dict[str, float] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5,
    "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5,
    "BRT": -3, "ART": -3, "SAST": 2, "WAT": 1, "CAT": 2, "EAT": 3, "PKT": 5, "ICT": 7, "WIB": 7,
    "SGT": 8, "HKT": 8, "PHT": 8, "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5,
    "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    # German: MEZ/MESZ (Mitteleuropäische [Sommer]zeit), WEZ/WESZ, OEZ/OESZ
    "MEZ": 1, "MESZ": 2, "WEZ": 0, "WESZ": 1, "OEZ": 2, "OESZ": 3,
}
#: Abbreviations with several meanings, and what they may mean.
AMBIGUOUS_ZONES: dict[str, str] = {
    "IST": "India +05:30, Irish Summer Time +01:00 or Israel +02:00",
    "CST": "US Central -06:00, China +08:00 or Cuba -05:00",
    "BST": "British Summer Time +01:00 or Bangladesh +06:00",
    "AST": "Atlantic -04:00 or Arabia +03:00",
}
