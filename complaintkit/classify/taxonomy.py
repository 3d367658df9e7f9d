"""The default complaint taxonomy: category ids and what each one covers."""

from __future__ import annotations

#: Category id -> one-line description, in the order reports list them.
CATEGORIES: dict[str, str] = {
    "delivery": "late, lost or undelivered order; tracking or order status not updated",
    "wrong_item": "wrong or missing item, wrong size/colour/model, incomplete order",
    "product_quality": "defective, broken, damaged, poor quality or not as described; "
    "services delivered badly",
    "billing": "overcharged, double charged, unexpected fee, wrong invoice, payment taken wrongly",
    "refund_return": "refund not received or refused, return or exchange refused or slow",
    "staff_conduct": "rude, dismissive, argumentative or unprofessional staff; ignored in person",
    "responsiveness": "no reply to calls, emails or messages; long waits; promised call-back "
    "never came",
    "misinformation": "wrong information or advice, claimed expertise, over-promising, "
    "misleading sales, incorrect records",
    "account_access": "login, password, locked or suspended account, website or app errors, "
    "outages",
    "cancellation": "cannot cancel, unwanted renewal, contract terms, account closure problems",
    "pricing_promotion": "coupon or discount not honoured, price mismatch, unannounced price rise",
}

CATEGORY_IDS: tuple[str, ...] = tuple(CATEGORIES)
