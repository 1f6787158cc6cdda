"""Payment screening: ISO 20022 pacs.008/pain.001 and SWIFT MT103 to PASS / HOLD / REJECT / BLOCK,
and the frozen-assets register that BLOCK decisions feed."""

from magnitsky.screening.payments.decision import Decision, PaymentDecider, PaymentDecision
from magnitsky.screening.payments.jurisdictions import JurisdictionRules, JurisdictionRulesError
from magnitsky.screening.payments.parties import MessageError, Party, PaymentMessage, Transaction
from magnitsky.screening.payments.register import FrozenAssetsRegister, MessageConflict, RegisterError
from magnitsky.screening.payments.service import Outcome, PaymentScreening, parse_message

__all__ = [
    "Decision",
    "FrozenAssetsRegister",
    "JurisdictionRules",
    "JurisdictionRulesError",
    "MessageConflict",
    "MessageError",
    "Outcome",
    "Party",
    "PaymentDecider",
    "PaymentDecision",
    "PaymentMessage",
    "PaymentScreening",
    "RegisterError",
    "Transaction",
    "parse_message",
]
