"""Visa and border screening: read the passport MRZ (or a plain applicant form), screen the holder,
decide DENY / REFER / CLEAR with the reasons, and audit the decision."""

from magnitsky.screening.visa.applicant import Applicant, ApplicantError
from magnitsky.screening.visa.codes import IcaoCode, icao_code
from magnitsky.screening.visa.decision import CLEAR, DENY, REFER, MatchedEntry, Thresholds, Verdict, VisaDecision
from magnitsky.screening.visa.mrz import MrzError, TravelDocument, check_digit, compose_td3, parse_mrz
from magnitsky.screening.visa.screener import VisaScreener

__all__ = [
    "Applicant",
    "ApplicantError",
    "IcaoCode",
    "icao_code",
    "CLEAR",
    "DENY",
    "REFER",
    "MatchedEntry",
    "Thresholds",
    "Verdict",
    "VisaDecision",
    "MrzError",
    "TravelDocument",
    "check_digit",
    "compose_td3",
    "parse_mrz",
    "VisaScreener",
]
