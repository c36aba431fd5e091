"""The campaign: finishable levels, medals within reach of the bots they were measured with, unlocks."""

import pytest

from game.campaign import BEGINNER, GOOD, IDEAL, bot_scores, medal_thresholds
from game.levels import list_levels
from game.sim.bots import parse_bot_spec, simulate
from game.sim.judge import medal_for
from game.ui.scenes.levelselect import campaign_levels, unlocked

CAMPAIGN = campaign_levels()


def test_the_campaign_has_at_least_twelve_levels_teaching_every_rule():
    assert len(CAMPAIGN) >= 12
    assert {lv.rule for lv in CAMPAIGN} >= {
        "quick-steps",
        "lift",
        "gaze",
        "relaxed",
        "adapt",
        "mixed",
    }
    assert {lv.light for lv in CAMPAIGN} >= {"day", "dusk", "night"}
    assert [lv.order for lv in CAMPAIGN] == sorted(lv.order for lv in CAMPAIGN)


@pytest.mark.parametrize("level", CAMPAIGN, ids=lambda lv: lv.id)
def test_every_campaign_level_is_finishable_by_a_runner_looking_3_to_6_m_ahead(level):
    result = simulate(level, level.seed, parse_bot_spec(GOOD)).result()
    assert result.finished and result.falls < 5


@pytest.mark.parametrize("level_id", ["warm-up", "root-descent", "mud-bath", "skyline-test"])
def test_medals_are_within_reach_of_the_runners_they_were_measured_with(level_id):
    level = next(lv for lv in list_levels() if lv.id == level_id)
    scores = bot_scores(level)
    assert (level.medals.bronze, level.medals.silver, level.medals.gold) == medal_thresholds(scores)
    assert medal_for(level, scores.ideal, True) == "gold"
    assert medal_for(level, min(scores.beginner, scores.good), True) in ("bronze", "silver")
    assert medal_for(level, max(scores.beginner, scores.good), True) != "gold"


def test_medal_thresholds_rise_and_respect_the_bots():
    from game.campaign import BotScores

    bronze, silver, gold = medal_thresholds(BotScores(beginner=5000, good=7000, ideal=9000))
    assert bronze < silver < gold
    assert bronze <= 5000 and silver <= 7000 < gold <= 9000


def test_each_level_opens_with_a_bronze_on_the_one_before():
    ids = [lv.id for lv in CAMPAIGN]
    assert unlocked(CAMPAIGN, {}) == [True] + [False] * (len(ids) - 1)
    opened = unlocked(CAMPAIGN, {ids[0]: "bronze", ids[1]: "none", ids[2]: "gold"})
    assert opened[:4] == [True, True, False, True]


def test_bot_specs_used_for_medals_are_valid():
    for spec in (BEGINNER.format(pace=2.5), GOOD, IDEAL):
        parse_bot_spec(spec)
