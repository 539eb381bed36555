"""The default stages of the Resolving Professional Differences protocol (issue 11; seed 003 Child Alex): number,
title, who talks, working days to respond (None: no fixed timescale), and the neutral prompt shown at the stage."""

DEFAULT_STAGES = [
    (
        1,
        "Practitioner to practitioner",
        "The practitioners who disagree",
        2,
        "Talk directly. Say which decision you see differently and why, and agree what keeps the child safe meanwhile.",
    ),
    (
        2,
        "Managers",
        "The practitioners' line managers or designated safeguarding leads",
        2,
        "Managers review the decision and the evidence from both agencies, and agree a way forward.",
    ),
    (
        3,
        "Heads of service",
        "Heads of service (or named safeguarding professionals) of both agencies",
        5,
        "Heads of service meet, review what each stage found, and decide.",
    ),
    (
        4,
        "Safeguarding partnership",
        "The safeguarding partnership's leads (local authority, police and health)",
        None,
        "The partnership's safeguarding leads decide and record the learning for the partnership.",
    ),
]
