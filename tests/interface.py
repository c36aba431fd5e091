"""What INTERFACE.md promises, written out once for the tests that hold the game to it."""

# Result JSON: these keys at least, plus `bot` or `player`.
RESULT_KEYS = (
    "level",
    "seed",
    "finished",
    "time_s",
    "score",
    "distance_m",
    "steps",
    "planned",
    "late",
    "reactive",
    "blind",
    "stumbles",
    "falls",
    "off_trail",
    "overstrides",
    "mean_cadence_spm",
    "mean_lead_s",
    "mean_stiffness",
    "energy_left",
    "medal",
)
