"""Table-driven tests of the customer-service model rules; ids cite the rule numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from marketplace.errors import ValidationFailed
from marketplace.service_model.rules import (
    DEFAULT_MONTHLY_APPLICATIONS,
    MODEL_START,
    AfterWorkRequirement,
    ApplicationKind,
    BenefitReason,
    BindingDecision,
    BindingReason,
    Channel,
    JobLossReason,
    MeetingKind,
    ModelParameters,
    NeglectKind,
    ObligationPeriod,
    Organizer,
    ReportedApplication,
    RuleInputError,
    RuleSet,
    SanctionKind,
    SchedulePhase,
    WeightyReason,
    add_months,
    adjust_obligation,
    allowed_initial_interview_channels,
    benefit_effect,
    counts_toward_obligation,
    earliest_job_loss,
    in_model,
    initial_interview_agreed_in_time,
    initial_interview_channel,
    initial_interview_deadline,
    is_working_day,
    job_offer_binding,
    joins_model_on,
    later_meeting_channel,
    meeting_organizers,
    meeting_schedule,
    next_plan_update_due,
    obligation_periods,
    obligation_status,
    offers_binding_from,
    plan_obligation_periods,
    plan_update_dates,
    repeat_dates,
    rules_for,
    sanction_for_job_loss,
    sanction_for_job_refusal,
    sanction_for_neglect,
    sanction_is_final,
    sanctions_for_neglects,
)

D = date
ALL_CHANNELS = frozenset(Channel)


# Calendar-month arithmetic that every dated rule relies on.


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        pytest.param(D(2022, 12, 15), 1, D(2023, 1, 15), id="months: year rolls over"),
        pytest.param(D(2023, 1, 31), 1, D(2023, 2, 28), id="months: clamp to February"),
        pytest.param(D(2024, 1, 31), 1, D(2024, 2, 29), id="months: clamp to leap February"),
        pytest.param(D(2024, 2, 29), 12, D(2025, 2, 28), id="months: leap day a year on"),
        pytest.param(D(2022, 3, 31), -1, D(2022, 2, 28), id="months: backwards with clamp"),
        pytest.param(D(2022, 5, 2), -13, D(2021, 4, 2), id="months: backwards over a year"),
        pytest.param(D(2022, 8, 31), 6, D(2023, 2, 28), id="months: six months from 31 August"),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


# Rule 1: who is in the model.


@pytest.mark.parametrize(
    ("registered_on", "last_periodic_interview", "expected"),
    [
        pytest.param(
            D(2022, 5, 2), None, D(2022, 5, 2), id="rule 1: registered 2 May 2022 -> in at once"
        ),
        pytest.param(
            D(2023, 9, 14), None, D(2023, 9, 14), id="rule 1: later registration -> in at once"
        ),
        pytest.param(
            D(2022, 5, 2),
            D(2022, 1, 1),
            D(2022, 5, 2),
            id="rule 1: new registrant's older interview date is irrelevant",
        ),
        pytest.param(
            D(2022, 5, 1),
            D(2022, 5, 4),
            D(2022, 8, 4),
            id="rule 1: registered 1 May 2022 -> joins three months after its interview",
        ),
        pytest.param(
            D(2021, 11, 1),
            D(2022, 3, 15),
            D(2022, 6, 15),
            id="rule 1: earlier customer joins three months after periodic interview",
        ),
        pytest.param(
            D(2021, 10, 4),
            D(2022, 2, 2),
            D(2022, 5, 2),
            id="rule 1: plan due exactly on the model start",
        ),
        pytest.param(
            D(2021, 1, 4),
            D(2021, 12, 1),
            D(2022, 5, 2),
            id="rule 1: plan already overdue -> joins on the model start",
        ),
        pytest.param(
            D(2020, 6, 1),
            D(2022, 3, 31),
            D(2022, 6, 30),
            id="rule 1: three months from 31 March clamps to 30 June",
        ),
    ],
)
def test_joins_model_on(
    registered_on: date, last_periodic_interview: date | None, expected: date
) -> None:
    assert joins_model_on(registered_on, last_periodic_interview) == expected


@pytest.mark.parametrize(
    ("registered_on", "last_periodic_interview"),
    [
        pytest.param(D(2022, 5, 1), None, id="rule 1: earlier customer needs the interview date"),
        pytest.param(
            D(2022, 3, 1), D(2022, 2, 1), id="rule 1: interview before registration is refused"
        ),
    ],
)
def test_joins_model_on_rejects_bad_input(
    registered_on: date, last_periodic_interview: date | None
) -> None:
    with pytest.raises(RuleInputError):
        joins_model_on(registered_on, last_periodic_interview)


def test_rule_input_error_renders_as_validation_failure() -> None:
    """rule 1: bad input surfaces as a 422 with the offending field named."""
    with pytest.raises(ValidationFailed) as caught:
        joins_model_on(D(2022, 4, 1))
    assert caught.value.status_code == 422
    assert "last_periodic_interview" in caught.value.fields


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(D(2022, 6, 14), False, id="rule 1: earlier customer, day before joining"),
        pytest.param(D(2022, 6, 15), True, id="rule 1: earlier customer, joining day"),
    ],
)
def test_in_model_for_earlier_customer(on: date, expected: bool) -> None:
    assert in_model(on, D(2021, 11, 1), D(2022, 3, 15)) is expected


# Rule 2: initial interview and channels.


@pytest.mark.parametrize(
    ("registered_on", "expected"),
    [
        pytest.param(D(2022, 5, 2), D(2022, 5, 7), id="rule 2: five calendar days from 2 May"),
        pytest.param(D(2022, 12, 29), D(2023, 1, 3), id="rule 2: deadline crosses the year"),
        pytest.param(D(2024, 2, 27), D(2024, 3, 3), id="rule 2: deadline over a leap day"),
    ],
)
def test_initial_interview_deadline(registered_on: date, expected: date) -> None:
    assert initial_interview_deadline(registered_on) == expected


def test_initial_interview_deadline_is_a_parameter() -> None:
    """rule 2: the number of days comes from ModelParameters."""
    params = ModelParameters(initial_interview_deadline_days=3)
    assert initial_interview_deadline(D(2022, 6, 1), params=params) == D(2022, 6, 4)


def test_initial_interview_deadline_refuses_earlier_customers() -> None:
    """rule 2: a registration on 1 May 2022 predates the model and has no initial interview."""
    with pytest.raises(RuleInputError):
        initial_interview_deadline(D(2022, 5, 1))


@pytest.mark.parametrize(
    ("agreed_on", "expected"),
    [
        pytest.param(D(2022, 6, 1), True, id="rule 2: agreed on the registration day"),
        pytest.param(D(2022, 6, 6), True, id="rule 2: agreed on day 5"),
        pytest.param(D(2022, 6, 7), False, id="rule 2: agreed on day 6 is late"),
    ],
)
def test_initial_interview_agreed_in_time(agreed_on: date, expected: bool) -> None:
    assert initial_interview_agreed_in_time(D(2022, 6, 1), agreed_on) is expected


def test_initial_interview_cannot_be_agreed_before_registration() -> None:
    """rule 2: an agreement dated before the registration is refused."""
    with pytest.raises(RuleInputError):
        initial_interview_agreed_in_time(D(2022, 6, 1), D(2022, 5, 31))


@pytest.mark.parametrize(
    ("reason", "laid_off", "preference", "allowed", "expected"),
    [
        pytest.param(
            None,
            False,
            None,
            {Channel.IN_PERSON},
            Channel.IN_PERSON,
            id="rule 2: no exception -> in person only",
        ),
        pytest.param(
            None,
            False,
            Channel.PHONE,
            {Channel.IN_PERSON},
            Channel.IN_PERSON,
            id="rule 2: a wish for phone alone is no weighty reason",
        ),
        pytest.param(
            WeightyReason.LONG_TRAVEL,
            False,
            None,
            ALL_CHANNELS,
            Channel.PHONE,
            id="rule 2: very long travel -> fallback channel",
        ),
        pytest.param(
            WeightyReason.CUSTOMER_WORKING,
            False,
            Channel.REMOTE,
            ALL_CHANNELS,
            Channel.REMOTE,
            id="rule 2: customer working, prefers remote -> remote",
        ),
        pytest.param(
            None,
            True,
            None,
            ALL_CHANNELS,
            Channel.PHONE,
            id="rule 2: laid off -> may be by phone",
        ),
        pytest.param(
            None,
            True,
            Channel.IN_PERSON,
            ALL_CHANNELS,
            Channel.IN_PERSON,
            id="rule 2: laid off but wants to come in person",
        ),
    ],
)
def test_initial_interview_channel(
    reason: WeightyReason | None,
    laid_off: bool,
    preference: Channel | None,
    allowed: set[Channel],
    expected: Channel,
) -> None:
    assert allowed_initial_interview_channels(reason, laid_off) == allowed
    assert initial_interview_channel(reason, laid_off, preference) is expected


def test_initial_interview_fallback_channel_is_a_parameter() -> None:
    """rule 2: the channel used under an exception is a parameter."""
    params = ModelParameters(initial_interview_fallback_channel=Channel.REMOTE)
    assert initial_interview_channel(WeightyReason.OTHER, False, params=params) is Channel.REMOTE


@pytest.mark.parametrize(
    ("preference", "available", "suitable", "expected"),
    [
        pytest.param(
            Channel.IN_PERSON,
            ALL_CHANNELS,
            {Channel.PHONE},
            Channel.IN_PERSON,
            id="rule 2: wish to meet face to face honoured when possible",
        ),
        pytest.param(
            Channel.IN_PERSON,
            {Channel.PHONE, Channel.REMOTE},
            None,
            Channel.REMOTE,
            id="rule 2: face to face impossible -> most suitable other channel",
        ),
        pytest.param(
            Channel.PHONE,
            ALL_CHANNELS,
            None,
            Channel.PHONE,
            id="rule 2: suitable phone wish honoured",
        ),
        pytest.param(
            Channel.PHONE,
            ALL_CHANNELS,
            {Channel.REMOTE, Channel.IN_PERSON},
            Channel.IN_PERSON,
            id="rule 2: unsuitable phone wish -> office's choice",
        ),
        pytest.param(
            None,
            {Channel.PHONE, Channel.REMOTE},
            None,
            Channel.REMOTE,
            id="rule 2: no wish -> first suitable in parameter order",
        ),
        pytest.param(None, {Channel.PHONE}, None, Channel.PHONE, id="rule 2: only phone available"),
    ],
)
def test_later_meeting_channel(
    preference: Channel | None,
    available: set[Channel],
    suitable: set[Channel] | None,
    expected: Channel,
) -> None:
    assert later_meeting_channel(preference, available, suitable) is expected


@pytest.mark.parametrize(
    ("available", "suitable"),
    [
        pytest.param(set(), None, id="rule 2: nothing available"),
        pytest.param({Channel.PHONE}, {Channel.REMOTE}, id="rule 2: suitable outside available"),
        pytest.param({Channel.PHONE}, set(), id="rule 2: empty suitable set"),
    ],
)
def test_later_meeting_channel_rejects_bad_sets(
    available: set[Channel], suitable: set[Channel] | None
) -> None:
    with pytest.raises(RuleInputError):
        later_meeting_channel(None, available, suitable)


# Rule 3: meeting schedule.

START = SchedulePhase.START
INTENSIVE = SchedulePhase.INTENSIVE
INTERIM = SchedulePhase.INTERIM

SCHEDULE_FROM_10_MAY_2022 = [
    (D(2022, 5, 10), SchedulePhase.INITIAL, "initial"),
    (D(2022, 5, 24), START, "2w-3m"),
    (D(2022, 6, 7), START, "2w-3m"),
    (D(2022, 6, 21), START, "2w-3m"),
    (D(2022, 7, 5), START, "2w-3m"),
    (D(2022, 7, 19), START, "2w-3m"),
    (D(2022, 8, 2), START, "2w-3m"),
    (D(2022, 11, 10), INTENSIVE, "6-7m"),
    (D(2022, 11, 24), INTENSIVE, "6-7m"),
    (D(2022, 12, 8), INTENSIVE, "6-7m"),
    (D(2023, 2, 10), INTERIM, "9m"),
    (D(2023, 5, 10), INTENSIVE, "12-13m"),
    (D(2023, 5, 24), INTENSIVE, "12-13m"),
    (D(2023, 6, 7), INTENSIVE, "12-13m"),
    (D(2023, 8, 10), INTERIM, "15m"),
    (D(2023, 11, 10), INTENSIVE, "18-19m"),
    (D(2023, 11, 24), INTENSIVE, "18-19m"),
    (D(2023, 12, 8), INTENSIVE, "18-19m"),
]


def test_meeting_schedule_first_nineteen_months() -> None:
    """rule 3: 6 talks, then 3 at 6-7 m, 1 at 9 m, 3 at 12-13 m, 1 at 15 m, 3 at 18-19 m."""
    schedule = meeting_schedule(D(2022, 5, 10), D(2023, 12, 31))
    assert [(m.on, m.phase, m.period_label) for m in schedule] == SCHEDULE_FROM_10_MAY_2022
    assert schedule[0].kind is MeetingKind.INITIAL_INTERVIEW
    assert {m.kind for m in schedule[1:]} == {MeetingKind.JOB_SEARCH_DISCUSSION}
    assert [m.number for m in schedule[7:10]] == [1, 2, 3]


@pytest.mark.parametrize(
    ("until", "count"),
    [
        pytest.param(D(2022, 5, 9), 0, id="rule 3: horizon before the interview -> nothing"),
        pytest.param(D(2022, 5, 10), 1, id="rule 3: horizon on the interview day -> interview"),
        pytest.param(D(2022, 5, 23), 1, id="rule 3: first talk is two weeks later"),
        pytest.param(D(2022, 11, 9), 7, id="rule 3: nothing between 3 and 6 months"),
        pytest.param(D(2022, 11, 24), 9, id="rule 3: horizon cuts an intensive period"),
        pytest.param(D(2024, 2, 10), 18, id="rule 3: 21 m interim on Sat 10.2.2024 moves on"),
        pytest.param(D(2024, 2, 12), 19, id="rule 3: cycle continues with 21 m interim Mon 12.2"),
    ],
)
def test_meeting_schedule_horizon(until: date, count: int) -> None:
    assert len(meeting_schedule(D(2022, 5, 10), until)) == count


def test_meeting_schedule_clamps_month_ends() -> None:
    """rule 3: blocks counted in calendar months from 31 August clamp to the month end."""
    nominal = ModelParameters(meetings_on_working_days=False)
    schedule = meeting_schedule(D(2023, 8, 31), D(2024, 9, 1), params=nominal)
    starts = [m.on for m in schedule if m.number == 1 and m.phase in (INTENSIVE, INTERIM)]
    assert starts == [D(2024, 2, 29), D(2024, 5, 31), D(2024, 8, 31)]


@pytest.mark.parametrize(
    ("interview", "label", "nominal", "proposed"),
    [
        pytest.param(
            D(2026, 12, 4), "9m", D(2027, 9, 4), D(2027, 9, 6), id="rule 3: 9 m on Sat -> Mon"
        ),
        pytest.param(
            D(2026, 7, 1), "6-7m", D(2027, 1, 1), D(2027, 1, 4), id="rule 3: New Year -> Mon"
        ),
        pytest.param(
            D(2026, 6, 24),
            "6-7m",
            D(2026, 12, 24),
            D(2026, 12, 28),
            id="rule 3: Christmas Eve Thu -> Mon 28.12",
        ),
        pytest.param(
            D(2026, 10, 3),
            "6-7m",
            D(2027, 4, 3),
            D(2027, 4, 5),
            id="rule 3: Sat after Easter -> Mon 5.4 (Easter Monday was 29.3)",
        ),
        pytest.param(
            D(2026, 9, 26),
            "6-7m",
            D(2027, 3, 26),
            D(2027, 3, 30),
            id="rule 3: Good Friday -> Tue after Easter Monday",
        ),
        pytest.param(
            D(2026, 12, 25),
            "6-7m",
            D(2027, 6, 25),
            D(2027, 6, 28),
            id="rule 3: Midsummer Eve -> Mon",
        ),
        pytest.param(
            D(2027, 6, 6),
            "6-7m",
            D(2027, 12, 6),
            D(2027, 12, 7),
            id="rule 3: Independence Day Mon -> Tue",
        ),
        pytest.param(
            D(2026, 11, 5),
            "6-7m",
            D(2027, 5, 5),
            D(2027, 5, 5),
            id="rule 3: a working day stays",
        ),
    ],
)
def test_rule_3_proposed_meetings_move_to_the_next_working_day(
    interview: date, label: str, nominal: date, proposed: date
) -> None:
    """rule 3: a meeting counted in months that falls on a weekend or a Finnish public holiday
    (from the `holidays` package) is proposed for the next working day."""
    plain = ModelParameters(meetings_on_working_days=False)
    until = add_months(interview, 10)
    first = next(
        m for m in meeting_schedule(interview, until, params=plain) if m.period_label == label
    )
    moved = next(m for m in meeting_schedule(interview, until) if m.period_label == label)
    assert (first.on, moved.on) == (nominal, proposed)
    assert is_working_day(moved.on)


def test_rule_3_discussion_on_new_years_day_moves() -> None:
    """rule 3: an interview on Friday 18.12.2026 puts the first discussion on New Year's Day;
    it is proposed for Monday 4.1.2027."""
    assert meeting_schedule(D(2026, 12, 18), D(2027, 1, 10))[1].on == D(2027, 1, 4)


def test_rule_3_two_week_discussions_skip_holidays_too() -> None:
    """rule 3: a discussion 14 days after an interview can land on Ascension Day; it moves."""
    # Interview Thursday 30.4.2026; two weeks on is Ascension Day, Thursday 14.5.2026.
    schedule = meeting_schedule(D(2026, 4, 30), D(2026, 6, 1))
    assert schedule[1].on == D(2026, 5, 15)
    assert schedule[2].on == D(2026, 5, 28)


def test_meeting_schedule_anchor_offset_is_a_parameter() -> None:
    """rule 3: the day a "month N" block starts can be shifted by a parameter."""
    params = ModelParameters(block_anchor_offset_days=7)
    schedule = meeting_schedule(D(2022, 5, 10), D(2023, 2, 28), params=params)
    later = [m.on for m in schedule if m.phase in (INTENSIVE, INTERIM)]
    assert later == [D(2022, 11, 17), D(2022, 12, 1), D(2022, 12, 15), D(2023, 2, 17)]


@pytest.mark.parametrize(
    ("municipal_trial", "kind", "params", "expected"),
    [
        pytest.param(
            False,
            MeetingKind.INITIAL_INTERVIEW,
            ModelParameters(),
            {Organizer.EMPLOYMENT_OFFICE_SPECIALIST},
            id="rule 3: office customer's initial interview by the specialist",
        ),
        pytest.param(
            True,
            MeetingKind.JOB_SEARCH_DISCUSSION,
            ModelParameters(),
            {Organizer.MUNICIPAL_PERSONAL_COACH, Organizer.PRIVATE_PROVIDER},
            id="rule 3: municipal trial talks by the coach or a bought service",
        ),
        pytest.param(
            True,
            MeetingKind.INITIAL_INTERVIEW,
            ModelParameters(private_provider_may_hold_initial_interview=True),
            {Organizer.MUNICIPAL_PERSONAL_COACH, Organizer.PRIVATE_PROVIDER},
            id="rule 3: parameter lets a provider hold the initial interview",
        ),
    ],
)
def test_meeting_organizers(
    municipal_trial: bool, kind: MeetingKind, params: ModelParameters, expected: set[Organizer]
) -> None:
    assert meeting_organizers(municipal_trial, kind, params=params) == expected


# Rule 4: employment plan.


@pytest.mark.parametrize(
    ("plan_start", "until", "interval", "expected"),
    [
        pytest.param(
            D(2022, 5, 10),
            D(2023, 5, 10),
            3,
            [D(2022, 8, 10), D(2022, 11, 10), D(2023, 2, 10), D(2023, 5, 10)],
            id="rule 4: every three months from the initial interview",
        ),
        pytest.param(
            D(2022, 11, 30),
            D(2023, 6, 1),
            3,
            [D(2023, 2, 28), D(2023, 5, 28)],
            id="rule 4: each due date counts from the previous one, never over 3 months",
        ),
        pytest.param(
            D(2022, 5, 10),
            D(2022, 8, 9),
            3,
            [],
            id="rule 4: none due before three months",
        ),
        pytest.param(
            D(2022, 5, 10),
            D(2022, 8, 10),
            1,
            [D(2022, 6, 10), D(2022, 7, 10), D(2022, 8, 10)],
            id="rule 4: more often when needed",
        ),
        pytest.param(
            joins_model_on(D(2021, 9, 1), D(2022, 3, 15)),
            D(2022, 12, 31),
            3,
            [D(2022, 9, 15), D(2022, 12, 15)],
            id="rule 4: earlier customer's plan cycle starts when joining",
        ),
    ],
)
def test_plan_update_dates(
    plan_start: date, until: date, interval: int, expected: list[date]
) -> None:
    assert plan_update_dates(plan_start, until, interval) == expected


@pytest.mark.parametrize("interval", [0, 4], ids=["rule 4: zero months", "rule 4: four months"])
def test_plan_update_interval_longer_than_three_months_refused(interval: int) -> None:
    with pytest.raises(RuleInputError):
        plan_update_dates(D(2022, 5, 10), D(2023, 5, 10), interval)


def test_next_plan_update_counts_from_an_early_update() -> None:
    """rule 4: after an early update the next one is due three months from it."""
    assert next_plan_update_due(D(2022, 6, 15)) == D(2022, 9, 15)


# Rule 5: job-search obligation.


@pytest.mark.parametrize(
    ("plan_start", "until", "expected"),
    [
        pytest.param(
            D(2022, 5, 10),
            D(2022, 7, 9),
            [(D(2022, 5, 10), D(2022, 6, 9)), (D(2022, 6, 10), D(2022, 7, 9))],
            id="rule 5: one-month periods from the plan start",
        ),
        pytest.param(
            D(2022, 5, 10),
            D(2022, 7, 10),
            [
                (D(2022, 5, 10), D(2022, 6, 9)),
                (D(2022, 6, 10), D(2022, 7, 9)),
                (D(2022, 7, 10), D(2022, 8, 9)),
            ],
            id="rule 5: a period starting on the horizon is included whole",
        ),
        pytest.param(
            D(2023, 1, 31),
            D(2023, 3, 31),
            [
                (D(2023, 1, 31), D(2023, 2, 27)),
                (D(2023, 2, 28), D(2023, 3, 30)),
                (D(2023, 3, 31), D(2023, 4, 29)),
            ],
            id="rule 5: month-end start stays contiguous",
        ),
    ],
)
def test_obligation_periods(
    plan_start: date, until: date, expected: list[tuple[date, date]]
) -> None:
    periods = obligation_periods(plan_start, until)
    assert [(p.start, p.end) for p in periods] == expected
    assert {p.required for p in periods} == {DEFAULT_MONTHLY_APPLICATIONS}


def test_three_month_plan_has_three_tasks_of_four() -> None:
    """rule 5: a three-month plan carries three monthly tasks, normally four each."""
    periods = plan_obligation_periods(D(2022, 5, 10))
    assert [(p.start, p.end, p.required) for p in periods] == [
        (D(2022, 5, 10), D(2022, 6, 9), 4),
        (D(2022, 6, 10), D(2022, 7, 9), 4),
        (D(2022, 7, 10), D(2022, 8, 9), 4),
    ]


def test_adjusted_obligation_flows_into_periods() -> None:
    """rule 5: an individually adjusted number is what each period requires."""
    obligation = adjust_obligation(2, "few vacancies in the field in the region")
    periods = plan_obligation_periods(D(2022, 5, 10), required=obligation.required)
    assert [p.required for p in periods] == [2, 2, 2]


@pytest.mark.parametrize(
    ("required", "reason", "expected_reason"),
    [
        pytest.param(4, None, None, id="rule 5: default needs no reason"),
        pytest.param(4, "  ", None, id="rule 5: blank reason is dropped"),
        pytest.param(2, "caring for a relative", "caring for a relative", id="rule 5: lowered"),
        pytest.param(6, " busy labour market ", "busy labour market", id="rule 5: raised"),
        pytest.param(0, "in full-time training", "in full-time training", id="rule 5: zero"),
    ],
)
def test_adjust_obligation_accepts(
    required: int, reason: str | None, expected_reason: str | None
) -> None:
    obligation = adjust_obligation(required, reason)
    assert (obligation.required, obligation.reason) == (required, expected_reason)


@pytest.mark.parametrize(
    ("required", "reason", "field"),
    [
        pytest.param(-1, "typo", "required", id="rule 5: negative refused"),
        pytest.param(2, None, "reason", id="rule 5: change without reason refused"),
        pytest.param(3, "   ", "reason", id="rule 5: blank reason refused"),
    ],
)
def test_adjust_obligation_refuses(required: int, reason: str | None, field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        adjust_obligation(required, reason)
    assert field in caught.value.fields


@pytest.mark.parametrize(
    ("kind", "realistic", "expected"),
    [
        pytest.param(ApplicationKind.APPLICATION, True, True, id="rule 5: application counts"),
        pytest.param(
            ApplicationKind.OPEN_APPLICATION, True, True, id="rule 5: open application counts"
        ),
        pytest.param(
            ApplicationKind.DIRECT_CONTACT, True, True, id="rule 5: direct employer contact counts"
        ),
        pytest.param(
            ApplicationKind.APPLICATION, False, False, id="rule 5: unrealistic job does not count"
        ),
    ],
)
def test_counts_toward_obligation(kind: ApplicationKind, realistic: bool, expected: bool) -> None:
    assert counts_toward_obligation(kind, realistic) is expected


PERIOD = ObligationPeriod(D(2022, 5, 10), D(2022, 6, 9), 4)


@pytest.mark.parametrize(
    ("reports", "expected"),
    [
        pytest.param([], (0, 4, False), id="rule 5: nothing reported"),
        pytest.param(
            [D(2022, 5, 9), D(2022, 5, 10), D(2022, 5, 20), D(2022, 6, 9), D(2022, 6, 10)],
            (3, 4, False),
            id="rule 5: only reports inside the period count",
        ),
        pytest.param(
            [D(2022, 5, 10), D(2022, 5, 11), D(2022, 5, 12), D(2022, 6, 9)],
            (4, 4, True),
            id="rule 5: four in the period meets the default",
        ),
        pytest.param(
            [
                ReportedApplication(D(2022, 5, 11), ApplicationKind.APPLICATION),
                ReportedApplication(D(2022, 5, 12), ApplicationKind.OPEN_APPLICATION),
                ReportedApplication(D(2022, 5, 13), ApplicationKind.DIRECT_CONTACT),
                ReportedApplication(D(2022, 5, 14), ApplicationKind.APPLICATION, realistic=False),
            ],
            (3, 4, False),
            id="rule 5: unrealistic report is not counted",
        ),
    ],
)
def test_obligation_status(
    reports: list[date | ReportedApplication], expected: tuple[int, int, bool]
) -> None:
    assert obligation_status(PERIOD, reports) == expected


# Rule 6: job offers.


@pytest.mark.parametrize(
    ("offer_date", "reported", "required", "part_time", "binding", "reason"),
    [
        pytest.param(
            D(2022, 11, 9),
            0,
            4,
            False,
            False,
            BindingReason.FIRST_SIX_MONTHS,
            id="rule 6: day before six months -> not binding",
        ),
        pytest.param(
            D(2022, 11, 10),
            0,
            4,
            False,
            True,
            BindingReason.BINDING,
            id="rule 6: on the six-month day -> binding",
        ),
        pytest.param(
            D(2022, 11, 11),
            3,
            4,
            False,
            True,
            BindingReason.BINDING,
            id="rule 6: day after six months, obligation short -> binding",
        ),
        pytest.param(
            D(2022, 11, 11),
            4,
            4,
            False,
            False,
            BindingReason.OBLIGATION_ALREADY_MET,
            id="rule 6: agreed number already reported -> not binding",
        ),
        pytest.param(
            D(2023, 3, 1),
            6,
            4,
            False,
            False,
            BindingReason.OBLIGATION_ALREADY_MET,
            id="rule 6: more than agreed reported -> not binding",
        ),
        pytest.param(
            D(2023, 3, 1),
            0,
            4,
            True,
            False,
            BindingReason.PART_TIME_WORK,
            id="rule 6: part-time work -> never binding",
        ),
        pytest.param(
            D(2022, 6, 1),
            0,
            4,
            True,
            False,
            BindingReason.PART_TIME_WORK,
            id="rule 6: part-time work reported ahead of the six months",
        ),
        pytest.param(
            D(2023, 3, 1),
            0,
            0,
            False,
            False,
            BindingReason.NO_OBLIGATION,
            id="rule 6: zero obligation, no report -> agreed number reached, not binding",
        ),
        pytest.param(
            D(2023, 3, 1),
            1,
            0,
            False,
            False,
            BindingReason.NO_OBLIGATION,
            id="rule 6: zero obligation with a report -> not binding",
        ),
    ],
)
def test_job_offer_binding(
    offer_date: date,
    reported: int,
    required: int,
    part_time: bool,
    binding: bool,
    reason: BindingReason,
) -> None:
    decision = job_offer_binding(D(2022, 5, 10), offer_date, reported, required, part_time)
    assert (decision.binding, decision.reason) == (binding, reason)


def test_zero_obligation_exemption_is_a_parameter() -> None:
    """rule 6: with the other reading switched on, a zero obligation needs one report."""
    params = ModelParameters(offer_exemption_needs_report=True)
    none = job_offer_binding(D(2022, 5, 10), D(2023, 3, 1), 0, 0, False, params=params)
    one = job_offer_binding(D(2022, 5, 10), D(2023, 3, 1), 1, 0, False, params=params)
    assert (none.binding, none.reason) == (True, BindingReason.BINDING)
    assert (one.binding, one.reason) == (False, BindingReason.OBLIGATION_ALREADY_MET)


@pytest.mark.parametrize(
    ("offer_date", "expected"),
    [
        pytest.param(
            D(2021, 10, 1), None, id="rule 1/6: offer 1.10.2021 before joining -> refused"
        ),
        pytest.param(
            D(2022, 5, 10), None, id="rule 1/6: offer 10.5.2022 before joining -> refused"
        ),
        pytest.param(D(2022, 6, 14), None, id="rule 1/6: the day before joining -> refused"),
        pytest.param(D(2022, 6, 15), True, id="rule 1/6: the joining day -> new rules, binding"),
    ],
)
def test_rule_1_offer_before_joining_is_not_judged_by_the_new_rules(
    offer_date: date, expected: bool | None
) -> None:
    """rules 1 and 6: registered 1.9.2021, periodic interview 15.3.2022, joins 15.6.2022."""
    joined = joins_model_on(D(2021, 9, 1), D(2022, 3, 15))
    assert joined == D(2022, 6, 15)
    if expected is None:
        with pytest.raises(RuleInputError) as error:
            job_offer_binding(D(2021, 9, 1), offer_date, 0, 4, False, in_model_from=joined)
        assert error.value.fields == {"offer_date": str(error.value.fields["offer_date"])}
        return
    decision = job_offer_binding(D(2021, 9, 1), offer_date, 0, 4, False, in_model_from=joined)
    assert decision.binding is expected


def test_offers_binding_from_clamps_month_end() -> None:
    """rule 6: six months from 31 August 2022 is 28 February 2023."""
    assert offers_binding_from(D(2022, 8, 31)) == D(2023, 2, 28)


def test_job_offer_binding_refuses_negative_counts() -> None:
    """rule 6: negative application counts are refused."""
    with pytest.raises(RuleInputError):
        job_offer_binding(D(2022, 5, 10), D(2023, 1, 1), -1, 4, False)


# Rule 7: neglect sanction ladder.


@pytest.mark.parametrize(
    ("before", "on", "params", "kind", "days", "weeks", "step"),
    [
        pytest.param(
            [], D(2022, 6, 1), None, SanctionKind.REMINDER, None, None, 1,
            id="rule 7: first neglect -> reminder",
        ),
        pytest.param(
            [D(2022, 6, 1)], D(2023, 5, 1), None, SanctionKind.WAITING_PERIOD, 5, None, 2,
            id="rule 7: second neglect 11 months later -> 5-day waiting period",
        ),
        pytest.param(
            [D(2022, 6, 1)], D(2023, 7, 1), None, SanctionKind.REMINDER, None, None, 1,
            id="rule 7: neglect 13 months later starts again -> reminder",
        ),
        pytest.param(
            [D(2022, 6, 1)], D(2023, 5, 31), None, SanctionKind.WAITING_PERIOD, 5, None, 2,
            id="rule 7: day before twelve months still a repeat",
        ),
        pytest.param(
            [D(2022, 6, 1)], D(2023, 6, 1), None, SanctionKind.REMINDER, None, None, 1,
            id="rule 7: exactly twelve months later no longer a repeat",
        ),
        pytest.param(
            [D(2022, 6, 1), D(2022, 7, 1)], D(2022, 8, 1), None,
            SanctionKind.WAITING_PERIOD, 10, None, 3,
            id="rule 7: third neglect -> 10-day waiting period",
        ),
        pytest.param(
            [D(2022, 6, 1), D(2022, 7, 1), D(2022, 8, 1)], D(2022, 9, 1), None,
            SanctionKind.WORK_REQUIREMENT, None, 12, 4,
            id="rule 7: fourth neglect -> 12-week work requirement",
        ),
        pytest.param(
            [D(2022, 6, 1), D(2022, 7, 1), D(2022, 8, 1), D(2022, 9, 1)], D(2022, 10, 1), None,
            SanctionKind.WORK_REQUIREMENT, None, 12, 4,
            id="rule 7: fifth neglect stays at the work requirement",
        ),
        pytest.param(
            [D(2022, 6, 1), D(2022, 7, 1), D(2022, 8, 1), D(2022, 9, 1)], D(2022, 10, 1),
            ModelParameters(after_work_requirement=AfterWorkRequirement.RESTART),
            SanctionKind.REMINDER, None, None, 1,
            id="rule 7: with restart the fifth neglect is a reminder",
        ),
        pytest.param(
            [D(2022, 6, 1)], D(2023, 7, 1),
            ModelParameters(sanction_repeat_window_months=24),
            SanctionKind.WAITING_PERIOD, 5, None, 2,
            id="rule 7: window is a parameter; 13 months counts under 24",
        ),
        pytest.param(
            [D(2022, 6, 1)], D(2022, 6, 1), None, SanctionKind.WAITING_PERIOD, 5, None, 2,
            id="rule 7: two neglects on one day are two steps",
        ),
        pytest.param(
            [D(2022, 4, 20)], D(2022, 5, 10), None, SanctionKind.REMINDER, None, None, 1,
            id="rule 7: neglect before the model start is not a repeat by default",
        ),
        pytest.param(
            [D(2022, 4, 20)], D(2022, 5, 10),
            ModelParameters(count_pre_model_neglects=True),
            SanctionKind.WAITING_PERIOD, 5, None, 2,
            id="rule 7: parameter counts neglects before the model start",
        ),
    ],
)  # fmt: skip
def test_sanction_for_neglect(
    before: list[date],
    on: date,
    params: ModelParameters | None,
    kind: SanctionKind,
    days: int | None,
    weeks: int | None,
    step: int,
) -> None:
    sanction = sanction_for_neglect(before, on, params=params or ModelParameters())
    assert (sanction.kind, sanction.days, sanction.weeks, sanction.step) == (
        kind,
        days,
        weeks,
        step,
    )
    assert sanction.conduct_on == on
    assert sanction.counts_as_repeat is True
    assert sanction.rules is RuleSet.NEW


def test_sanction_for_neglect_records_what_was_neglected() -> None:
    """rule 7: a missed meeting climbs the same ladder as a missed obligation."""
    sanction = sanction_for_neglect([D(2022, 6, 1)], D(2022, 7, 1), NeglectKind.MEETING)
    assert (sanction.step, sanction.neglect_kind) == (2, NeglectKind.MEETING)


@pytest.mark.parametrize(
    ("before", "on"),
    [
        pytest.param([], D(2022, 5, 1), id="rule 7: neglect before the model start refused"),
        pytest.param([D(2022, 7, 2)], D(2022, 7, 1), id="rule 7: earlier list dated later"),
    ],
)
def test_sanction_for_neglect_refuses(before: list[date], on: date) -> None:
    with pytest.raises(RuleInputError):
        sanction_for_neglect(before, on)


def test_sanctions_for_neglects_slides_the_window() -> None:
    """rule 7: a repeat falls out of the count when twelve months have passed."""
    sanctions = sanctions_for_neglects([D(2023, 7, 1), D(2022, 6, 1), D(2022, 9, 1)])
    assert [(s.conduct_on, s.step) for s in sanctions] == [
        (D(2022, 6, 1), 1),
        (D(2022, 9, 1), 2),
        (D(2023, 7, 1), 2),
    ]


def test_sanctions_for_neglects_skips_pre_model_dates() -> None:
    """rule 7: only neglects from the model start get a sanction here."""
    sanctions = sanctions_for_neglects([D(2022, 4, 1), D(2022, 6, 1)])
    assert [(s.conduct_on, s.step) for s in sanctions] == [(D(2022, 6, 1), 1)]


# Rules 8 and 9: job loss, and the transition.


@pytest.mark.parametrize(
    ("event_date", "reason", "job_max_days", "days", "rules"),
    [
        pytest.param(
            D(2022, 6, 1), JobLossReason.RESIGNED_WITHOUT_VALID_REASON, None, 45, RuleSet.NEW,
            id="rule 8: resigned without valid reason -> 45 days",
        ),
        pytest.param(
            D(2022, 6, 1), JobLossReason.OWN_CONDUCT, 200, 45, RuleSet.NEW,
            id="rule 8: dismissed for own conduct -> 45 days",
        ),
        pytest.param(
            D(2022, 6, 1), JobLossReason.RESIGNED_WITHOUT_VALID_REASON, 5, 30, RuleSet.NEW,
            id="rule 8: five-day job -> 30 days",
        ),
        pytest.param(
            D(2022, 6, 1), JobLossReason.OWN_CONDUCT, 6, 45, RuleSet.NEW,
            id="rule 8: six-day job -> 45 days",
        ),
        pytest.param(
            D(2022, 6, 1), JobLossReason.OWN_CONDUCT, 1, 30, RuleSet.NEW,
            id="rule 8: one-day job -> 30 days",
        ),
        pytest.param(
            D(2022, 5, 1), JobLossReason.RESIGNED_WITHOUT_VALID_REASON, None, 90, RuleSet.OLD,
            id="rule 9: resigned on 1 May 2022 -> old 90 days",
        ),
        pytest.param(
            D(2022, 5, 2), JobLossReason.RESIGNED_WITHOUT_VALID_REASON, None, 45, RuleSet.NEW,
            id="rule 9: resigned on 2 May 2022 -> new 45 days",
        ),
        pytest.param(
            D(2022, 4, 29), JobLossReason.OWN_CONDUCT, 5, 30, RuleSet.OLD,
            id="rule 9: short job under the old rules -> 30 days",
        ),
    ],
)  # fmt: skip
def test_sanction_for_job_loss(
    event_date: date, reason: JobLossReason, job_max_days: int | None, days: int, rules: RuleSet
) -> None:
    sanction = sanction_for_job_loss(event_date, reason, job_max_days)
    assert sanction.kind is SanctionKind.WAITING_PERIOD
    assert (sanction.days, sanction.rules, sanction.job_loss_reason) == (days, rules, reason)
    assert sanction.step is None
    assert sanction.counts_as_repeat is False


def test_old_short_job_days_is_a_parameter() -> None:
    """rule 9: the old-rules length for a short job is a parameter."""
    params = ModelParameters(old_rules_short_job_days=90)
    sanction = sanction_for_job_loss(D(2022, 4, 1), JobLossReason.OWN_CONDUCT, 3, params=params)
    assert sanction.days == 90


def test_job_loss_refuses_non_positive_length() -> None:
    """rule 8: a job that would have lasted zero days is refused."""
    with pytest.raises(RuleInputError):
        sanction_for_job_loss(D(2022, 6, 1), JobLossReason.OWN_CONDUCT, 0)


def test_job_loss_is_not_a_neglect_repeat() -> None:
    """rule 8: job losses between neglects leave the ladder where it was."""
    history = [
        sanction_for_neglect([], D(2022, 6, 1)),
        sanction_for_job_loss(D(2022, 7, 1), JobLossReason.RESIGNED_WITHOUT_VALID_REASON),
        sanction_for_job_loss(D(2022, 8, 1), JobLossReason.OWN_CONDUCT, 3),
    ]
    assert repeat_dates(history) == [D(2022, 6, 1)]
    assert sanction_for_neglect(repeat_dates(history), D(2022, 9, 1)).step == 2


@pytest.mark.parametrize(
    ("conduct_on", "expected"),
    [
        pytest.param(D(2022, 5, 1), RuleSet.OLD, id="rule 9: 1 May 2022 under old rules"),
        pytest.param(MODEL_START, RuleSet.NEW, id="rule 9: 2 May 2022 under new rules"),
    ],
)
def test_rules_for(conduct_on: date, expected: RuleSet) -> None:
    assert rules_for(conduct_on) is expected


# Rule 10: following the plan protects the benefit.


@pytest.mark.parametrize(
    ("met", "followed", "protected", "reason"),
    [
        pytest.param(True, True, True, BenefitReason.PLAN_FOLLOWED, id="rule 10: plan followed"),
        pytest.param(
            False,
            True,
            False,
            BenefitReason.SANCTION_LADDER_APPLIES,
            id="rule 10: obligation missed",
        ),
        pytest.param(
            True,
            False,
            False,
            BenefitReason.SANCTION_LADDER_APPLIES,
            id="rule 10: plan not followed",
        ),
        pytest.param(
            False, False, False, BenefitReason.SANCTION_LADDER_APPLIES, id="rule 10: neither"
        ),
    ],
)
def test_benefit_effect(met: bool, followed: bool, protected: bool, reason: BenefitReason) -> None:
    effect = benefit_effect(met, followed)
    assert (effect.protected, effect.reason) == (protected, reason)
    # Unlike the activation model, the amount is never cut, job found or not.
    assert effect.amount_reduced is False


# Parameters.


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"initial_interview_deadline_days": -1}, id="params: negative deadline"),
        pytest.param(
            {"initial_interview_fallback_channel": Channel.IN_PERSON},
            id="params: fallback cannot be in person",
        ),
        pytest.param(
            {"later_meeting_channel_order": (Channel.PHONE, Channel.PHONE, Channel.REMOTE)},
            id="params: channel order must list every channel",
        ),
        pytest.param({"block_anchor_offset_days": 31}, id="params: anchor offset too large"),
        pytest.param({"sanction_repeat_window_months": 0}, id="params: empty repeat window"),
        pytest.param({"old_rules_short_job_days": -5}, id="params: negative old short-job days"),
    ],
)
def test_model_parameters_refuse_nonsense(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ModelParameters(**kwargs)


# Rule 7: the neglect's number keeps counting; sanctions become final.


def test_rule_7_fifth_neglect_is_numbered_fifth() -> None:
    """rule 7: the ladder stops at the work requirement, but the fifth neglect is still the
    fifth (the page must not call it the fourth)."""
    days = [D(2023, 1, 2), D(2023, 2, 2), D(2023, 3, 2), D(2023, 4, 2), D(2023, 5, 2)]
    ladder = sanctions_for_neglects(days)
    assert [(s.step, s.number) for s in ladder] == [(1, 1), (2, 2), (3, 3), (4, 4), (4, 5)]
    assert ladder[-1].kind is SanctionKind.WORK_REQUIREMENT


def test_rule_7_restart_counts_again_from_one() -> None:
    """rule 7: with the restart reading, the neglect after a work requirement is number 1."""
    params = ModelParameters(after_work_requirement=AfterWorkRequirement.RESTART)
    days = [D(2023, 1, 2), D(2023, 2, 2), D(2023, 3, 2), D(2023, 4, 2), D(2023, 5, 2)]
    assert [s.number for s in sanctions_for_neglects(days, params=params)] == [1, 2, 3, 4, 1]


@pytest.mark.parametrize(
    ("today", "final"),
    [
        pytest.param(D(2026, 12, 1), False, id="rule 7: decided today -> not final"),
        pytest.param(D(2027, 1, 6), False, id="rule 7: 36 days after the decision -> not final"),
        pytest.param(D(2027, 1, 7), True, id="rule 7: 37 days after the decision -> final"),
    ],
)
def test_rule_7_sanction_is_final(today: date, final: bool) -> None:
    assert sanction_is_final(D(2026, 12, 1), today) is final


# Rule 8: refusing a binding job offer.

BINDING = BindingDecision(True, BindingReason.BINDING)


@pytest.mark.parametrize(
    ("job_max_days", "days"),
    [
        pytest.param(1, 30, id="rule 8: refused job of 1 day -> 30 days"),
        pytest.param(5, 30, id="rule 8: refused job of 5 days -> 30 days"),
        pytest.param(6, 45, id="rule 8: refused job of 6 days -> 45 days"),
        pytest.param(None, 45, id="rule 8: refused open-ended job -> 45 days"),
    ],
)
def test_rule_8_sanction_for_job_refusal(job_max_days: int | None, days: int) -> None:
    sanction = sanction_for_job_refusal(D(2023, 3, 10), BINDING, D(2023, 3, 1), job_max_days)
    assert (sanction.kind, sanction.days, sanction.rules) == (
        SanctionKind.WAITING_PERIOD,
        days,
        RuleSet.NEW,
    )
    assert sanction.job_refused and not sanction.counts_as_repeat
    assert sanction.step is None and sanction.number is None


def test_rule_8_refusal_is_not_a_neglect_repeat() -> None:
    """rule 8: refusing a certain job does not count when judging repeated neglects."""
    refusal = sanction_for_job_refusal(D(2023, 3, 10), BINDING, D(2023, 3, 1))
    reminder = sanction_for_neglect([], D(2023, 3, 1))
    assert repeat_dates([reminder, refusal]) == [D(2023, 3, 1)]
    assert sanction_for_neglect(repeat_dates([reminder, refusal]), D(2023, 4, 1)).step == 2


@pytest.mark.parametrize(
    ("decision", "refused_on", "job_max_days", "field"),
    [
        pytest.param(
            BindingDecision(False, BindingReason.FIRST_SIX_MONTHS),
            D(2023, 3, 10),
            None,
            "offer",
            id="rule 8: refusal of an offer that did not bind -> refused",
        ),
        pytest.param(
            BindingDecision(False, BindingReason.PART_TIME_WORK),
            D(2023, 3, 10),
            None,
            "offer",
            id="rule 8: part-time worker's refusal -> refused",
        ),
        pytest.param(
            BINDING, D(2023, 2, 28), None, "refused_on", id="rule 8: refused before offered"
        ),
        pytest.param(BINDING, D(2023, 3, 10), 0, "job_max_days", id="rule 8: a job of 0 days"),
    ],
)
def test_rule_8_sanction_for_job_refusal_refuses(
    decision: BindingDecision, refused_on: date, job_max_days: int | None, field: str
) -> None:
    with pytest.raises(RuleInputError) as error:
        sanction_for_job_refusal(refused_on, decision, D(2023, 3, 1), job_max_days)
    assert field in error.value.fields


def test_rule_8_refusal_length_is_a_parameter() -> None:
    """rule 8: the length for a longer job is a documented parameter."""
    params = ModelParameters(job_refusal_days=60)
    assert sanction_for_job_refusal(D(2023, 3, 1), BINDING, D(2023, 3, 1), params=params).days == 60


# Rule 11: plausible dates.


@pytest.mark.parametrize(
    ("registered_on", "earliest"),
    [
        pytest.param(
            D(2026, 6, 1), D(2026, 3, 3), id="rule 11: job loss 90 days before registering"
        ),
        pytest.param(D(2003, 2, 1), D(2003, 1, 1), id="rule 11: never before 1.1.2003"),
    ],
)
def test_rule_11_earliest_job_loss(registered_on: date, earliest: date) -> None:
    assert earliest_job_loss(registered_on) == earliest
