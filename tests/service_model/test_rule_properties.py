"""Property tests of the customer-service model rules over generated dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.service_model.rules import (
    MEETING_INTERVAL_DAYS,
    MODEL_START,
    PLAN_UPDATE_INTERVAL_MONTHS,
    AfterWorkRequirement,
    BindingReason,
    MeetingKind,
    ModelParameters,
    SchedulePhase,
    add_months,
    benefit_effect,
    is_working_day,
    job_offer_binding,
    meeting_schedule,
    obligation_periods,
    obligation_status,
    offers_binding_from,
    plan_update_dates,
    sanction_for_neglect,
    sanctions_for_neglects,
)

# Date arithmetic is cheap; the deadline only trips on a loaded machine.
rule_settings = settings(deadline=None, max_examples=150)

model_dates = st.dates(min_value=MODEL_START, max_value=date(2040, 12, 31))
horizons = st.integers(min_value=0, max_value=6 * 365)
parameters = st.builds(
    ModelParameters,
    block_anchor_offset_days=st.integers(min_value=0, max_value=30),
    sanction_repeat_window_months=st.integers(min_value=1, max_value=36),
    after_work_requirement=st.sampled_from(AfterWorkRequirement),
)


@rule_settings
@given(
    registered_on=model_dates,
    wait=st.integers(min_value=0, max_value=60),
    horizon=horizons,
    params=parameters,
)
def test_no_meeting_before_registration_or_initial_interview(
    registered_on: date, wait: int, horizon: int, params: ModelParameters
) -> None:
    """rule 3: every meeting falls on or after the initial interview, itself after registering."""
    initial = registered_on + timedelta(days=wait)
    until = initial + timedelta(days=horizon)
    schedule = meeting_schedule(initial, until, params=params)
    assert schedule[0].on == initial
    assert schedule[0].kind is MeetingKind.INITIAL_INTERVIEW
    assert all(registered_on <= m.on <= until for m in schedule)
    assert all(m.kind is MeetingKind.JOB_SEARCH_DISCUSSION for m in schedule[1:])


@rule_settings
@given(initial=model_dates, horizon=horizons, params=parameters)
def test_schedule_sorted_and_unique(initial: date, horizon: int, params: ModelParameters) -> None:
    """rule 3: meeting dates strictly increase, so none repeats."""
    days = [
        m.on for m in meeting_schedule(initial, initial + timedelta(days=horizon), params=params)
    ]
    assert all(a < b for a, b in pairwise(days))


@rule_settings
@given(initial=model_dates, horizon=horizons, params=parameters)
def test_periods_are_fourteen_days_apart(
    initial: date, horizon: int, params: ModelParameters
) -> None:
    """rule 3: within the start period and each intensive period meetings are 14 days apart
    (on the nominal calendar, before moving them to working days)."""
    nominal = replace(params, meetings_on_working_days=False)
    schedule = meeting_schedule(initial, initial + timedelta(days=horizon), params=nominal)
    by_label: dict[str, list[date]] = {}
    for meeting in schedule:
        if meeting.phase in (SchedulePhase.START, SchedulePhase.INTENSIVE):
            by_label.setdefault(meeting.period_label, []).append(meeting.on)
    for days in by_label.values():
        gaps = {(b - a).days for a, b in pairwise(days)}
        assert gaps <= {MEETING_INTERVAL_DAYS}


@rule_settings
@given(initial=model_dates, horizon=horizons, params=parameters)
def test_rule_3_proposed_meetings_fall_on_working_days(
    initial: date, horizon: int, params: ModelParameters
) -> None:
    """rule 3: every proposed discussion is on a Finnish working day, at most five days after
    its nominal date (the longest run of days off: a weekend, then Christmas Eve on Monday
    to Boxing Day)."""
    until = initial + timedelta(days=horizon)
    moved = meeting_schedule(initial, until, params=params)
    nominal = meeting_schedule(
        initial, until + timedelta(days=5), params=replace(params, meetings_on_working_days=False)
    )
    assert all(is_working_day(m.on) for m in moved[1:])
    for proposed, plain in zip(moved, nominal, strict=False):
        assert (proposed.period_label, proposed.number) == (plain.period_label, plain.number)
        assert 0 <= (proposed.on - plain.on).days <= 5
        assert proposed.on == plain.on or not is_working_day(plain.on)


@rule_settings
@given(initial=model_dates, cycles=st.integers(min_value=1, max_value=5))
def test_each_half_year_has_three_intensive_and_one_interim(initial: date, cycles: int) -> None:
    """rule 3: every complete six-month cycle holds three intensive meetings and one between."""
    until = add_months(initial, 6 * cycles + 6) - timedelta(days=1)
    schedule = meeting_schedule(initial, until)
    phases = [m.phase for m in schedule]
    assert phases.count(SchedulePhase.START) == 6
    assert phases.count(SchedulePhase.INTENSIVE) == 3 * cycles
    assert phases.count(SchedulePhase.INTERIM) == cycles
    for cycle in range(1, cycles + 1):
        block_start = add_months(initial, 6 * cycle)
        window_end = add_months(initial, 6 * cycle + 6)
        inside = [m for m in schedule if block_start <= m.on < window_end]
        assert [m.phase for m in inside] == [SchedulePhase.INTENSIVE] * 3 + [SchedulePhase.INTERIM]


@rule_settings
@given(
    plan_start=model_dates,
    horizon=horizons,
    interval=st.integers(min_value=1, max_value=PLAN_UPDATE_INTERVAL_MONTHS),
)
def test_plan_updated_at_least_every_three_months(
    plan_start: date, horizon: int, interval: int
) -> None:
    """rule 4: no stretch of more than three months passes without a plan update."""
    until = plan_start + timedelta(days=horizon)
    updates = plan_update_dates(plan_start, until, interval)
    points = [plan_start, *updates]
    for earlier, later in pairwise(points):
        assert earlier < later <= add_months(earlier, PLAN_UPDATE_INTERVAL_MONTHS)
    assert until < add_months(points[-1], interval)


@rule_settings
@given(
    plan_start=model_dates,
    horizon=horizons,
    required=st.integers(min_value=0, max_value=20),
)
def test_obligation_periods_contiguous_and_non_overlapping(
    plan_start: date, horizon: int, required: int
) -> None:
    """rule 5: periods start at the plan, follow on day by day and each spans about a month."""
    until = plan_start + timedelta(days=horizon)
    periods = obligation_periods(plan_start, until, required)
    assert periods[0].start == plan_start
    assert periods[-1].start <= until <= periods[-1].end
    for earlier, later in pairwise(periods):
        assert later.start == earlier.end + timedelta(days=1)
    assert all(28 <= (p.end - p.start).days + 1 <= 31 for p in periods)
    assert {p.required for p in periods} == {required}


@rule_settings
@given(
    plan_start=model_dates,
    offsets=st.lists(st.integers(min_value=-40, max_value=80), max_size=30),
    required=st.integers(min_value=0, max_value=8),
)
def test_obligation_status_counts_only_its_period(
    plan_start: date, offsets: list[int], required: int
) -> None:
    """rule 5: the status counts exactly the reports dated inside the period."""
    period = obligation_periods(plan_start, plan_start, required)[0]
    reports = [plan_start + timedelta(days=offset) for offset in offsets]
    status = obligation_status(period, reports)
    inside = sum(1 for day in reports if period.start <= day <= period.end)
    assert status == (inside, required, inside >= required)


@rule_settings
@given(
    initial=model_dates,
    offer_after=st.integers(min_value=0, max_value=3 * 365),
    reported=st.integers(min_value=0, max_value=10),
    required=st.integers(min_value=0, max_value=10),
    part_time=st.booleans(),
)
def test_offer_never_binding_early_or_in_part_time_work(
    initial: date, offer_after: int, reported: int, required: int, part_time: bool
) -> None:
    """rule 6: binding needs six months, no part-time work and an unmet obligation."""
    offer = initial + timedelta(days=offer_after)
    decision = job_offer_binding(initial, offer, reported, required, part_time)
    if part_time:
        assert decision.reason is BindingReason.PART_TIME_WORK
    if offer < offers_binding_from(initial):
        assert not decision.binding
    if decision.binding:
        assert not part_time
        assert offer >= offers_binding_from(initial)
        assert reported < required or reported == 0


neglect_histories = st.lists(model_dates, min_size=1, max_size=12)


@rule_settings
@given(dates=neglect_histories, params=parameters)
def test_sanction_ladder_never_skips_a_step(dates: list[date], params: ModelParameters) -> None:
    """rule 7: the first neglect is a reminder and each next one climbs at most one step."""
    steps = [s.step for s in sanctions_for_neglects(dates, params=params)]
    assert steps[0] == 1
    for previous, current in pairwise(steps):
        assert current is not None and previous is not None
        assert 1 <= current <= min(previous + 1, 4)


@rule_settings
@given(dates=neglect_histories, params=parameters)
def test_ladder_agrees_with_one_at_a_time(dates: list[date], params: ModelParameters) -> None:
    """rule 7: assessing each neglect against the earlier ones gives the same ladder."""
    ordered = sorted(dates)
    one_by_one = [
        sanction_for_neglect(ordered[:index], day, params=params)
        for index, day in enumerate(ordered)
    ]
    assert one_by_one == sanctions_for_neglects(dates, params=params)


@rule_settings
@given(
    dates=st.lists(model_dates, min_size=1, max_size=12, unique=True),
    params=parameters,
)
def test_isolated_neglect_is_a_reminder(dates: list[date], params: ModelParameters) -> None:
    """rule 7: a neglect with no other neglect inside the window before it is a reminder."""
    ordered = sorted(dates)
    window = params.sanction_repeat_window_months
    for index, sanction in enumerate(sanctions_for_neglects(ordered, params=params)):
        earlier = ordered[:index]
        if all(sanction.conduct_on >= add_months(day, window) for day in earlier):
            assert sanction.step == 1


@rule_settings
@given(met=st.booleans(), followed=st.booleans())
def test_benefit_amount_never_reduced(met: bool, followed: bool) -> None:
    """rule 10: the amount is never cut; following the plan fully protects the benefit."""
    effect = benefit_effect(met, followed)
    assert effect.amount_reduced is False
    assert effect.protected is (met and followed)


@rule_settings
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    months=st.integers(min_value=-240, max_value=240),
)
def test_add_months_lands_in_the_right_month(day: date, months: int) -> None:
    """rule 3: calendar-month steps land in the target month, never past the original day."""
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    if day.day <= 28:
        assert result.day == day.day
