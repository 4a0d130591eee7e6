//! Fees as dated data (FAQ, seed 000), in integer euro cents excluding VAT.
//!
//! VAT rounding rule, the only one in the product: VAT is computed per
//! invoice line on the amount excluding VAT, rounded half away from zero to
//! whole cents with integer arithmetic,
//! `vat = (|excl| * basis_points + 5000) / 10000`, carrying the sign of
//! `excl`. A credit line is therefore the exact negation of the line it
//! credits.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::ymd_const;

/// Amounts that apply from `year` until a later schedule replaces them.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeSchedule {
    pub year: i32,
    /// Paid to the certifying body (DNV): "De kosten van certificering
    /// bedragen € 300,- exclusief btw. Je betaalt dit bedrag rechtstreeks aan
    /// DNV."
    pub certification_fee_cents: i64,
    /// One-time registration of an external affiliate with Noloc: "eenmalig
    /// € 100,- exclusief btw".
    pub affiliate_registration_fee_cents: i64,
    /// Annual register fee for external affiliates: "De registerbijdrage voor
    /// 2023 is € 202,50 exclusief btw op jaarbasis ingaande na certificering."
    pub register_fee_cents: i64,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct VatRate {
    pub valid_from: NaiveDate,
    /// Hundredths of a percent: 2100 is 21%.
    pub basis_points: u32,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAmounts {
    pub excl_vat_cents: i64,
    pub vat_cents: i64,
    pub incl_vat_cents: i64,
}

/// The amounts the FAQ states, all for 2023 (the only year it names).
pub fn default_fee_schedules() -> Vec<FeeSchedule> {
    vec![FeeSchedule {
        year: 2023,
        certification_fee_cents: 30_000,
        affiliate_registration_fee_cents: 10_000,
        register_fee_cents: 20_250,
    }]
}

/// The Dutch standard rate, 21% since 1 October 2012. The seeds only say
/// "exclusief btw"; the rate is the statutory one.
pub fn default_vat_rates() -> Vec<VatRate> {
    const STANDARD_RATE_FROM: NaiveDate = ymd_const(2012, 10, 1);
    vec![VatRate {
        valid_from: STANDARD_RATE_FROM,
        basis_points: 2100,
    }]
}

/// The schedule in force in `year`: its own, or else the latest earlier one.
/// Returns the effective schedule (with `year` set to the requested year)
/// and the year its amounts come from; `None` before the first schedule.
pub fn schedule_for_year(schedules: &[FeeSchedule], year: i32) -> Option<(FeeSchedule, i32)> {
    schedules
        .iter()
        .filter(|s| s.year <= year)
        .max_by_key(|s| s.year)
        .map(|s| (FeeSchedule { year, ..*s }, s.year))
}

/// The rate in force on `date`: the one with the latest `valid_from` on or
/// before it.
pub fn vat_rate_on(rates: &[VatRate], date: NaiveDate) -> Option<VatRate> {
    rates
        .iter()
        .filter(|r| r.valid_from <= date)
        .max_by_key(|r| r.valid_from)
        .copied()
}

/// VAT of one invoice line, by the rounding rule in the module docs.
/// Saturates at the `i64` range rather than overflowing.
pub fn vat_cents(excl_cents: i64, basis_points: u32) -> i64 {
    let magnitude = (i128::from(excl_cents).abs() * i128::from(basis_points) + 5_000) / 10_000;
    let vat = if excl_cents < 0 {
        -magnitude
    } else {
        magnitude
    };
    i64::try_from(vat).unwrap_or(if vat < 0 { i64::MIN } else { i64::MAX })
}

pub fn line_amounts(excl_cents: i64, basis_points: u32) -> LineAmounts {
    let vat = vat_cents(excl_cents, basis_points);
    LineAmounts {
        excl_vat_cents: excl_cents,
        vat_cents: vat,
        incl_vat_cents: excl_cents.saturating_add(vat),
    }
}

/// Annual register fee (excl. VAT) for `year`. Noloc members pay nothing:
/// "Aan opname in het beroepsregister zijn voor Noloc-leden geen verdere
/// kosten verbonden." `None` when no schedule covers the year. The fee runs
/// from certification on; which years to bill is the caller's decision.
pub fn register_fee_due(is_member: bool, schedules: &[FeeSchedule], year: i32) -> Option<i64> {
    if is_member {
        return Some(0);
    }
    schedule_for_year(schedules, year).map(|(s, _)| s.register_fee_cents)
}

/// One-time affiliate registration (excl. VAT); members have a membership
/// number and need no affiliate number.
pub fn affiliate_registration_fee_due(
    is_member: bool,
    schedules: &[FeeSchedule],
    year: i32,
) -> Option<i64> {
    if is_member {
        return Some(0);
    }
    schedule_for_year(schedules, year).map(|(s, _)| s.affiliate_registration_fee_cents)
}

/// Certification fee (excl. VAT), the same for members and affiliates.
pub fn certification_fee_due(schedules: &[FeeSchedule], year: i32) -> Option<i64> {
    schedule_for_year(schedules, year).map(|(s, _)| s.certification_fee_cents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::ymd;

    /// 000: "De kosten van certificering bedragen € 300,- exclusief btw",
    /// "eenmalig € 100,- exclusief btw", "De registerbijdrage voor 2023 is
    /// € 202,50 exclusief btw".
    #[test]
    fn faq_amounts() {
        let schedules = default_fee_schedules();
        assert_eq!(
            schedules,
            [FeeSchedule {
                year: 2023,
                certification_fee_cents: 30_000,
                affiliate_registration_fee_cents: 10_000,
                register_fee_cents: 20_250,
            }]
        );
        assert_eq!(certification_fee_due(&schedules, 2023), Some(30_000));
    }

    /// A year without its own amounts uses the latest earlier schedule.
    #[test]
    fn schedule_for_year_falls_back_to_latest_earlier() {
        let mut schedules = default_fee_schedules();
        schedules.push(FeeSchedule {
            year: 2026,
            register_fee_cents: 21_000,
            ..schedules[0]
        });
        let cases = [
            (2022, None),
            (2023, Some((20_250, 2023))),
            (2025, Some((20_250, 2023))),
            (2026, Some((21_000, 2026))),
            (2030, Some((21_000, 2026))),
        ];
        for (year, expected) in cases {
            let found = schedule_for_year(&schedules, year);
            assert_eq!(
                found.map(|(s, from)| (s.register_fee_cents, from)),
                expected,
                "{year}"
            );
            if let Some((s, _)) = found {
                assert_eq!(s.year, year);
            }
        }
    }

    /// 000: "Aan opname in het beroepsregister zijn voor Noloc-leden geen
    /// verdere kosten verbonden. Externe aansluiters betalen een jaarlijks
    /// bedrag".
    #[test]
    fn members_pay_no_register_fee() {
        let schedules = default_fee_schedules();
        assert_eq!(register_fee_due(true, &schedules, 2024), Some(0));
        assert_eq!(register_fee_due(false, &schedules, 2024), Some(20_250));
        assert_eq!(register_fee_due(false, &schedules, 2022), None);
        assert_eq!(
            affiliate_registration_fee_due(true, &schedules, 2024),
            Some(0)
        );
        assert_eq!(
            affiliate_registration_fee_due(false, &schedules, 2024),
            Some(10_000)
        );
    }

    #[test]
    fn vat_rate_by_date() {
        let mut rates = default_vat_rates();
        assert_eq!(vat_rate_on(&rates, ymd(2012, 9, 30)), None);
        assert_eq!(
            vat_rate_on(&rates, ymd(2012, 10, 1)).map(|r| r.basis_points),
            Some(2100)
        );
        rates.push(VatRate {
            valid_from: ymd(2030, 1, 1),
            basis_points: 2200,
        });
        assert_eq!(
            vat_rate_on(&rates, ymd(2029, 12, 31)).map(|r| r.basis_points),
            Some(2100)
        );
        assert_eq!(
            vat_rate_on(&rates, ymd(2030, 1, 1)).map(|r| r.basis_points),
            Some(2200)
        );
    }

    /// Per line, half away from zero: 20250 * 21% = 4252.5 -> 4253.
    #[test]
    fn line_amounts_round_half_away_from_zero() {
        let cases = [
            (10_000, 2_100, 2_100, 12_100),
            (20_250, 2_100, 4_253, 24_503),
            (-20_250, 2_100, -4_253, -24_503),
            (30_000, 2_100, 6_300, 36_300),
            (1, 2_100, 0, 1),
            (3, 2_100, 1, 4),
            (-3, 2_100, -1, -4),
            (0, 2_100, 0, 0),
            (10_000, 0, 0, 10_000),
        ];
        for (excl, bp, vat, incl) in cases {
            assert_eq!(
                line_amounts(excl, bp),
                LineAmounts {
                    excl_vat_cents: excl,
                    vat_cents: vat,
                    incl_vat_cents: incl,
                },
                "{excl} at {bp}"
            );
        }
    }

    #[test]
    fn extreme_amounts_saturate() {
        assert_eq!(vat_cents(i64::MAX, u32::MAX), i64::MAX);
        assert_eq!(vat_cents(i64::MIN, u32::MAX), i64::MIN);
        assert_eq!(line_amounts(i64::MAX, 2100).incl_vat_cents, i64::MAX);
    }
}
