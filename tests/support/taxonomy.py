"""The 15 event types of ../shared/TAXONOMY.md, in its order: what tests check the code against."""

TAXONOMY_TYPES = [
    "meeting",
    "deployment",
    "warning",
    "exercise",
    "withdrawal",
    "attack",
    "casualties",
    "arrest",
    "protest",
    "sanction",
    "aid",
    "agreement",
    "demand",
    "rejection",
    "accusation",
]
